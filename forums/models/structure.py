"""Categories and forums: the places threads live."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from forums.models.discussion import Post
from network import addresses
from network.compiled import CompiledInstance

ARTICLE_DISCUSSIONS_SLUG = "article-discussions"


class Category(models.Model):
    """A heading on the forum index: Regions, Topics, Network."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class ForumQuerySet(models.QuerySet):
    def visible_to(self, user) -> ForumQuerySet:
        """Public forums for anyone; members-only forums for signed-in members."""
        if user.is_authenticated:
            return self
        return self.filter(visibility=Forum.Visibility.PUBLIC)


class Forum(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: anyone can read"
        MEMBERS = "members", "Members only"

    class Starters(models.TextChoices):
        MEMBERS = "members", "Any member"
        MODERATORS = "moderators", "Moderators only"

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="forums")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=400, blank=True)
    region = models.ForeignKey(
        "network.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    order = models.PositiveSmallIntegerField(default=0)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    who_can_start = models.CharField(
        "who may start threads", max_length=12, choices=Starters.choices, default=Starters.MEMBERS
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_forums",
        help_text="Moderators of this forum only (site-wide moderators moderate every forum).",
    )
    # Kept up to date in the same transaction as every post (forums.actions).
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post = models.ForeignKey(
        "forums.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # reverse("forums:forum", args=[self.slug]), faster, for listings
        return f"{addresses.root('forums:index')}{self.slug}/"

    @property
    def holds_article_discussions(self) -> bool:
        """The forum where each article's comments live, one thread per article, opened
        by the site itself: its threads have no member author and never move."""
        return self.slug == ARTICLE_DISCUSSIONS_SLUG

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    def is_visible_to(self, user) -> bool:
        return self.is_public or user.is_authenticated

    @classmethod
    def with_slug(cls, slug: str) -> Forum | None:
        """The forum at ``slug``, with its category, or None: every forum page asks."""
        return _FORUM_WITH_SLUG.get(slug=slug)


_FORUM_WITH_SLUG = CompiledInstance(Forum, "category", slug="\x00stand-in")


class IndexedForum:
    """A forum as the index shows it, from one row of ``IndexedForum.COLUMNS``, with its
    last post (``IndexedPost``) or None. Its address and who may read it follow Forum's
    own rules."""

    __slots__ = (
        "category_id", "description", "last_post", "name", "pk", "post_count", "region_id",
        "slug", "thread_count", "visibility",
    )  # fmt: skip
    Visibility = Forum.Visibility
    COLUMNS = (
        "id", "category_id", "name", "slug", "description", "region_id", "visibility",
        "thread_count", "post_count", "last_post_id", "last_post__created_at",
        "last_post__thread__title", "last_post__author_id",
        "last_post__author__profile__display_name",
    )  # fmt: skip

    @classmethod
    def from_row(cls, row: tuple) -> IndexedForum:
        forum = cls()
        (
            forum.pk, forum.category_id, forum.name, forum.slug, forum.description,
            forum.region_id, forum.visibility, forum.thread_count, forum.post_count,
        ) = row[:9]  # fmt: skip
        forum.last_post = None if row[9] is None else IndexedPost(*row[9:])
        return forum

    get_absolute_url = Forum.get_absolute_url
    holds_article_discussions = Forum.holds_article_discussions
    is_public = Forum.is_public
    is_visible_to = Forum.is_visible_to


class IndexedPost:
    """A forum's last post as the index names it: where, when, in which thread, by whom
    (``author_name`` None: a former member)."""

    __slots__ = ("author_name", "created_at", "pk", "thread_title")

    # Its columns from a thread's row (IndexedForum's name them from the forum's).
    COLUMNS = (
        "last_post_id", "last_post__created_at", "title", "last_post__author_id",
        "last_post__author__profile__display_name",
    )  # fmt: skip

    def __init__(self, pk, created_at, thread_title, author_id, author_name):
        self.pk = pk
        self.created_at = created_at
        self.thread_title = thread_title
        self.author_name = author_name if author_id is not None else None

    get_absolute_url = Post.get_absolute_url
