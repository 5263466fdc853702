"""Read-only queries for forum pages: listings with unread marks, a thread's page of
posts, and where a member's first unread post is. Each costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from forums import access
from forums.models import Category, Forum, ForumRead, Post, Thread, ThreadRead
from forums.models.discussion import ListedThread, ShownPost, ThreadQuerySet, root_positions
from forums.models.reading import read_horizon
from forums.models.structure import IndexedForum, IndexedPost
from network.compiled import CompiledInstance, CompiledQuery, ModelColumns
from network.models import ListedMember

THREADS_PER_PAGE = 25
PINNED_AT_MOST = 10  # pinned threads the first page's one query allows for


def categories_with_forums(user) -> list[Category]:
    """Categories, each with ``indexed_forums``: its forums as the index shows them, with
    their counts and last post, from one query's rows (building them as models, five a
    forum, was half the index's time)."""
    categories = [_CATEGORY.instance(row) for row in _CATEGORIES.rows()]
    forums: dict[int, list[IndexedForum]] = {category.pk: [] for category in categories}
    for row in _INDEXED_FORUMS.rows():
        forum = IndexedForum.from_row(row)
        if access.concerns(forum):
            forum.last_post = _last_readable_post(forum, user)
        forums.setdefault(forum.category_id, []).append(forum)
    for category in categories:
        category.indexed_forums = forums[category.pk]
    return categories


def _last_readable_post(forum: IndexedForum, user) -> IndexedPost | None:
    """The last post the index names for a forum whose threads follow a rule of their
    own: the forum's last post may be in a thread ``user`` may not read."""
    if user.is_authenticated:
        row = _last_posts(forum.pk, user).first()
    else:
        row = next(_LAST_POST_FOR_VISITORS.rows(forum_id=forum.pk), None)
    return None if row is None else IndexedPost(*row)


def _last_posts(forum_id: int, user):
    return (
        Thread.objects.filter(forum_id=forum_id, last_post__isnull=False)
        .visible_to(user)
        .order_by("-last_post_at", "-pk")
        .values_list(*IndexedPost.COLUMNS)[:1]
    )


_CATEGORY = ModelColumns(Category)
_CATEGORIES = CompiledQuery(
    lambda: Category.objects.order_by("order").values_list(*_CATEGORY.lookups)
)
_INDEXED_FORUMS = CompiledQuery(
    lambda: Forum.objects.order_by("order", "name").values_list(*IndexedForum.COLUMNS)
)
# Building its rule (forums.access) cost more than the rest of a visitor's index.
_LAST_POST_FOR_VISITORS = CompiledQuery(
    lambda forum_id: _last_posts(forum_id, AnonymousUser()), forum_id=-1
)


def unread_thread_ids(
    user, threads: list[ListedThread], forum_marked_at: datetime | None
) -> set[int]:
    """Threads with posts newer than what ``user`` has read, or marked read with their
    forum (at ``forum_marked_at``), counting anything older than the read horizon as
    read."""
    if not user.is_authenticated or not threads:
        return set()
    reads = dict(
        ThreadRead.objects.filter(user=user, thread__in=[t.pk for t in threads]).values_list(
            "thread_id", "last_read_at"
        )
    )
    horizon = read_horizon()
    unread = set()
    for thread in threads:
        seen = max(d for d in (horizon, reads.get(thread.pk), forum_marked_at) if d)
        if thread.last_post_at > seen:
            unread.add(thread.pk)
    return unread


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
MAX_PK = 2**63 - 1


