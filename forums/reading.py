"""The read side of the forums: what the index, a forum's page and a thread's page show,
each in a fixed number of queries, and the light rows those pages are made of.

The queries are QuerySet methods on the models (``Forum.objects.for_index()``,
``Thread.objects.for_listing()``, ``Post.objects.for_display().for_thread_page()``),
which name the fields a page shows and give them as ``values()`` dicts. The rows here
take those dicts as they are, by name, and add what a template prints that is not a
column, worked out once in Python: the members they name (one object per member per
page, with whether the reader may follow their name to their profile), addresses,
moments in words, and the parent of a reply.
Building them as model instances (a thread, its last post, a User and a Profile for each
member named) was a third of a forum page's time.

To show one more thing on a thread row: name the field in ``for_listing()`` and print
it in ``templates/forums/thread_rows.jinja``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import ngettext

from forums import access, actions, kept, reacting
from forums.models import Category, Forum, ForumRead, Post, Thread, ThreadRead
from forums.models.discussion import MAX_DEPTH
from forums.models.reading import read_horizon
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from forums.pagination import MAX_PK, Cursor, Pages, requested_place
from forums.permissions import Standing, can_edit_post, can_react, standing
from network.members import Members
from network.templatetags.network_tags import Moments

PINNED_AT_MOST = 10  # pinned threads the first page's one query allows for


# The querysets the busiest pages start from, built once per process and copied by each
# page (``filter()`` and ``all()`` copy; these are never run themselves, which would keep
# their rows): naming a listing's fields and joins took 0.3 ms of every forum page, as
# long as the rest of building its query.
@functools.cache
def _listed_threads():
    return Thread.objects.for_listing()


@functools.cache
def _threads_with_forum():
    return Thread.objects.select_related("forum")


@functools.cache
def _shown_posts():
    return Post.objects.for_display()


@functools.cache
def _indexed_forums():
    return Forum.objects.for_index()


class Row:
    """A row of a page: the fields its query names, as attributes, and what it adds."""

    def __init__(self, values: dict):
        self.__dict__ = values

    @property
    def pk(self) -> int:
        return self.id


class Written(Row):
    """A row with an ``author`` (a ListedMember, or None for a former member)."""

    @property
    def author_id(self) -> int | None:
        return self.author.pk if self.author else None


class ListedPost(Written):
    """A thread's last post as a listing names it: who wrote it, and where it is."""

    def __init__(self, pk: int, author):
        super().__init__({"id": pk, "author": author})
        self.url = self.get_absolute_url()

    get_absolute_url = Post.get_absolute_url


class ListedThread(Written):
    """A thread as a forum page lists it (``Thread.objects.for_listing()``). Its address
    and tags follow Thread's own rules."""

    def __init__(self, values: dict, forum, members: Members, moments: Moments):
        super().__init__(values)
        self.author = members.take(values, "author__")
        last_author = members.take(values, "last_post__author__")
        last_post_id = self.last_post_id
        self.last_post = None if last_post_id is None else ListedPost(last_post_id, last_author)
        self.forum = forum
        # What the row prints, worked out here: a template's calls cost ten times these.
        self.url = self.get_absolute_url()
        self.created_ago = moments.ago(self.created_at)
        self.created_iso = moments.iso(self.created_at)
        self.last_post_ago = moments.ago(self.last_post_at)
        self.last_post_iso = moments.iso(self.last_post_at)
        self.replies_word = _replies(moments.language, self.reply_count)

    tag_list = Thread.tag_list
    get_absolute_url = Thread.get_absolute_url
    get_first_unread_url = Thread.get_first_unread_url


