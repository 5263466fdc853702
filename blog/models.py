"""The network's editorial pages, edited in the Wagtail admin: the home page, the
"Articles" index and the articles themselves, original or cross-posted.

Page models read in the bakery demo's order: fields, search fields, panels, page-type
rules, then methods and routes. https://docs.wagtail.org/en/stable/topics/pages.html
"""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from blog.blocks import ArticleBodyBlock, video_segment_numbers
from blog.comments import article_comments
from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting, routed_parent
from blog.snippets import Author, Topic
from forums import reading
from network.addresses import public_page_url
from network.models import Region
from network.notifications import actions as notifications
from network.onboarding import actions as onboarding

ARTICLES_PER_PAGE = 12
FORUM_ACTIVITY_LENGTH = 5


class HomePage(PageRouting, WrittenIn, Page):
    """The front page: the network's welcome, a featured article and the latest ones."""

    intro = RichTextField(
        _("intro"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("The welcome at the top of the front page."),
    )
    featured_article = models.ForeignKey(
        "blog.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("featured article"),
        help_text=_("Shown large at the top. Empty: the latest article."),
    )

    content_panels = [
        *Page.content_panels,
        LANGUAGE_PANEL,
        FieldPanel("intro"),
        FieldPanel("featured_article"),
    ]
    promote_panels = [*Page.promote_panels, translation_panel("blog.HomePage")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "blog.BlogIndexPage",
        "blog.EventIndexPage",
        "blog.StandardPage",
        "blog.CampaignPage",
        "blog.ContactPage",
        "blog.JoinPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The private sections, read once for both queries (``.public()`` reads them each time).
        private = Page.objects.private_q()
        latest = list(ArticlePage.objects.live().exclude(private).for_listing()[:7])
        featured = self.featured_article
        if featured is None or not featured.live:
            featured = latest[0] if latest else None
        context["featured"] = featured
        # A new member's first steps, until each is done or skipped (network.onboarding).
        context["onboarding"] = onboarding.unfinished(request.user)
        context["latest"] = [article for article in latest if article != featured][:6]
        context["articles_index"] = BlogIndexPage.objects.live().exclude(private).first()
        context["forum_activity"] = self.get_forum_activity(request.user)
        context.update(upcoming_events(private))
        return context

    def get_forum_activity(self, user) -> list:
        """The threads most recently written in, among those ``user`` may read
        (``forums.reading.recent_threads``).

        Visitors get the home page from the page cache, which a forum post does not
        clear (it would empty the whole cache on every reply): their list may be up to
        ``PAGE_CACHE_SECONDS`` old."""
        return reading.recent_threads(user, FORUM_ACTIVITY_LENGTH)


class ArticlePageQuerySet(PageQuerySet):
    def for_listing(self) -> ArticlePageQuerySet:
        """Everything a listing shows, in a fixed number of queries however many
        articles, authors, tags or regions there are."""
        return (
            self.select_related("lead_image")
            .prefetch_related(
                "lead_image__renditions",
                "tags",
                "regions",
                "topics",
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related(
                        "author__member__profile"
                    ).order_by("sort_order"),
                ),
            )
            .order_by("-display_date", "-first_published_at", "-pk")
        )

    def originals(self) -> ArticlePageQuerySet:
        return self.filter(source_name="", source_url="")

    def cross_posts(self) -> ArticlePageQuerySet:
        return self.exclude(source_name="", source_url="")


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class BlogIndexPage(RoutablePageMixin, PageRouting, WrittenIn, Page):
    """ "Articles": every article, and the same list by tag, region, topic or author;
    RSS and Atom feeds of all articles and by tag or region. https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html"""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, LANGUAGE_PANEL, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, translation_panel("blog.BlogIndexPage")]

    parent_page_types = ["blog.HomePage"]
    subpage_types = ["blog.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("articles index")
        verbose_name_plural = _("articles indexes")

    KINDS = {"original": _("Original articles"), "cross-post": _("Cross-posted articles")}

    def get_articles(self) -> ArticlePageQuerySet:
        return ArticlePage.objects.live().public().child_of(self).for_listing()

    def filter_by_kind(self, articles, kind: str | None):
        if kind == "original":
            return articles.originals()
        if kind == "cross-post":
            return articles.cross_posts()
        return articles

    def render_listing(self, request, articles, **context):
        kind = request.GET.get("kind")
        if kind not in self.KINDS:
            kind = None
        page = Paginator(self.filter_by_kind(articles, kind), ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return self.render(
            request,
            context_overrides={"articles": page, "kind": kind, "kinds": self.KINDS, **context},
        )

    @path("")
    def all_articles(self, request):
        return self.render_listing(request, self.get_articles())

    @path("tag/<slug:tag>/")
    def by_tag(self, request, tag):
        tag = get_object_or_404(Tag, slug=tag)
        return self.render_listing(
            request,
            self.get_articles().filter(tags=tag),
            filter_label=gettext("Tagged “%(tag)s”") % {"tag": tag.name},
            tag=tag,
        )

    @path("region/<slug:region>/")
    def by_region(self, request, region):
        region = get_object_or_404(Region, slug=region)
        return self.render_listing(
            request,
            self.get_articles().filter(regions=region),
            filter_label=gettext("From %(region)s") % {"region": region.name},
            region=region,
        )

    @path("topic/<slug:topic>/")
    def by_topic(self, request, topic):
        topic = get_object_or_404(Topic, slug=topic)
        return self.render_listing(
            request, self.get_articles().filter(topics=topic), filter_label=topic.name, topic=topic
        )

    @path("author/<slug:author>/")
    def by_author(self, request, author):
        author = get_object_or_404(Author, slug=author)
        return self.render_listing(
            request,
            self.get_articles().filter(article_authors__author=author),
            filter_label=gettext("By %(author)s") % {"author": author.name},
            author=author,
        )

    @path("feed/", name="feed_rss")
    @path("feed/atom/", name="feed_atom")
    @path("tag/<slug:tag>/feed/", name="tag_feed_rss")
    @path("tag/<slug:tag>/feed/atom/", name="tag_feed_atom")
    @path("region/<slug:region>/feed/", name="region_feed_rss")
    @path("region/<slug:region>/feed/atom/", name="region_feed_atom")
    def feed(self, request, tag=None, region=None):
        from blog.feeds import ArticleFeed

        atom = request.path.endswith("/atom/")
        return ArticleFeed(self, atom=atom)(request, tag=tag, region=region)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
        verbose_name=_("content object"),
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


class ArticleAuthor(Orderable):
    page = ParentalKey(
        "blog.ArticlePage",
        related_name="article_authors",
        on_delete=models.CASCADE,
        verbose_name=_("page"),
    )
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("author")
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("article author")
        verbose_name_plural = _("article authors")


CROSS_POST_NEEDS_SOURCE = _(
    "A cross-post needs its source’s name and its address before it is published or "
    "submitted for review: the link back to the source is always shown."
)


def missing_source_fields(source_name: str, source_url: str, original_author: str) -> list[str]:
    """The source fields an article still lacks before it may be published. Anything
    about a source makes it a cross-post; an original author counts too, since without a
    source the article would pass as original and that name would never show."""
    if not (source_name or source_url or original_author):
        return []
    return [
        field
        for field, value in (("source_name", source_name), ("source_url", source_url))
        if not value
    ]


class ArticlePageForm(WagtailAdminPageForm):
    """Refuses to publish (or submit for review) a cross-post whose source is not named
    and linked, with the reason beside the fields. Saving a draft defers this
    (``is_deferred_validation``), as Wagtail defers required fields.
    https://docs.wagtail.org/en/stable/reference/panels.html"""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        missing = missing_source_fields(
            cleaned_data.get("source_name", ""),
            cleaned_data.get("source_url", ""),
            cleaned_data.get("original_author", ""),
        )
        for field in missing:
            if field not in self.errors:
                self.add_error(field, CROSS_POST_NEEDS_SOURCE)
        return cleaned_data


class ArticlePage(PageRouting, WrittenIn, Page):
    """An article, original or cross-posted. A cross-post (one with a source) always
    shows where it came from, at the top and at the end, and points search engines to
    the original unless an editor says otherwise."""

    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    introduction = models.TextField(
        _("introduction"),
        max_length=400,
        help_text=_("Two or three sentences, shown in listings and as the page description."),
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead image"),
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Required with an image."
        ),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    display_date = models.DateField(
        _("display date"),
        null=True,
        blank=True,
        help_text=_("The date readers see. Empty: the day it is first published."),
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    regions = ParentalManyToManyField(
        Region, blank=True, related_name="articles", verbose_name=_("regions")
    )
    topics = ParentalManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("topics")
    )

    source_name = models.CharField(
        _("source publication"),
        max_length=200,
        blank=True,
        help_text=_("For example: Jacobin, Labor Notes."),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    original_author = models.CharField(_("original author"), max_length=200, blank=True)
    original_date = models.DateField(_("original date"), null=True, blank=True)
    permission_note = models.CharField(
        _("permission or licence"),
        max_length=300,
        blank=True,
        help_text=_("For example: “Republished with permission” or “CC BY-SA 4.0”."),
    )
    canonical_to_source = models.BooleanField(
        _("canonical link points to the source"),
        default=True,
        help_text=_("Tell search engines the original is the source (recommended)."),
    )

    endorsed = models.BooleanField(
        _("endorsed by the network"),
        default=False,
        help_text=_("Only when the network has decided to endorse this piece."),
    )
    endorsement_note = models.CharField(_("endorsement note"), max_length=300, blank=True)

    # Opened in the "Article discussions" forum the first time the article is published
    # (blog.comments), and never unlinked by a save (see ``save``).
    discussion = models.OneToOneField(
        "forums.Thread",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="article_page",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("source_name"),
        index.SearchField("original_author"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("display_date"),
    ]

    content_panels = [
        *Page.content_panels,
        LANGUAGE_PANEL,
        FieldPanel("subtitle"),
        FieldPanel("introduction"),
        InlinePanel("article_authors", label=_("Authors"), heading=_("Authors")),
        MultiFieldPanel(
            [
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldRowPanel([FieldPanel("original_author"), FieldPanel("original_date")]),
                FieldPanel("permission_note"),
                FieldPanel("canonical_to_source"),
            ],
            heading=_("Source & attribution"),
            help_text=_(
                "Fill this in for an article first published elsewhere: it becomes a "
                "cross-post, shown with “Originally published by …” and a link back."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_caption"),
            ],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("display_date"),
                FieldPanel("tags"),
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Date, tags, regions and topics"),
        ),
        MultiFieldPanel(
            [FieldPanel("endorsed"), FieldPanel("endorsement_note")],
            heading=_("Endorsement"),
            help_text=_("Unless endorsed, the article shows the network's disclaimer."),
        ),
    ]
    promote_panels = [*Page.promote_panels, translation_panel("blog.ArticlePage")]

    base_form_class = ArticlePageForm
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []
    # A copy is a new article, with a discussion of its own once published.
    exclude_fields_in_copy = ["discussion"]

    objects = ArticlePageManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["-display_date"], name="blog_article_date_idx")]

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": gettext("Describe the lead image for people who cannot see it.")}
            )

    def publish(self, revision, *args, **kwargs):
        """The last line behind ArticlePageForm, for the ways to publish that skip the
        form: the explorer's bulk Publish, and workflow approval (which publishes the
        latest revision, perhaps saved after the one submitted)."""
        content = revision.as_object()
        if missing_source_fields(content.source_name, content.source_url, content.original_author):
            raise PermissionDenied(str(CROSS_POST_NEEDS_SOURCE))
        return super().publish(revision, *args, **kwargs)

    def save(self, *args, **kwargs):
        if self.display_date is None and self.first_published_at:
            self.display_date = timezone.localdate(self.first_published_at)
        update_fields = kwargs.get("update_fields")
        if (
            self.pk
            and self.discussion_id is None
            and (update_fields is None or "discussion" in update_fields)
        ):
            # The discussion belongs to the article, not to a revision: a page made from
            # a revision saved before the thread opened (Wagtail publishes those) would
            # otherwise unlink it, and the next publish would open a second thread.
            self.discussion_id = (
                ArticlePage.objects.filter(pk=self.pk)
                .values_list("discussion_id", flat=True)
                .first()
            )
        super().save(*args, **kwargs)

    @property
    def is_cross_post(self) -> bool:
        return bool(self.source_name or self.source_url)

    @property
    def date(self):
        return self.display_date or timezone.localdate(self.first_published_at or timezone.now())

    @property
    def published_at(self) -> datetime:
        """The article's own date as a moment, for feeds and search engines: when it was
        first published if that was on its date, else the start of its date in the site's
        time zone. An older piece published today was published on its own date, as its
        byline says; its first publication here is only when it reached the site."""
        zone = timezone.get_default_timezone()
        first = self.first_published_at
        if first and timezone.localdate(first, zone) == self.date:
            return first
        return datetime.combine(self.date, time.min, tzinfo=zone)

    @cached_property
    def authors(self) -> list[Author]:
        """In order, with each member author's profile (for the byline's links): from the
        listing's prefetch when there is one, else in one query."""
        links = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author__member__profile")
        return [link.author for link in links]

    @cached_property
    def video_segment_numbers(self) -> dict[str, int]:
        """Each video segment's number: its place among the article's segments."""
        return video_segment_numbers(self.body)

    def get_canonical_url(self, request=None) -> str:
        if self.is_cross_post and self.canonical_to_source and self.source_url:
            return self.source_url
        return public_page_url(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = self.get_canonical_url(request)
        context["disclaimer_in_page"] = True  # the footer need not repeat it
        context["articles_index"] = routed_parent(self).specific
        context["comments"] = article_comments(self, request)
        # A member who reads the article has had the news of it (no query when they have
        # nothing unread).
        notifications.mark_conversation_read(
            request.user, self.notification_conversation, timezone.now()
        )
        return context

    @property
    def notification_conversation(self) -> str:
        return f"blog.article.{self.pk}"

    def get_sitemap_urls(self, request=None):
        # A cross-post that points search engines to its source is not ours to list.
        if self.is_cross_post and self.canonical_to_source:
            return []
        return super().get_sitemap_urls(request)


from blog.contact import ContactFormField, ContactPage  # noqa: E402, F401

# Endorsement drives and the campaign pages that carry them, in a module of their own.
from blog.endorsements import CampaignPage, Endorsement, EndorsementDrive  # noqa: E402, F401

# The events' pages, kept in modules of their own.
from blog.event_index import EventIndexPage, upcoming_events  # noqa: E402, F401
from blog.events import EventPage  # noqa: E402, F401
from blog.joining import JoinPage  # noqa: E402, F401
from blog.pages import StandardPage  # noqa: E402, F401
from blog.partner_feeds import PartnerFeed, PartnerFeedItem, PartnerFeedTag  # noqa: E402, F401