@dataclass
class Cursor:
    """A place in a forum's list of threads, by last activity: keyset pagination, so
    page 100 costs what page 1 does (no growing OFFSET). Encoded as whole microseconds
    since the epoch and the thread's id, in integers: exact, whatever the date."""

    last_post_at: datetime
    pk: int

    def encode(self) -> str:
        return f"{(self.last_post_at - EPOCH) // MICROSECOND}.{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        """The cursor in ``value``, or None for anything else: an address someone typed
        or trimmed shows the first page rather than an error."""
        try:
            micros, pk = (value or "").split(".")
            moment = EPOCH + timedelta(microseconds=int(micros))
            pk = int(pk)
        except (ValueError, OverflowError):
            return None
        return cls(moment, pk) if 0 < pk <= MAX_PK else None


@dataclass
class ThreadPage:
    pinned: list[ListedThread]
    threads: list[ListedThread]
    older: Cursor | None
    newer: Cursor | None


def forum_threads(
    forum: Forum, user, *, before: Cursor | None, after: Cursor | None, tag: str | None
) -> ThreadPage:
    """Threads of ``forum`` that ``user`` may read, by last activity, one page at a time
    from a cursor, with the forum's pinned threads above the first page. Every page
    costs the same however deep it is (the first, one query more when a forum pins more
    than ``PINNED_AT_MOST``)."""
    members: dict[int, ListedMember] = {}

    def listed(rows) -> list[ListedThread]:
        return [ListedThread.from_row(row, forum, members) for row in rows]

    # An untagged forum whose threads follow no rule of their own (forums.access) is
    # read by the compiled queries; a tag, or threads that do (article discussions),
    # through the ORM, with the rule.
    compiled = not tag and not access.concerns(forum)

    def listing():
        threads = Thread.objects.filter(forum=forum)
        if tag:
            threads = threads.filter(tags__slug=tag)
        if access.concerns(forum):
            threads = threads.visible_to(user)
        return threads.for_listing()

    if after:
        rows = listed(
            NEWER_PAGE.rows(forum_id=forum.pk, last_post_at=after.last_post_at, pk=after.pk)
            if compiled
            else _newer(listing(), after.last_post_at, after.pk)
        )
        if len(rows) <= THREADS_PER_PAGE:
            # Back at the top: that is the first page, pinned threads and all (the
            # newest threads are not always a page's worth once others have moved).
            return forum_threads(forum, user, before=None, after=None, tag=tag)
        threads = list(reversed(rows[:THREADS_PER_PAGE]))
        return ThreadPage([], threads, older=_cursor(threads[-1]), newer=_cursor(threads[0]))
    pinned = []
    if before:
        rows = listed(
            OLDER_PAGE.rows(forum_id=forum.pk, last_post_at=before.last_post_at, pk=before.pk)
            if compiled
            else _older(listing(), before.last_post_at, before.pk)
        )
    else:
        # The first page: pinned threads, then the latest, in one walk of the listing
        # index, unless the forum pins more than a page's worth.
        rows = listed(FIRST_PAGE.rows(forum_id=forum.pk) if compiled else _first(listing()))
        pinned = [thread for thread in rows if thread.pinned]
        if len(pinned) < PINNED_AT_MOST:
            rows = rows[len(pinned) :]
        else:
            pinned = listed(listing().filter(pinned=True).order_by("-last_post_at", "-pk"))
            rows = listed(
                listing()
                .filter(pinned=False)
                .order_by("-last_post_at", "-pk")[: THREADS_PER_PAGE + 1]
            )
    threads = rows[:THREADS_PER_PAGE]
    return ThreadPage(
        pinned,
        threads,
        older=_cursor(threads[-1]) if len(rows) > THREADS_PER_PAGE else None,
        newer=_cursor(threads[0]) if before and threads else None,
    )


def _first(threads: ThreadQuerySet) -> ThreadQuerySet:
    return threads.order_by("-pinned", "-last_post_at", "-pk")[
        : PINNED_AT_MOST + THREADS_PER_PAGE + 1
    ]


def _older(threads: ThreadQuerySet, last_post_at: datetime, pk: int) -> ThreadQuerySet:
    return (
        threads.filter(pinned=False)
        .filter(Q(last_post_at__lt=last_post_at) | Q(last_post_at=last_post_at, pk__lt=pk))
        .order_by("-last_post_at", "-pk")[: THREADS_PER_PAGE + 1]
    )


def _newer(threads: ThreadQuerySet, last_post_at: datetime, pk: int) -> ThreadQuerySet:
    return (
        threads.filter(pinned=False)
        .filter(Q(last_post_at__gt=last_post_at) | Q(last_post_at=last_post_at, pk__gt=pk))
        .order_by("last_post_at", "pk")[: THREADS_PER_PAGE + 1]
    )


# An untagged forum's pages, the queries nearly every forum page runs: compiled once.
_LISTING_STAND_INS = {"forum_id": -1, "last_post_at": datetime(1900, 1, 1, tzinfo=UTC), "pk": -2}
FIRST_PAGE = CompiledQuery(
    lambda forum_id: _first(Thread.objects.filter(forum_id=forum_id).for_listing()),
    forum_id=-1,
)
OLDER_PAGE = CompiledQuery(
    lambda forum_id, last_post_at, pk: _older(
        Thread.objects.filter(forum_id=forum_id).for_listing(), last_post_at, pk
    ),
    **_LISTING_STAND_INS,
)
NEWER_PAGE = CompiledQuery(
    lambda forum_id, last_post_at, pk: _newer(
        Thread.objects.filter(forum_id=forum_id).for_listing(), last_post_at, pk
    ),
    **_LISTING_STAND_INS,
)


def _cursor(thread: ListedThread) -> Cursor:
    return Cursor(thread.last_post_at, thread.pk)


def thread_with_forum(pk: int) -> Thread | None:
    """The thread ``pk`` with its forum, or None: every thread page asks."""
    if not 0 < pk <= MAX_PK:  # an address's number past what a prepared query takes
        return None
    return _THREAD_WITH_FORUM.get(pk=pk)


_THREAD_WITH_FORUM = CompiledInstance(Thread, "forum", pk=-1)
_THREAD_PAGE = CompiledQuery(
    lambda thread_id, first, last: (
        Post.objects.filter(thread_id=thread_id, root_position__gte=first, root_position__lte=last)
        .for_display()
        .in_tree_order()
    ),
    thread_id=-1,
    first=2_000_000_001,
    last=2_000_000_002,
)


def thread_posts(thread: Thread, page_number: int) -> list[ShownPost]:
    """One page of a thread in tree order, with authors and profiles: one query. Each
    reply's parent is the post object on the same page (a reply is always on its
    parent's page, but for top-level replies after page 1, whose parent is the opening
    post: they never ask for it)."""
    first, last = root_positions(page_number)
    rows = _THREAD_PAGE.rows(thread_id=thread.pk, first=first, last=last)
    members: dict[int, ListedMember] = {}
    posts = [ShownPost.from_row(row, members) for row in rows]
    on_page = {post.pk: post for post in posts}
    for post in posts:
        post.thread = thread
        post.parent = on_page.get(post.parent_id)
    return posts


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap, shown as "…"
    current: bool = False


@dataclass(frozen=True)
class Pages:
    """Where a reader is in a thread's pages, and the pages its pagination names: the
    first, the last, two either side of this one, and a gap for the rest. Worked out
    here once, not in a template loop over every page (a 40-page thread made that loop
    a good part of the page's time)."""

    number: int
    count: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def links(self) -> list[PageLink]:
        near = range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)
        links, shown = [], 0
        for number in sorted({1, self.count, *near}):
            if number - shown > 1:
                links.append(PageLink(None))
            links.append(PageLink(number, current=number == self.number))
            shown = number
        return links


def first_unread_post(user, thread: Thread) -> Post | None:
    if not user.is_authenticated:
        return None
    read = (
        ThreadRead.objects.filter(user=user, thread=thread)
        .values_list("last_read_at", flat=True)
        .first()
    )
    mark = (
        ForumRead.objects.filter(user=user, forum_id=thread.forum_id)
        .values_list("marked_at", flat=True)
        .first()
    )
    seen = max(d for d in (read_horizon(), read, mark) if d)
    return Post.objects.filter(thread=thread, created_at__gt=seen).order_by("seq").first()