class ShownPost(Written):
    """A post as a thread page shows it (``Post.objects.for_display()``). What it is
    and where it lives follow Post's own rules. ``thread`` and ``parent`` are linked by
    :func:`thread_page`, which also says whether the reader ``can_edit`` it, and which
    reactions of theirs it has (``reacted``); :func:`thread_posts` says whether they
    ``may_react`` to it."""

    def __init__(self, values: dict, members: Members, moments: Moments):
        super().__init__(values)
        self.author = members.take(values, "author__")
        self.thread = self.parent = None
        self.can_edit = self.may_react = False
        self.reacted: frozenset[str] = frozenset()
        # What the post prints, worked out here: a template's calls cost ten times these.
        self.url = self.get_absolute_url()
        self.created_ago = moments.ago(self.created_at)
        self.created_iso = moments.iso(self.created_at)
        self.edited_ago = moments.ago(self.edited_at)
        self.reaction_total = (
            self.agree_count
            + self.thanks_count
            + self.insightful_count
            + self.solidarity_count
            + self.laugh_count
        )

    get_absolute_url = Post.get_absolute_url
    is_opening = Post.is_opening
    is_by_the_site = Post.is_by_the_site
    page_number = Post.page_number
    replies_flat = Post.replies_flat


class IndexedPost(Row):
    """A forum's last post as the index names it: where, when, in which thread, by whom
    (``author_name`` None: a former member, or the site when ``by_the_site``: the opening
    post of an article's discussion, in the forum that holds them)."""

    def __init__(
        self,
        pk,
        created_at,
        thread_title,
        author_id,
        author_name,
        seq,
        moments: Moments,
        *,
        in_article_discussions: bool,
    ):
        super().__init__(
            {
                "id": pk,
                "created_at": created_at,
                "created_ago": moments.ago(created_at),
                "created_iso": moments.iso(created_at),
                "thread_title": thread_title,
                # A former member's name is empty (network.leaving.deleting).
                "author_name": author_name if author_id is not None and author_name else None,
                # As Post.is_by_the_site says it.
                "by_the_site": author_id is None and seq == 0 and in_article_discussions,
            }
        )
        self.url = self.get_absolute_url()

    get_absolute_url = Post.get_absolute_url


class IndexedForum(Row):
    """A forum as the index shows it (``Forum.objects.for_index()``), with its last
    post or None. Its address and who may read it follow Forum's own rules."""

    Visibility = Forum.Visibility

    def __init__(self, values: dict, moments: Moments):
        super().__init__(values)
        for key in ("category__name", "category__slug", "category__description"):
            values.pop(key, None)
        last_post = [
            values.pop(key)
            for key in (
                "last_post_id",
                "last_post__created_at",
                "last_post__thread__title",
                "last_post__author_id",
                "last_post__author__profile__display_name",
                "last_post__seq",
            )
        ]
        self.last_post = (
            None
            if last_post[0] is None
            else IndexedPost(
                *last_post, moments, in_article_discussions=self.holds_article_discussions
            )
        )
        self.url = self.get_absolute_url()

    get_absolute_url = Forum.get_absolute_url
    holds_article_discussions = Forum.holds_article_discussions
    is_public = Forum.is_public
    is_visible_to = Forum.is_visible_to


def categories_with_forums(user) -> list[Category]:
    """The categories that hold forums, in order, each with ``indexed_forums``: its
    forums as the index shows them to ``user``, with their counts and last post. One
    query, and one more for each forum with posts whose threads follow a rule of their
    own."""
    categories: dict[int, Category] = {}
    moments = Moments()
    for values in _indexed_forums().all():
        category = categories.get(values["category_id"])
        if category is None:
            category = categories[values["category_id"]] = Category(
                pk=values["category_id"],
                name=values.pop("category__name"),
                slug=values.pop("category__slug"),
                description=values.pop("category__description"),
            )
            category.indexed_forums = []
        forum = IndexedForum(values, moments)
        # A forum without posts has none the reader may read: no query to say so.
        if forum.last_post is not None and access.concerns(forum):
            forum.last_post = _last_readable_post(forum, user, moments)
        category.indexed_forums.append(forum)
    return list(categories.values())


