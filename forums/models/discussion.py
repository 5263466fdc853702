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
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from forums import access
from forums.fulltext import PostgresGinIndex
from network import addresses
from network.models import Profile

MAX_DEPTH = 6
SEGMENT_WIDTH = 6
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
        "forums.Thread",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name=_("content object"),
    )

    class Meta:
        verbose_name = _("thread tag")
        verbose_name_plural = _("thread tags")


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

    def for_listing(self, *also: str) -> ThreadQuerySet:
        """What a forum page shows of each thread, except its forum (the page's own), as
        ``values()`` dicts: ``forums.reading.ListedThread`` reads them by name. Show one
        more field on a thread row by naming it here and printing it in
        ``templates/forums/thread_rows.jinja``."""
        return self.values(
            "id", "forum_id", "title", "slug", "shown_tags", "created_at", "pinned", "locked",
            "reply_count", "last_post_at", "last_post_id", "has_poll",
            *Profile.listed_fields("author__"),
            *Profile.listed_fields("last_post__author__"),
            *also,
        )  # fmt: skip

    def first_page(self, size: int, pinned_at_most: int) -> ThreadQuerySet:
        """Pinned threads, then the latest: one walk of the listing index, with room for
        ``pinned_at_most`` pinned threads and one thread more than a page (to know there
        is an older page)."""
        return self.order_by("-pinned", "-last_post_at", "-pk")[: pinned_at_most + size + 1]

    def older_than(
        self, last_post_at, pk: int, size: int, *, pinned_apart: bool = True
    ) -> ThreadQuerySet:
        """The threads last active before (``last_post_at``, ``pk``), newest first: a
        page and one more. Unpinned ones only, unless not ``pinned_apart`` (a list across
        forums, where pinning means nothing)."""
        threads = self.filter(pinned=False) if pinned_apart else self
        return threads.filter(
            Q(last_post_at__lt=last_post_at) | Q(last_post_at=last_post_at, pk__lt=pk)
        ).order_by("-last_post_at", "-pk")[: size + 1]

    def newer_than(
        self, last_post_at, pk: int, size: int, *, pinned_apart: bool = True
    ) -> ThreadQuerySet:
        """The threads last active after (``last_post_at``, ``pk``), oldest first: a page
        and one more; unpinned ones only unless not ``pinned_apart``."""
        threads = self.filter(pinned=False) if pinned_apart else self
        return threads.filter(
            Q(last_post_at__gt=last_post_at) | Q(last_post_at=last_post_at, pk__gt=pk)
        ).order_by("last_post_at", "pk")[: size + 1]


