"""Events and conferences, under the "Events" index (blog.event_index): each with its
time in its own time zone, a venue or an online link (which only signed-in members may
see, when the editor says so), a description made of the article blocks, a call to
register or get involved, related reading, regions and tags.

Calendars (``blog.event_calendar``) and feeds (``blog.event_feeds``) are built from the
same querysets as the pages. Page models read in the bakery demo's order.
https://docs.wagtail.org/en/stable/topics/pages.html
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from blog import page_parts
from blog.blocks import ArticleBodyBlock, video_segment_numbers
from blog.endorsements import EndorsementDrivePanel
from blog.event_times import (
    When,
    all_zones,
    default_time_zone,
    local_moment,
    validate_time_zone,
    zone_choices,
)
from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting, routed_parent
from network.addresses import public_page_url
from network.models import Region

# The routes of the index and of an event: an event with one of these slugs would be
# hidden behind them.
RESERVED_SLUGS = {"calendar", "feed", "region"}


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now: datetime | None = None) -> EventPageQuerySet:
        """Events that have not ended (one under way is still upcoming), soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now: datetime | None = None) -> EventPageQuerySet:
        """Events that have ended, the latest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def in_region(self, region: Region) -> EventPageQuerySet:
        """Events filed under ``region`` or held in it. The regions are a subquery, not
        a join, so an event filed under several regions comes once."""
        filed = EventPage.regions.through.objects.filter(region=region).values("eventpage_id")
        return self.filter(Q(venue_region=region) | Q(pk__in=filed))

    def for_listing(self) -> EventPageQuerySet:
        """What a listing shows of each event (its card), in one query however many."""
        return self.select_related("venue_region").defer_streamfields()

    def for_calendar(self) -> EventPageQuerySet:
        """What a calendar or a feed says of each event: its card and its tags."""
        return self.for_listing().prefetch_related("tags")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.EventPage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
        verbose_name=_("content object"),
    )

    class Meta:
        verbose_name = _("event tag")
        verbose_name_plural = _("event tags")


class EventRelatedLink(Orderable):
    """A piece about the event, here or elsewhere: an assessment, a report-back."""

    page = ParentalKey(
        "blog.EventPage",
        related_name="related_links",
        on_delete=models.CASCADE,
        verbose_name=_("page"),
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    source_name = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where it was published. For example: Labor Notes, our own site."),
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("source_name")]

    class Meta(Orderable.Meta):
        verbose_name = _("event related link")
        verbose_name_plural = _("event related links")


class EventPage(RoutablePageMixin, PageRouting, WrittenIn, Page):
    """An event or a conference. Its times are typed as the event's wall clock shows
    them, in its own time zone; ``start`` and ``end`` are the moments they name, kept
    for ordering and calendars. A moved or cancelled event says so at the top of its
    page, and stays in calendars marked cancelled rather than vanishing from them."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MOVED = "moved", _("Moved (to another time or place)")
        CANCELLED = "cancelled", _("Cancelled")

    introduction = models.TextField(
        _("introduction"),
        max_length=400,
        help_text=_("Two or three sentences, shown in listings, feeds and calendars."),
    )
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty: the day it starts.")
    )
    end_time = models.TimeField(_("end time"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The zone of the place it happens, or of its organizers when online."),
    )
    start = models.DateTimeField(editable=False)
    end = models.DateTimeField(editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    status_note = models.CharField(
        _("what changed"),
        max_length=300,
        blank=True,
        help_text=_("Shown at the top of the page when the event is moved or cancelled."),
    )

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("street address"), max_length=300, blank=True)
    venue_city = models.CharField(_("city"), max_length=120, blank=True)
    venue_region = models.ForeignKey(
        Region,
        verbose_name=_("state or region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venue_events",
    )
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Where to join online: a video call, a livestream."),
    )
    online_members_only = models.BooleanField(
        _("only signed-in members see the online link"),
        default=True,
        help_text=_(
            "Visitors see that the event is online, and are asked to sign in for the link. "
            "Calendars never carry it for them."
        ),
    )

    description = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("description"))

    call_to_action_label = models.CharField(
        _("button label"),
        max_length=80,
        blank=True,
        help_text=_("For example: Register, Endorse the conference. Empty: “Register”."),
    )
    call_to_action_url = models.URLField(_("button link"), max_length=500, blank=True)
    call_to_action_text = RichTextField(
        _("how to get involved"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Instead of a button, or beside it."),
    )

    related_heading = models.CharField(
        _("heading"),
        max_length=120,
        blank=True,
        help_text=_("For example: Assessments of the conference. Empty: “Related reading”."),
    )

    regions = ParentalManyToManyField(
        Region, blank=True, related_name="events", verbose_name=_("regions")
    )
    tags = ClusterTaggableManager(through=EventTag, blank=True)

    # Calendars learn an event changed from SEQUENCE, bumped when a publish changes
    # its time, place or status (see ``save``).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("description"),
        index.SearchField("venue_name"),
        index.SearchField("venue_city"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("start"),
    ]

    content_panels = [
        *Page.content_panels,
        LANGUAGE_PANEL,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone", widget=forms.Select(choices=zone_choices)),
            ],
            heading=_("When"),
            help_text=_("As a clock at the event reads: the page shows other zones from these."),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_note")],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldRowPanel([FieldPanel("venue_city"), FieldPanel("venue_region")]),
                FieldPanel("online_url"),
                FieldPanel("online_members_only"),
            ],
            heading=_("Where"),
            help_text=_("A venue, an online link, or both. Empty: “Place to be announced”."),
        ),
        FieldPanel("description"),
        EndorsementDrivePanel(),
        MultiFieldPanel(
            [
                FieldPanel("call_to_action_label"),
                FieldPanel("call_to_action_url"),
                FieldPanel("call_to_action_text"),
            ],
            heading=_("Register or get involved"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("related_heading"),
                InlinePanel("related_links", label=_("Link")),
            ],
            heading=_("Related reading"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Regions and tags"),
        ),
    ]
    promote_panels = [*Page.promote_panels, translation_panel("blog.EventPage")]

    parent_page_types = ["blog.EventIndexPage"]
    subpage_types: list[str] = []
    # A copy is another event: calendars must not take it for this one's next version.
    exclude_fields_in_copy = ["sequence", "calendar_fingerprint"]

    objects = EventPageManager()
    # Read with the page when its URL is routed (blog.routing): the venue's state.
    route_select_related = ["venue_region"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["start"], name="blog_event_start_idx"),
            models.Index(fields=["end"], name="blog_event_end_idx"),
        ]

    # --- Rules ----------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("“%(slug)s” is taken by the events’ own pages: choose another.") % {
                "slug": self.slug
            }
        if self.start_date and self.start_time and self.end_time and self.time_zone in all_zones():
            self.set_moments()
            if self.end <= self.start:
                errors["end_time"] = _("The event must end after it starts.")
        if self.status != self.Status.SCHEDULED and not self.status_note.strip():
            errors["status_note"] = _(
                "Say what changed: where or when it moved to, or why it is cancelled."
            )
        if self.call_to_action_label and not self.call_to_action_url:
            errors["call_to_action_url"] = _("A button needs the address it leads to.")
        if errors:
            raise ValidationError(errors)

    def set_moments(self) -> None:
        self.start = local_moment(self.start_date, self.start_time, self.time_zone)
        self.end = local_moment(self.end_date or self.start_date, self.end_time, self.time_zone)

    def save(self, *args, **kwargs):
        if self.start_date and self.start_time and self.end_time:
            self.set_moments()
        if self.pk and kwargs.get("update_fields") is None:
            self.follow_sequence()
        super().save(*args, **kwargs)

    def follow_sequence(self) -> None:
        """``sequence`` counts the published changes to the event's time, place or
        status. A revision carries the counter as it was when saved, so it is read from
        the row, which Wagtail's publishing saves whole (saving a draft saves only a few
        fields: the row keeps what is live)."""
        stored = (
            EventPage.objects.filter(pk=self.pk)
            .values_list("sequence", "calendar_fingerprint")
            .first()
        )
        self.sequence, fingerprint = stored or (0, "")
        if not self.live:
            self.calendar_fingerprint = fingerprint
            return
        self.calendar_fingerprint = self.fingerprint()
        if fingerprint and fingerprint != self.calendar_fingerprint:
            self.sequence += 1

    def fingerprint(self) -> str:
        """What a calendar must be told about when it changes (RFC 5545's "significant
        revisions"): the times, the place and the status."""
        facts = [
            self.start.isoformat(),
            self.end.isoformat(),
            self.time_zone,
            self.status,
            self.venue_name,
            self.venue_address,
            self.venue_city,
            self.venue_region_id,
            self.online_url,
        ]
        return hashlib.sha256(json.dumps(facts).encode()).hexdigest()

    def shows_online_link_to(self, user) -> bool:
        """The one rule for the online link, on the page, in calendars and in feeds."""
        return bool(self.online_url) and (not self.online_members_only or user.is_authenticated)

    # --- What pages say -------------------------------------------------------------

    @property
    def published_at(self) -> datetime | None:
        return self.first_published_at

    @cached_property
    def video_segment_numbers(self) -> dict[str, int]:
        return video_segment_numbers(self.description)

    @cached_property
    def when(self) -> When:
        return When.of(self.start, self.end, self.time_zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.status == self.Status.MOVED

    @property
    def status_label(self) -> str:
        """ "Cancelled" or "Moved"; nothing for an event as scheduled."""
        if self.status == self.Status.SCHEDULED:
            return ""
        return gettext("Cancelled") if self.is_cancelled else gettext("Moved")

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def has_venue(self) -> bool:
        return bool(self.venue_name or self.venue_address or self.venue_city or self.venue_region)

    @property
    def place(self) -> str:
        """The venue in one line: "Union hall, 12 Main St, Atlanta, Georgia"."""
        parts = [self.venue_name, self.venue_address, self.venue_city]
        if self.venue_region is not None:
            parts.append(self.venue_region.name)
        return ", ".join(part for part in parts if part)

    @property
    def town(self) -> str:
        """Where, for a listing: the city and state."""
        parts = [self.venue_city, self.venue_region.name if self.venue_region else ""]
        return ", ".join(part for part in parts if part)

    def location_for(self, user) -> str:
        """The LOCATION of a calendar entry, or the location of a calendar link."""
        where = self.place
        online = self.online_url if self.shows_online_link_to(user) else ""
        if self.is_online and not online:
            online = gettext("Online (sign in on the event’s page for the link)")
        return " · ".join(part for part in (where, online) if part)

    def get_context(self, request, *args, **kwargs):
        from blog.event_calendar import google_calendar_url

        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = public_page_url(self)
        context["events_index"] = routed_parent(self)
        context["shows_online_link"] = self.shows_online_link_to(request.user)
        context["google_calendar_url"] = google_calendar_url(self, request.user)
        context.update(page_parts.kept(self, request, "event", self.listed_parts))
        return context

    def listed_parts(self) -> dict[str, list[dict]]:
        """The related reading, regions and tags the page lists, as plain data to be kept
        with the page (:mod:`blog.page_parts`)."""
        return {
            "related_links": [
                {"title": link.title, "url": link.url, "source_name": link.source_name}
                for link in self.related_links.all()
            ],
            "regions": [{"name": each.name, "slug": each.slug} for each in self.regions.all()],
            "tags": [{"name": tag.name} for tag in self.tags.all()],
        }

    @path("calendar/", name="calendar")
    def calendar(self, request):
        from blog.event_calendar import event_calendar_response

        return event_calendar_response(self, request)
