"""A member's forum activity on their profile (``network.profile_parts``): how many
posts they wrote and their latest threads and replies, and all of them a page at a time
(:func:`activity_page`), as far as the viewer may read them (``Thread.objects.visible_to``,
the one rule of who may read a thread)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from forums.models import Post, Thread
from forums.pagination import Cursor
from network.profile_parts import ProfilePart, register

SHOWN = 5
PER_PAGE = 25
THREADS, REPLIES = "threads", "replies"


def _their_threads(member, viewer):
    """The threads ``member`` started whose opening post ``viewer`` may read."""
    return Thread.objects.visible_to(viewer).filter(
        author=member, posts__seq=0, posts__is_deleted=False, posts__is_hidden=False
    )


def _their_posts(member, viewer):
    """The posts ``member`` wrote that ``viewer`` may read, neither deleted nor hidden."""
    return Post.objects.visible_to(viewer).filter(author=member, is_deleted=False, is_hidden=False)


@dataclass
class ActivityPage:
    kind: str
    items: list
    older: Cursor | None


def activity_page(member, viewer, kind: str, before: Cursor | None) -> ActivityPage:
    """A page of ``member``'s threads or replies (``kind``), newest first, from a cursor:
    the same two queries however far back."""
    if kind == THREADS:
        found = _their_threads(member, viewer).select_related("forum")
    else:
        found = (
            _their_posts(member, viewer)
            .filter(seq__gt=0)
            .select_related("thread__forum")
            .only("pk", "created_at", "thread__title", "thread__forum__name")
        )
    if before is not None:
        found = found.filter(
            Q(created_at__lt=before.last_post_at)
            | Q(created_at=before.last_post_at, pk__lt=before.pk)
        )
    items = list(found.order_by("-created_at", "-pk")[: PER_PAGE + 1])
    older = None
    if len(items) > PER_PAGE:
        items = items[:PER_PAGE]
        older = Cursor(items[-1].created_at, items[-1].pk)
    return ActivityPage(kind, items, older)


class ForumActivity(ProfilePart):
    template_name = "forums/includes/profile_activity.html"

    def context(self, member, viewer) -> dict | None:
        posts = _their_posts(member, viewer)
        threads = list(
            _their_threads(member, viewer)
            .select_related("forum")
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        replies = list(
            posts.filter(seq__gt=0)
            .select_related("thread__forum")
            .only("pk", "created_at", "thread__title", "thread__forum__name")
            .order_by("-created_at", "-pk")[:SHOWN]
        )
        return {
            "post_count": posts.count(),
            "threads": threads,
            "replies": replies,
            "member": member,
            "more_threads": len(threads) == SHOWN,
            "more_replies": len(replies) == SHOWN,
        }


register(ForumActivity())