@dataclass
class IndexLayout:
    """How the index lays out the forums for one reader (issue #14: a first visit on a
    phone). A member's own region comes first (``home``), and the other regional forums
    are a compact list in their category (``compact``); a visitor reads the forums open to
    them first, and the members-only ones are named on one line (``members_only``)."""

    home: IndexedForum | None = None
    categories: list = field(default_factory=list)
    members_only: list[IndexedForum] = field(default_factory=list)


def index_layout(categories: list[Category], user, home_region_id: int | None) -> IndexLayout:
    """``categories`` (:func:`categories_with_forums`) laid out for ``user``: each category
    kept has ``rows`` (forums shown whole) and ``compact`` (named in a short list)."""
    layout = IndexLayout()
    for category in categories:
        rows, compact = [], []
        for forum in category.indexed_forums:
            if not user.is_authenticated and not forum.is_visible_to(user):
                layout.members_only.append(forum)
            elif home_region_id is not None and forum.region_id == home_region_id:
                layout.home = forum
            elif user.is_authenticated and forum.region_id is not None:
                compact.append(forum)
            else:
                rows.append(forum)
        if rows or compact:
            category.rows, category.compact = rows, compact
            layout.categories.append(category)
    return layout


def _last_readable_post(forum: IndexedForum, user, moments: Moments) -> IndexedPost | None:
    """The last post the index names for a forum whose threads follow a rule of their
    own: the forum's last post may be in a thread ``user`` may not read."""
    threads = _last_posts_visitors_read() if not user.is_authenticated else _last_posts(user)
    row = threads.filter(forum_id=forum.pk).first()
    if row is None:
        return None
    return IndexedPost(*row, moments, in_article_discussions=forum.holds_article_discussions)


def _last_posts(user):
    return (
        Thread.objects.filter(last_post__isnull=False)
        .visible_to(user)
        .order_by("-last_post_at", "-pk")
        .values_list(
            "last_post_id",
            "last_post__created_at",
            "title",
            "last_post__author_id",
            "last_post__author__profile__display_name",
            "last_post__seq",
        )
    )


@functools.cache
def _last_posts_visitors_read():
    return _last_posts(AnonymousUser())


def unread_thread_ids(
    user, threads: list[ListedThread], forum_marked_at: datetime | dict | None
) -> set[int]:
    """Threads with posts newer than what ``user`` has read, or marked read with their
    forum (at ``forum_marked_at``: one moment for a forum's page, or a forum id → moment
    dict for a list across forums), counting anything older than the read horizon as
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
        marked = (
            forum_marked_at.get(thread.forum_id)
            if isinstance(forum_marked_at, dict)
            else forum_marked_at
        )
        seen = max(d for d in (horizon, reads.get(thread.pk), marked) if d)
        if thread.last_post_at > seen:
            unread.add(thread.pk)
    return unread


@functools.lru_cache(maxsize=1024)
def _replies(language: str | None, count: int) -> str:
    """ "reply" or "replies" after ``count``, in the active language (which ``language``
    names, to remember each apart)."""
    return ngettext("reply", "replies", count)


@dataclass
class ForumPage:
    pinned: list[ListedThread]
    threads: list[ListedThread]
    older: Cursor | None
    newer: Cursor | None

    @property
    def shown(self) -> list[ListedThread]:
        return self.pinned + self.threads


def forum_threads(
    forum: Forum, user, *, before: Cursor | None, after: Cursor | None, tag: str | None
) -> ForumPage:
    """Threads of ``forum`` that ``user`` may read, by last activity, one page at a time
    from a cursor, with the forum's pinned threads above the first page. Every page
    costs the same however deep it is (the first, one query more when a forum pins more
    than ``PINNED_AT_MOST``). Rows are made of the threads shown only.

    In a forum whose threads follow no rule of their own, every reader allowed in reads
    the same rows: they are kept (:mod:`forums.kept`, under the forum's counts and
    generations) and only the rows' words and links are made for each reader."""
    if access.concerns(forum):
        rows = _page_rows(forum, user, before, after, tag)
    else:
        rows = kept.for_everyone(
            "forum-rows",
            kept.forum_list_key(forum, before, after, tag),
            [kept.forum_generation(forum.pk)],
            lambda: _page_rows(forum, user, before, after, tag),
        )
    pinned_rows, shown_rows, has_older, has_newer = rows
    members, moments = Members(user), Moments()
    pinned, shown = (
        [ListedThread(dict(values), forum, members, moments) for values in found]
        for found in (pinned_rows, shown_rows)
    )
    return ForumPage(
        pinned,
        shown,
        older=_cursor(shown[-1]) if has_older and shown else None,
        newer=_cursor(shown[0]) if has_newer and shown else None,
    )


