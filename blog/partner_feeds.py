"""Partner feeds: RSS or Atom feeds of publications the network follows, registered by
editors. Beat polls them every hour (``blog.partner_feed_polling``); each new item
becomes a draft cross-post under the articles index, for an editor to review and
publish or delete. An item seen once is never drafted again, even after its draft is
deleted: ``PartnerFeedItem`` remembers it.
"""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from network.models import Region

FEED_URL_REFUSED = _("Enter the feed’s full address, starting with http:// or https://.")
validate_feed_url = URLValidator(schemes=["http", "https"], message=FEED_URL_REFUSED)


class FeedURLFormField(forms.URLField):
    default_validators = [validate_feed_url]
    default_error_messages = {"invalid": FEED_URL_REFUSED}


class FeedURLField(models.URLField):
    """A web address that only http and https may fill: the site fetches it. Django's
    URLField would take ftp:// too."""

    default_validators = [validate_feed_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FeedURLFormField, **kwargs})


class PartnerFeedQuerySet(models.QuerySet):
    def active(self) -> PartnerFeedQuerySet:
        return self.filter(active=True)


class PartnerFeed(models.Model):
    """A partner publication's feed. The status fields are the poller's: editors read
    them in the admin and never type them."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The publication, as drafts credit it: for example, Labor Notes."),
    )
    url = FeedURLField(
        _("feed address"),
        max_length=500,
        unique=True,
        help_text=_("The RSS or Atom feed’s address, starting with http:// or https://."),
    )
    default_tags = TaggableManager(
        verbose_name=_("default tags"),
        through="blog.PartnerFeedTag",
        blank=True,
        help_text=_("Given to every draft made from this feed."),
    )
    default_regions = models.ManyToManyField(
        Region,
        verbose_name=_("default regions"),
        blank=True,
        related_name="partner_feeds",
        help_text=_("Given to every draft made from this feed."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to pause the feed: a paused feed is not polled. A feed that fails "
            "too many times in a row is paused for you; tick this again to resume it."
        ),
    )

    last_polled_at = models.DateTimeField(_("last polled"), null=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, editable=False)
    error_count = models.PositiveIntegerField(_("errors in a row"), default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    # What the feed's server last said, sent back so that it may answer 304 Not Modified.
    etag = models.CharField("ETag", max_length=255, blank=True, editable=False)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True, editable=False)

    objects = PartnerFeedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner feed")
        verbose_name_plural = _("partner feeds")

    def __str__(self) -> str:
        return self.name


class PartnerFeedTag(TaggedItemBase):
    content_object = models.ForeignKey(
        PartnerFeed,
        related_name="tagged_items",
        on_delete=models.CASCADE,
        verbose_name=_("content object"),
    )

    class Meta:
        verbose_name = _("partner feed tag")
        verbose_name_plural = _("partner feed tags")


class PartnerFeedItemQuerySet(models.QuerySet):
    def new_drafts(self) -> PartnerFeedItemQuerySet:
        """Items whose draft is still there and has never been published: what editors
        have yet to review."""
        return self.filter(draft__isnull=False, draft__first_published_at__isnull=True)


class PartnerFeedItem(models.Model):
    """An item of a partner feed, seen once: by its GUID, else its link (``key`` is a
    hash of either). The row outlives its draft, so a deleted draft never comes back."""

    feed = models.ForeignKey(
        PartnerFeed, on_delete=models.CASCADE, related_name="items", verbose_name=_("feed")
    )
    key = models.CharField(_("key"), max_length=64)
    link = models.CharField(_("link"), max_length=500, blank=True)
    draft = models.ForeignKey(
        "blog.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_feed_items",
        verbose_name=_("draft"),
    )
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now)

    objects = PartnerFeedItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="blog_partner_feed_item_once")
        ]
        verbose_name = _("partner feed item")
        verbose_name_plural = _("partner feed items")

    def __str__(self) -> str:
        return self.link or self.key
