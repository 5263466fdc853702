"""Threads and their threaded posts.

A thread's posts form a tree: the opening post, its replies, replies to those, and so
on. Each post stores a materialized ``path`` (fixed-width base-36 segments of per-thread
sequence numbers), so ``ORDER BY path`` yields the whole tree, depth first, in one query.
Replies nest to ``MAX_DEPTH``; deeper replies continue flat at that depth and say whom
they answer. Threads are paginated by top-level replies (``root_position``): page ``k``
is one index range, so the last page of a long thread costs what the first does.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from forums import access
from network import addresses
from network.models import ListedMember

MAX_DEPTH = 6
SEGMENT_WIDTH = 6
TOP_LEVEL_PER_PAGE = 20
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def path_segment(seq: int) -> str:
    """``seq`` in base 36, zero-padded, so that string order is number order."""
    out = ""
    while True:
        seq, digit = divmod(seq, 36)
        out = DIGITS[digit] + out
        if not seq:
            return out.rjust(SEGMENT_WIDTH, "0")


class ThreadTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "forums.Thread", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ShownTag(NamedTuple):
    slug: str
    name: str


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThreadQuerySet:
        """The threads ``user`` may read now (``forums.access``): in a forum open to
        them, and not hidden from them by the app the thread belongs to (an article's
        discussion follows its article's privacy)."""
        threads = self if user.is_authenticated else self.filter(forum__visibility="public")
        for readable in access.readable_by(user):
            threads = threads.filter(readable)
        return threads

    def for_listing(self) -> ThreadQuerySet:
        """Rows of what a forum page shows of each thread, except its forum (the page's
        own): pass each to ``ListedThread.from_row``."""
        return self.values_list(*ListedThread.COLUMNS)


class Thread(models.Model):
    forum = models.ForeignKey("forums.Forum", on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=False)
    tags = TaggableManager(through=ThreadTag, blank=True)
    # The tags' slugs and names, kept beside them by set_tags(), so that forum pages and
    # the thread show them without a query; filtering by tag reads taggit's tables.
    shown_tags = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    # Denormalized, updated with every post in the same transaction (forums.actions).
    reply_count = models.PositiveIntegerField(default=0)
    last_post = models.ForeignKey(
        "forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_post_at = models.DateTimeField(default=timezone.now)
    # Counters handed out under the thread's row lock.
    next_seq = models.PositiveIntegerField(default=0)
    top_level_count = models.PositiveIntegerField(default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["forum", "-pinned", "-last_post_at", "-id"], name="forums_thread_listing"
            ),
            models.Index(fields=["-last_post_at", "-id"], name="forums_thread_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:200] or "thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # reverse("forums:thread", args=[self.forum.slug, self.pk, self.slug]), faster
        return f"{addresses.root('forums:index')}{self.forum.slug}/{self.pk}-{self.slug}/"

    def get_first_unread_url(self) -> str:
        # reverse("forums:first_unread", args=[self.pk]), faster: a member's forum page
        # asks for each unread thread
        return f"{addresses.root('forums:index')}t/{self.pk}/unread/"

    @property
    def article(self):
        """The article this thread is the discussion of (``ArticlePage.discussion`` in
        the blog), or None: most threads are no article's."""
        return getattr(self, "article_page", None)

    @property
    def tag_list(self) -> list[ShownTag]:
        return [ShownTag(slug, name) for slug, name in self.shown_tags]

    def set_tags(self, names) -> None:
        """Tag the thread with ``names`` (and no others), and keep ``shown_tags``."""
        self.tags.set(list(names))
        self.shown_tags = [[tag.slug, tag.name] for tag in self.tags.order_by("name")]
        super().save(update_fields=["shown_tags"])

    @property
    def page_count(self) -> int:
        return max(1, -(-self.top_level_count // TOP_LEVEL_PER_PAGE))

    def place_reply(self, parent: Post | None) -> tuple[int, str, int, int]:
        """Hand out the next post's ``(seq, path, depth, root_position)`` and advance
        the counters on this instance; the caller holds the row lock and saves them.
        ``parent`` None places the opening post."""
        seq = self.next_seq
        self.next_seq = seq + 1
        if parent is None:
            return seq, path_segment(seq), 0, 0
        if parent.seq == 0:
            self.top_level_count += 1
            return seq, path_segment(seq), 1, self.top_level_count
        if parent.depth < MAX_DEPTH:
            return seq, parent.path + path_segment(seq), parent.depth + 1, parent.root_position
        # Deeper replies continue flat at the deepest level and say whom they answer.
        return (
            seq,
            parent.path[:-SEGMENT_WIDTH] + path_segment(seq),
            MAX_DEPTH,
            parent.root_position,
        )


def root_positions(page_number: int) -> tuple[int, int]:
    """The first and last ``root_position`` on page ``page_number`` of a thread: the
    opening post's 0 on the first page, then the page's top-level replies."""
    last = page_number * TOP_LEVEL_PER_PAGE
    return (0 if page_number == 1 else last - TOP_LEVEL_PER_PAGE + 1), last


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        """Posts in threads ``user`` may read now (``ThreadQuerySet.visible_to``), hidden
        and deleted ones included: what each shows is the caller's to decide."""
        return self.filter(thread__in=Thread.objects.visible_to(user))

    def for_display(self) -> PostQuerySet:
        """Rows of what a page of posts shows, with their authors: pass each to
        ``ShownPost.from_row``. Not the parents: joining them made PostgreSQL walk the
        whole table for a big thread's first page, and the parents a page shows are on
        that page (``reading.thread_posts`` links them)."""
        return self.values_list(*ShownPost.COLUMNS)

    def in_tree_order(self) -> PostQuerySet:
        return self.order_by("path")

    def page(self, number: int) -> PostQuerySet:
        """The opening post (page 1 only) and the top-level replies of page ``number``,
        each with all its replies, in tree order: one index range."""
        first, last = root_positions(number)
        return self.filter(root_position__gte=first, root_position__lte=last)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    seq = models.PositiveIntegerField(help_text="Order of writing within the thread.")
    path = models.CharField(max_length=SEGMENT_WIDTH * (MAX_DEPTH + 1))
    depth = models.PositiveSmallIntegerField(default=0)
    root_position = models.PositiveIntegerField(
        default=0,
        help_text="0 for the opening post; n for the n-th top-level reply and its replies.",
    )
    source = models.TextField()
    html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "seq"], name="forums_post_unique_seq")
        ]
        indexes = [
            models.Index(fields=["thread", "root_position", "path"], name="forums_post_tree"),
            models.Index(fields=["thread", "path"], name="forums_post_path"),
            models.Index(fields=["author", "-created_at"], name="forums_post_by_author"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        # reverse("forums:post", args=[self.pk]), faster: a thread page asks for each post
        return f"{addresses.root('forums:index')}p/{self.pk}/"

    @property
    def is_opening(self) -> bool:
        return self.seq == 0

    @property
    def is_by_the_site(self) -> bool:
        """The opening post of an article's discussion, which the site writes: it has no
        author to report, quote or answer to. Expects ``thread.forum`` loaded."""
        return (
            self.author_id is None
            and self.is_opening
            and self.thread.forum.holds_article_discussions
        )

    @property
    def page_number(self) -> int:
        return max(1, -(-self.root_position // TOP_LEVEL_PER_PAGE))

    @property
    def replies_flat(self) -> bool:
        """Whether this reply sits flat at the deepest level, away from its parent, and
        so must say whom it answers."""
        return (
            self.parent_id is not None
            and self.depth == MAX_DEPTH
            and (self.parent.depth == MAX_DEPTH)
        )


class PostRevision(models.Model):
    """What a post said before an edit. Moderators can read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} from {self.created_at:%Y-%m-%d %H:%M}"


class ListedThread:
    """A thread as a forum page lists it, made from one row of
    ``Thread.objects.for_listing()`` rather than as six model instances (the thread, its
    last post, and a User and a Profile for each of the two members it names), which
    were a third of the page's time. Its address and tags follow Thread's own rules."""

    __slots__ = (
        "author",
        "created_at",
        "forum",
        "forum_id",
        "last_post",
        "last_post_at",
        "locked",
        "pinned",
        "pk",
        "reply_count",
        "shown_tags",
        "slug",
        "title",
    )  # fmt: skip
    COLUMNS = (
        "id", "forum_id", "title", "slug", "shown_tags", "created_at", "pinned", "locked",
        "reply_count", "last_post_at",
        *(f"author__{column}" for column in ListedMember.COLUMNS),
        "last_post_id",
        *(f"last_post__author__{column}" for column in ListedMember.COLUMNS),
    )  # fmt: skip
    _MEMBER = len(ListedMember.COLUMNS)

    @classmethod
    def from_row(cls, row: tuple, forum, members: dict[int, ListedMember]) -> ListedThread:
        """``members`` gathers the page's members, one object each."""
        thread = cls()
        (
            thread.pk, thread.forum_id, thread.title, thread.slug, thread.shown_tags,
            thread.created_at, thread.pinned, thread.locked, thread.reply_count,
            thread.last_post_at,
        ) = row[:10]  # fmt: skip
        after = 10 + cls._MEMBER
        thread.author = _member(row[10:after], members)
        last_post_id = row[after]
        thread.last_post = (
            None
            if last_post_id is None
            else ListedPost(last_post_id, _member(row[after + 1 :], members))
        )
        thread.forum = forum
        return thread

    @property
    def author_id(self) -> int | None:
        return self.author.pk if self.author else None

    tag_list = Thread.tag_list
    get_absolute_url = Thread.get_absolute_url
    get_first_unread_url = Thread.get_first_unread_url


class ListedPost:
    """A thread's last post as a listing names it: who wrote it, and where it is."""

    __slots__ = ("author", "pk")

    def __init__(self, pk: int, author: ListedMember | None):
        self.pk = pk
        self.author = author

    @property
    def author_id(self) -> int | None:
        return self.author.pk if self.author else None

    get_absolute_url = Post.get_absolute_url


def _member(columns: tuple, members: dict[int, ListedMember]) -> ListedMember | None:
    pk = columns[0]
    if pk is None:
        return None
    member = members.get(pk)
    if member is None:
        member = members[pk] = ListedMember(*columns)
    return member


class ShownPost:
    """A post as a thread page shows it, made from one row of
    ``Post.objects.for_display()`` rather than as a Post, a User and a Profile (a page
    shows some fifty posts; the models were a quarter of its time). What it is and where
    it lives follow Post's own rules. ``thread`` and ``parent`` are set by
    ``reading.thread_posts``; ``can_edit`` by the view."""

    __slots__ = (
        "author", "can_edit", "created_at", "depth", "edited_at", "hidden_reason", "html",
        "is_deleted", "is_hidden", "parent", "parent_id", "pk", "root_position", "seq",
        "source", "thread", "thread_id",
    )  # fmt: skip
    COLUMNS = (
        "id", "thread_id", "parent_id", "seq", "depth", "root_position", "source", "html",
        "created_at", "edited_at", "is_deleted", "is_hidden", "hidden_reason",
        *(f"author__{column}" for column in ListedMember.COLUMNS),
    )  # fmt: skip

    @classmethod
    def from_row(cls, row: tuple, members: dict[int, ListedMember]) -> ShownPost:
        post = cls()
        (
            post.pk, post.thread_id, post.parent_id, post.seq, post.depth,
            post.root_position, post.source, post.html, post.created_at, post.edited_at,
            post.is_deleted, post.is_hidden, post.hidden_reason,
        ) = row[:13]  # fmt: skip
        post.author = _member(row[13:], members)
        post.thread = post.parent = None
        post.can_edit = False
        return post

    @property
    def author_id(self) -> int | None:
        return self.author.pk if self.author else None

    get_absolute_url = Post.get_absolute_url
    is_opening = Post.is_opening
    is_by_the_site = Post.is_by_the_site
    page_number = Post.page_number
    replies_flat = Post.replies_flat
