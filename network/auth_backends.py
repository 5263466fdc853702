"""The sign-in backends, loading each request's member with their profile: every page a
member sees shows their picture or initials in the header, which was one more query."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from network.compiled import CompiledQuery, ModelColumns
from network.models import Profile


class WithProfile:
    def get_user(self, user_id):
        try:
            row = next(_USER_WITH_PROFILE.rows(pk=int(user_id)), None)
        except (TypeError, ValueError, OverflowError):
            return None
        if row is None:
            return None
        user = _USER.instance(row)
        if row[len(_USER.names)] is not None:
            user.profile = _PROFILE.instance(row, len(_USER.names))
        return user if self.user_can_authenticate(user) else None


# Asked on every page a member opens: compiled once (network.compiled).
_USER = ModelColumns(get_user_model())
_PROFILE = ModelColumns(Profile, via="profile__")
_USER_WITH_PROFILE = CompiledQuery(
    lambda pk: (
        get_user_model().objects.filter(pk=pk).values_list(*_USER.lookups, *_PROFILE.lookups)
    ),
    pk=-1,
)


class PasswordBackend(WithProfile, ModelBackend):
    """Django's: the admin's and tests' sign-ins."""


class AccountBackend(WithProfile, AuthenticationBackend):
    """allauth's: sign-in by email or handle."""
