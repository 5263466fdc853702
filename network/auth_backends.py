"""The sign-in backends, loading each request's member with their profile: every page a
member sees shows their picture or initials in the header, which was one more query."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from network.compiled import CompiledInstance


class WithProfile:
    def get_user(self, user_id):
        try:
            user = _USER_WITH_PROFILE.get(pk=int(user_id))
        except (TypeError, ValueError, OverflowError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None


class PasswordBackend(WithProfile, ModelBackend):
    """Django's: the admin's and tests' sign-ins."""


class AccountBackend(WithProfile, AuthenticationBackend):
    """allauth's: sign-in by email or handle."""


# Asked on every page a member opens: compiled once (network.compiled).
_USER_WITH_PROFILE = CompiledInstance(get_user_model(), "profile", pk=-1)