def _page_rows(
    forum: Forum, user, before: Cursor | None, after: Cursor | None, tag: str | None
) -> tuple[list[dict], list[dict], bool, bool]:
    """The ``values()`` rows of a page of ``forum``'s threads: its pinned threads and the
    rest, and whether there is an older page and a newer one."""
    size = settings.FORUM_THREADS_PER_PAGE
    threads = _listed_threads().filter(forum=forum)
    if tag:
        threads = threads.filter(tags__slug=tag)
    if access.concerns(forum):
        threads = threads.visible_to(user)

    if after:
        found = list(threads.newer_than(after.last_post_at, after.pk, size))
        if len(found) > size:
            return [], list(reversed(found[:size])), True, True
        # Back at the top: that is the first page, pinned threads and all (the newest
        # threads are not always a page's worth once others have moved).
        before = None
    pinned = []
    if before:
        found = list(threads.older_than(before.last_post_at, before.pk, size))
    else:
        found = list(threads.first_page(size, PINNED_AT_MOST))
        pinned_count = sum(1 for values in found if values["pinned"])
        if pinned_count < PINNED_AT_MOST:
            pinned, found = found[:pinned_count], found[pinned_count:]
        else:
            pinned = list(threads.filter(pinned=True).order_by("-last_post_at", "-pk"))
            found = list(threads.filter(pinned=False).order_by("-last_post_at", "-pk")[: size + 1])
    return pinned, found[:size], len(found) > size, bool(before)


def _cursor(thread: ListedThread) -> Cursor:
    return Cursor(thread.last_post_at, thread.pk)


def thread_with_forum(pk: int) -> Thread | None:
    """The thread ``pk`` with its forum, or None: every thread page asks."""
    if not 0 < pk <= MAX_PK:  # an address's number past what the database takes
        return None
    try:
        return _threads_with_forum().get(pk=pk)
    except Thread.DoesNotExist:
        return None


def thread_posts(
    thread: Thread, viewer, page_number: int, part: int = 1
) -> tuple[list[ShownPost], bool]:
    """Part ``part`` of page ``page_number`` of a thread in tree order, with authors, and
    whether the page goes on in another part: one query, and one more for the parents
    of the few replies whose parent is on an earlier part. Each reply's ``parent`` is
    the post object on the same part (but for top-level replies, whose parent is the
    opening post: they never ask for it)."""
    members, moments = Members(viewer), Moments()
    rows = list(_shown_posts().for_thread_page(thread.pk, page_number, part))
    more = len(rows) > settings.THREAD_POSTS_PER_PAGE
    posts = [
        ShownPost(values, members, moments) for values in rows[: settings.THREAD_POSTS_PER_PAGE]
    ]
    on_page = {post.pk: post for post in posts}
    elsewhere = {
        post.parent_id
        for post in posts
        if post.depth == MAX_DEPTH and post.parent_id not in on_page
    }
    if elsewhere:
        for values in _shown_posts().filter(pk__in=elsewhere):
            parent = ShownPost(values, members, moments)
            on_page[parent.pk] = parent
    for post in posts:
        post.thread = thread
        post.parent = on_page.get(post.parent_id)
        # Shown to them, so they read the thread; suspended, they see the buttons as
        # they see "Reply" (the action refuses).
        post.may_react = can_react(viewer, post, suspended=False, may_read=True)
    return posts, more


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


