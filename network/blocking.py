"""Blocking: a member stops hearing from another. The blocked member's posts fold for
the blocker (``templates/forums/posts.jinja`` reads ``Profile.blocked_member_ids``),
and nothing the blocked member does tells the blocker anything
(:func:`blockers_among`, which ``network.notifications`` asks for every notification
it writes). The blocked member is not told, and can still read what the blocker writes:
a block is a member's own quiet, not a sanction (that is what moderators are for)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from network.models import MemberBlock, Profile


class BlockRefused(Exception):
    pass


def refusal(blocker, blocked) -> str:
    """Why ``blocker`` may not block ``blocked``, or "": not themselves, and not the
    site's staff, whose notices about moderation and the site must reach everyone."""
    if blocker.pk == blocked.pk:
        return _("You cannot block yourself.")
    if blocked.is_staff:
        return _("Staff accounts cannot be blocked. If one troubles you, write to the moderators.")
    return ""


def may_block(blocker, blocked) -> bool:
    return not refusal(blocker, blocked)


@transaction.atomic
def block(blocker, blocked) -> MemberBlock:
    reason = refusal(blocker, blocked)
    if reason:
        raise BlockRefused(reason)
    row, _ = MemberBlock.objects.get_or_create(blocker=blocker, blocked=blocked)
    _keep_ids(blocker)
    return row


@transaction.atomic
def unblock(blocker, blocked) -> None:
    MemberBlock.objects.filter(blocker=blocker, blocked=blocked).delete()
    _keep_ids(blocker)


def _keep_ids(blocker) -> None:
    """The blocker's profile's copy of whom they block, from the rows (so it heals itself),
    on the profile in hand too: the page after shows it."""
    ids = sorted(MemberBlock.objects.filter(blocker=blocker).values_list("blocked_id", flat=True))
    Profile.objects.filter(user=blocker).update(blocked_member_ids=ids)
    profile = getattr(blocker, "profile", None)
    if profile is not None:
        profile.blocked_member_ids = ids


def blockers_among(actor_id: int | None, user_ids: Iterable[int]) -> set[int]:
    """Of ``user_ids``, the members who blocked ``actor_id``: they are not told of what
    the actor did."""
    user_ids = list(user_ids)
    if actor_id is None or not user_ids:
        return set()
    return set(
        MemberBlock.objects.filter(blocked_id=actor_id, blocker_id__in=user_ids).values_list(
            "blocker_id", flat=True
        )
    )


def blocked_members(blocker):
    """Whom ``blocker`` blocked, newest first, with their profiles: the account page's list."""
    return (
        MemberBlock.objects.filter(blocker=blocker)
        .select_related("blocked__profile")
        .order_by("-created_at", "-pk")
    )