class Thread(models.Model):
    forum = models.ForeignKey(
        "forums.Forum", on_delete=models.PROTECT, related_name="threads", verbose_name=_("forum")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="threads",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    # What the thread is written in: the dictionary its posts are searched with
    # (forums.fulltext); the author's language unless they choose.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    tags = TaggableManager(through=ThreadTag, blank=True)
    # The tags' slugs and names, kept beside them by set_tags(), so that forum pages and
    # the thread show them without a query; filtering by tag reads taggit's tables.
    shown_tags = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    # Whether it opened with a poll (forums.models.polls): lists mark it, and a thread
    # page without one never asks for it.
    has_poll = models.BooleanField(_("has a poll"), default=False, editable=False)
    # Denormalized, updated with every post in the same transaction (forums.actions).
    reply_count = models.PositiveIntegerField(_("reply count"), default=0)
    last_post = models.ForeignKey(
        "forums.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last post"),
    )
    last_post_at = models.DateTimeField(_("last post at"), default=timezone.now)
    # Counters handed out under the thread's row lock.
    next_seq = models.PositiveIntegerField(_("next seq"), default=0)
    top_level_count = models.PositiveIntegerField(_("top level count"), default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
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
        return max(1, -(-self.top_level_count // settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE))

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
    size = settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE
    last = page_number * size
    return (0 if page_number == 1 else last - size + 1), last


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        """Posts in threads ``user`` may read now (``ThreadQuerySet.visible_to``), hidden
        and deleted ones included: what each shows is the caller's to decide."""
        return self.filter(thread__in=Thread.objects.visible_to(user))

    def for_display(self) -> PostQuerySet:
        """What a page of posts shows of each, with its author, as ``values()`` dicts:
        ``forums.reading.ShownPost`` reads them by name. Not the parents: joining them
        made PostgreSQL walk the whole table for a big thread's first page, and the
        parents a page shows are mostly on that page (``forums.reading`` links them)."""
        return self.values(
            "id", "thread_id", "parent_id", "seq", "depth", "root_position", "source", "html",
            "created_at", "edited_at", "is_deleted", "is_hidden", "hidden_reason",
            "agree_count", "thanks_count", "insightful_count", "solidarity_count", "laugh_count",
            *Profile.listed_fields("author__"),
        )  # fmt: skip

    def in_tree_order(self) -> PostQuerySet:
        return self.order_by("path")

    def page(self, number: int) -> PostQuerySet:
        """The opening post (page 1 only) and the top-level replies of page ``number``,
        each with all its replies: one index range."""
        first, last = root_positions(number)
        return self.filter(root_position__gte=first, root_position__lte=last)

    def for_thread_page(self, thread_id: int, number: int, part: int = 1) -> PostQuerySet:
        """Part ``part`` of page ``number`` of a thread, in tree order: at most
        ``THREAD_POSTS_PER_PAGE`` posts, and one more when the page goes on in another
        part. On ``Post.objects.for_display()`` (what ``forums.reading`` shows), or on any
        queryset of posts."""
        size = settings.THREAD_POSTS_PER_PAGE
        start = (part - 1) * size
        return (
            self.filter(thread_id=thread_id).page(number).in_tree_order()[start : start + size + 1]
        )


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        verbose_name=_("parent"),
    )
    seq = models.PositiveIntegerField(_("seq"), help_text=_("Order of writing within the thread."))
    path = models.CharField(_("path"), max_length=SEGMENT_WIDTH * (MAX_DEPTH + 1))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    root_position = models.PositiveIntegerField(
        _("root position"),
        default=0,
        help_text=_("0 for the opening post; n for the n-th top-level reply and its replies."),
    )
    source = models.TextField(_("source"))
    html = models.TextField(_("html"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_deleted = models.BooleanField(_("is deleted"), default=False)
    is_hidden = models.BooleanField(_("is hidden"), default=False)
    hidden_reason = models.CharField(_("hidden reason"), max_length=300, blank=True)
    # Reactions of each kind (forums.models.reactions), counted with every reaction in
    # the same transaction (forums.reacting), so a thread page reads them with the post.
    agree_count = models.PositiveIntegerField(_("agree count"), default=0, editable=False)
    thanks_count = models.PositiveIntegerField(_("thanks count"), default=0, editable=False)
    insightful_count = models.PositiveIntegerField(_("insightful count"), default=0, editable=False)
    solidarity_count = models.PositiveIntegerField(_("solidarity count"), default=0, editable=False)
    laugh_count = models.PositiveIntegerField(_("laugh count"), default=0, editable=False)
    # The thread's title and the post's words, weighted, for the full-text search: kept
    # by a trigger on PostgreSQL (forums.fulltext), empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The thread's forum, beside the words, so that the search asks which forums the
    # reader may read of the posts' own rows (forums.search.ranked_posts): kept by the
    # same trigger, and by one on the thread when it moves (forums.fulltext); empty on
    # SQLite, where nothing reads it.
    forum = models.ForeignKey(
        "forums.Forum",
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["thread", "seq"], name="forums_post_unique_seq")
        ]
        indexes = [
            models.Index(fields=["thread", "root_position", "path"], name="forums_post_tree"),
            models.Index(fields=["thread", "path"], name="forums_post_path"),
            models.Index(fields=["author", "-created_at"], name="forums_post_by_author"),
            # A search between dates, or in one forum, walks one of these back from the end
            # (forums.search).
            models.Index(fields=["created_at"], name="forums_post_created"),
            models.Index(fields=["forum", "created_at"], name="forums_post_forum_created"),
            PostgresGinIndex(fields=["search_vector"], name="forums_post_search", fastupdate=False),
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
        return max(1, -(-self.root_position // settings.THREAD_TOP_LEVEL_POSTS_PER_PAGE))

    def part_number(self) -> int:
        """Which part of its page holds this post (a page holds at most
        ``THREAD_POSTS_PER_PAGE``): one query, for its permalink."""
        before = (
            Post.objects.filter(thread_id=self.thread_id, path__lt=self.path)
            .page(self.page_number)
            .count()
        )
        return before // settings.THREAD_POSTS_PER_PAGE + 1

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

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    source = models.TextField(_("source"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("editor"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} from {self.created_at:%Y-%m-%d %H:%M}"
