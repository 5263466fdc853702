"""The sign-in backends, loading each request's member with their profile: every page a
member sees shows their picture or initials in the header, which was one more query."""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class WithProfile:
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = _with_profile().get(pk=int(user_id))
        except (TypeError, ValueError, OverflowError, User.DoesNotExist):
            return None
        return user if self.user_can_authenticate(user) else None


class PasswordBackend(WithProfile, ModelBackend):
    """Django's: the admin's and tests' sign-ins."""


class AccountBackend(WithProfile, AuthenticationBackend):
    """allauth's: sign-in by email or handle."""


@functools.cache
def _with_profile():
    """Built once per process and copied by every member's request (``get()`` copies
    it): building it cost as much as the rest of the query."""
    return get_user_model()._default_manager.select_related("profile")