@dataclass
class ThreadPage:
    """One page (or part of a page) of a thread as one reader sees it: the forum's
    thread page and an article's comments are both this."""

    thread: Thread
    posts: list[ShownPost] = field(default_factory=list)
    pages: Pages = field(default_factory=lambda: Pages(1, 1))
    is_moderator: bool = False
    can_reply: bool = False
    suspended_until: datetime | None = None
    watching: bool = False


def thread_page(
    thread: Thread,
    user,
    query,
    *,
    replies_only: bool = False,
    member: Standing | None = None,
    reacted: dict[int, frozenset[str]] | None = None,
) -> ThreadPage:
    """The page of ``thread`` that ``query`` (a request's GET: ``page``, ``part``) asks
    for, as ``user`` sees it, and marked read as far as it goes: the forum's thread page
    and an article's comments (``replies_only``: without the opening post, which the
    article stands for) are built here alike. A fixed number of queries however many
    posts the thread holds. ``member``: the user's :func:`standing` here, when the
    caller has asked it; ``reacted``: the user's reactions to the page's posts
    (``forums.reacting.of_member``), when the caller has asked them."""
    member = member or standing(user, thread.forum, thread)
    posts, pages = shown_posts(thread, user, query)
    if reacted is None:
        reacted = reacting.of_member(user, [post.pk for post in posts]) if member.reacted else {}
    for post in posts:
        post.can_edit = can_edit_post(user, post, moderating=member.moderates)
        post.reacted = reacted.get(post.pk, post.reacted)
    newest = max((post.created_at for post in posts), default=None)
    if replies_only:
        posts = [post for post in posts if not post.is_opening]
    return reader_page(thread, user, member, pages, posts, read_up_to=newest)


def shown_posts(thread: Thread, viewer, query) -> tuple[list[ShownPost], Pages]:
    """The posts of the page (or part of a page) of ``thread`` that ``query`` asks for,
    as ``viewer`` sees them, and where they are in the thread. Marks nothing read: the
    posts may be kept and shown to others (:mod:`forums.kept`)."""
    number, part = requested_place(query, thread.page_count)
    posts, more = thread_posts(thread, viewer, number, part)
    if not posts and part > 1:  # past the page's last part: its first
        part = 1
        posts, more = thread_posts(thread, viewer, number, part)
    return posts, Pages(number, thread.page_count, part, more)


def reader_page(
    thread: Thread,
    user,
    member: Standing,
    pages: Pages,
    posts: list[ShownPost] | None = None,
    *,
    read_up_to: datetime | None,
) -> ThreadPage:
    """A page of ``thread`` as ``user`` (with ``member``, their standing there) reads
    it: what they may do there, marked read ``read_up_to`` the newest post it shows.
    ``posts``: None when the page shows posts kept for every reader alike."""
    if user.is_authenticated and read_up_to is not None:
        actions.mark_thread_read(user, thread, up_to=read_up_to, known=member.read_up_to)
    return ThreadPage(
        thread,
        posts or [],
        pages,
        is_moderator=member.moderates,
        can_reply=user.is_authenticated and (not thread.locked or member.moderates),
        suspended_until=member.suspended_until,
        watching=member.watching,
    )


def recent_threads(user, limit: int) -> list[ListedThread]:
    """The ``limit`` threads most recently written in, among those ``user`` may read,
    as a list of threads shows them with their forums (the home page's forum
    activity). An article's discussion counts once someone has commented. One query."""
    members, moments = Members(user), Moments()
    rows = (
        Thread.objects.visible_to(user)
        .exclude(forum__slug=ARTICLE_DISCUSSIONS_SLUG, reply_count=0)
        .order_by("-last_post_at", "-id")
        .for_listing(*(f"forum__{name}" for name in _FORUM_FIELDS))[:limit]
    )
    threads = []
    for values in rows:
        forum = Forum(**{name: values.pop(f"forum__{name}") for name in _FORUM_FIELDS})
        threads.append(ListedThread(values, forum, members, moments))
    return threads


_FORUM_FIELDS = ("id", "name", "slug", "visibility")
