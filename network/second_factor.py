"""Who must sign in with a second factor before reaching the admin and the moderation
pages, and which pages those are.

Staff, superusers and members of ``SECOND_FACTOR_GROUPS`` (Editors, Moderators) are
known here. Who moderates a forum is the forums' to say, and ``network`` may not import
them: ``forums`` registers its rule (:func:`register_duty`) and its moderation views
(:func:`guard_views`) when it starts (``forums.apps``). The middleware
(``network.middleware.SecondFactorMiddleware``) asks :func:`is_guarded` on every request,
which costs nothing, and :func:`lacks_required_second_factor` only on guarded pages, in
one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import ResolverMatch

# What counts as a second factor: an authenticator app or a passkey. Recovery codes only
# stand in for one of them.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

_duties: list[Callable[[int], Q]] = []
_guarded_views: set[str] = set()


def register_duty(condition: Callable[[int], Q]) -> None:
    """``condition(user_id)`` is a ``Q`` on the user model true when that member holds a
    duty that needs a second factor (a forum's moderator). It must stand on its own
    (``Exists`` of rows naming ``user_id``), so that one query can carry every duty."""
    if condition not in _duties:
        _duties.append(condition)


def guard_views(view_names: Iterable[str]) -> None:
    """Pages (``"namespace:url_name"``) reached only with a second factor by whoever holds
    a duty, besides the admin (``ADMIN_URL_PREFIXES``)."""
    _guarded_views.update(view_names)


def is_guarded(path: str, match: ResolverMatch | None) -> bool:
    if path.startswith(settings.ADMIN_URL_PREFIXES):
        return True
    return match is not None and match.view_name in _guarded_views


def _duty(user_id: int) -> Q:
    duty = Q(is_staff=True) | Q(is_superuser=True)
    duty |= Q(
        Exists(
            get_user_model().groups.through.objects.filter(
                user_id=user_id, group__name__in=settings.SECOND_FACTOR_GROUPS
            )
        )
    )
    for condition in _duties:
        duty |= condition(user_id)
    return duty


def lacks_required_second_factor(user) -> bool:
    """Whether signed-in ``user`` holds a duty (staff, an editor, a moderator of any kind)
    and has neither an authenticator app nor a passkey: one query."""
    if not user.is_authenticated:
        return False
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            has_duty=ExpressionWrapper(_duty(user.pk), output_field=BooleanField()),
            has_second_factor=Exists(
                Authenticator.objects.filter(user_id=OuterRef("pk"), type__in=SECOND_FACTORS)
            ),
        )
        .values_list("has_duty", "has_second_factor")
        .first()
    )
    if row is None:
        return False
    has_duty, has_second_factor = row
    return bool(has_duty) and not has_second_factor
