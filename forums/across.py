"""Threads across every forum (issue #15): **Latest**, every thread the reader may see by
last activity; **Unread**, the threads with posts a member has not read; **New**, the
threads started lately that a member has not opened yet. Each is paged with the same
keyset cursor as a forum page (``forums.pagination.Cursor``) and costs the same queries
however many threads there are and however deep the page: the threads (one query, who
may read them decided by ``Thread.objects.visible_to``, the one rule), their forums, and
for a member what they read of them.

What counts as read is what a forum page says (``forums.reading.unread_thread_ids``):
a thread is read up to when the member last opened it, or when they marked its forum
read, and anything last active before the read horizon is read. "New" is what was started
since the member's last visit (``Profile.previous_visit_at``, ``network.members.
note_visit``: a visit ends after an hour away), by someone else, never opened nor marked
read; within the horizon, and never before they joined.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery

from forums.models import Forum, ForumRead, Thread, ThreadRead
from forums.models.reading import read_horizon
from forums.pagination import Cursor
from forums.reading import ListedThread, unread_thread_ids
from network.members import Members
from network.templatetags.network_tags import Moments

LATEST, UNREAD, NEW = "latest", "unread", "new"
LISTS = (LATEST, UNREAD, NEW)
# The lists only a member has: a visitor has read nothing.
MEMBERS_LISTS = (UNREAD, NEW)


@dataclass
class AcrossPage:
    threads: list[ListedThread]
    older: Cursor | None
    newer: Cursor | None
    unread: set[int]


def _read_at(user):
    return ThreadRead.objects.filter(user=user, thread=OuterRef("pk")).values("last_read_at")[:1]


def _marked_at(user):
    return ForumRead.objects.filter(user=user, forum=OuterRef("forum_id")).values("marked_at")[:1]


def unread_threads(threads, user):
    """``threads`` with posts ``user`` has not read."""
    return (
        threads.filter(last_post_at__gt=read_horizon())
        .annotate(read_at=Subquery(_read_at(user)), marked_at=Subquery(_marked_at(user)))
        .filter(Q(read_at__isnull=True) | Q(last_post_at__gt=F("read_at")))
        .filter(Q(marked_at__isnull=True) | Q(last_post_at__gt=F("marked_at")))
    )


def new_threads(threads, user):
    """``threads`` started by others since ``user``'s last visit that they have never
    opened (their profile comes with them: no query)."""
    joined = user.date_joined
    since = max(read_horizon(), joined, user.profile.previous_visit_at or joined)
    return (
        threads.filter(created_at__gt=since)
        .exclude(author=user)
        .annotate(marked_at=Subquery(_marked_at(user)))
        .filter(~Exists(ThreadRead.objects.filter(user=user, thread=OuterRef("pk"))))
        .filter(Q(marked_at__isnull=True) | Q(created_at__gt=F("marked_at")))
    )


def threads_across(
    which: str,
    user,
    *,
    before: Cursor | None = None,
    after: Cursor | None = None,
    tag: str | None = None,
    category: str | None = None,
) -> AcrossPage:
    """One page of the list ``which`` (``LISTS``) for ``user``, newest activity first,
    from a cursor; by ``tag`` and ``category`` (slugs) when given."""
    size = settings.FORUM_THREADS_PER_PAGE
    threads = Thread.objects.visible_to(user)
    if tag:
        threads = threads.filter(tags__slug=tag)
    if category:
        threads = threads.filter(forum__category__slug=category)
    if which == UNREAD:
        threads = unread_threads(threads, user)
    elif which == NEW:
        threads = new_threads(threads, user)
    rows = threads.for_listing()

    has_newer = False
    if after:
        found = list(rows.newer_than(after.last_post_at, after.pk, size, pinned_apart=False))
        if len(found) > size:
            return _page(user, list(reversed(found[:size])), has_older=True, has_newer=True)
        before = None  # back at the top: the first page
    if before:
        found = list(rows.older_than(before.last_post_at, before.pk, size, pinned_apart=False))
        has_newer = True
    else:
        found = list(rows.order_by("-last_post_at", "-pk")[: size + 1])
    return _page(user, found[:size], has_older=len(found) > size, has_newer=has_newer)


def _page(user, found: list[dict], *, has_older: bool, has_newer: bool) -> AcrossPage:
    forums = Forum.objects.select_related("category").in_bulk(
        {values["forum_id"] for values in found}
    )
    members, moments = Members(user), Moments()
    shown = [
        ListedThread(dict(values), forums[values["forum_id"]], members, moments) for values in found
    ]
    return AcrossPage(
        shown,
        older=Cursor(shown[-1].last_post_at, shown[-1].pk) if has_older and shown else None,
        newer=Cursor(shown[0].last_post_at, shown[0].pk) if has_newer and shown else None,
        unread=unread_among(user, shown),
    )


def unread_among(user, threads: list[ListedThread]) -> set[int]:
    """Which of ``threads`` have posts ``user`` has not read: each forum may have been
    marked read on its own day (``forums.reading.unread_thread_ids``, the one rule)."""
    if not user.is_authenticated or not threads:
        return set()
    marks = dict(
        ForumRead.objects.filter(user=user, forum__in={t.forum_id for t in threads}).values_list(
            "forum_id", "marked_at"
        )
    )
    return unread_thread_ids(user, threads, marks)
