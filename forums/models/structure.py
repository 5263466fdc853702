"""Categories and forums: the places threads live."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from network import addresses

ARTICLE_DISCUSSIONS_SLUG = "article-discussions"


class Category(models.Model):
    """A heading on the forum index: Regions, Topics, Network."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class ForumQuerySet(models.QuerySet):
    def visible_to(self, user) -> ForumQuerySet:
        """Public forums for anyone; members-only forums for signed-in members."""
        if user.is_authenticated:
            return self
        return self.filter(visibility=Forum.Visibility.PUBLIC)

    def for_index(self) -> ForumQuerySet:
        """What the forum index shows of each forum, its category and last post
        included, in the index's order, as ``values()`` dicts:
        ``forums.reading.IndexedForum`` reads them by name."""
        return self.order_by("category__order", "category_id", "order", "name").values(
            "id", "category_id", "category__name", "category__slug", "category__description",
            "name", "slug", "description", "region_id", "visibility",
            "thread_count", "post_count", "last_post_id", "last_post__created_at",
            "last_post__thread__title", "last_post__author_id",
            "last_post__author__profile__display_name", "last_post__seq",
        )  # fmt: skip


# The forums' own addresses under /forums/ (forums/urls.py): a forum with one of these
# slugs would never be reached.
RESERVED_SLUGS = frozenset(
    {"latest", "unread", "new", "members", "moderation", "bookmarks", "p", "t"}
)


def not_a_forums_address(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is one of the forums’ own addresses: choose another."),
            params={"slug": slug},
        )


class Forum(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read")
        MEMBERS = "members", _("Members only")

    class Starters(models.TextChoices):
        MEMBERS = "members", _("Any member")
        MODERATORS = "moderators", _("Moderators only")

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="forums", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, validators=[not_a_forums_address]
    )
    description = models.CharField(_("description"), max_length=400, blank=True)
    region = models.ForeignKey(
        "network.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums",
        verbose_name=_("region"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    who_can_start = models.CharField(
        _("who may start threads"),
        max_length=12,
        choices=Starters.choices,
        default=Starters.MEMBERS,
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_forums",
        verbose_name=_("moderators"),
        help_text=_("Moderators of this forum only (site-wide moderators moderate every forum)."),
    )
    # Kept up to date in the same transaction as every post (forums.actions).
    thread_count = models.PositiveIntegerField(_("thread count"), default=0, editable=False)
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
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

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
        try:
            return _with_category().get(slug=slug)
        except cls.DoesNotExist:
            return None


@functools.cache
def _with_category() -> ForumQuerySet:
    """Built once per process and copied by each forum page (``get()`` copies it):
    building it was half the cost of the forum's query."""
    return Forum.objects.select_related("category")
