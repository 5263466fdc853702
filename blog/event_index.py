"""The "Events" index: upcoming events soonest first and past ones latest first, each
list paginated on its own, filtered by region; its calendar and feeds; and the home
page's next events. The events themselves are in blog.events.
https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.events import EventPage, EventPageQuerySet
from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting
from network.addresses import public_url
from network.models import Region

EVENTS_PER_PAGE = 10
HOME_PAGE_EVENTS = 3


class EventFilterForm(forms.Form):
    """The index's region filter: a GET form, so it works without JavaScript and its
    results have an address. An unknown region is said beside the field, and every
    event is listed."""

    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, data, regions: list[Region]):
        super().__init__(data)
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [
            ("", gettext("All regions")),
            *((region.slug, region.name) for region in regions),
        ]

    @property
    def chosen_region(self) -> Region | None:
        if not self.is_valid():
            return None
        return self.regions.get(self.cleaned_data["region"])


def upcoming_events(private: Q) -> dict:
    """The home page's events section: the next events, and the index that lists them
    all (looked up only when there are events to show). ``private`` is the private
    sections, as the home page reads them once for all its lists."""
    events = list(
        EventPage.objects.live().exclude(private).upcoming().for_listing()[:HOME_PAGE_EVENTS]
    )
    index = EventIndexPage.objects.live().exclude(private).first() if events else None
    return {"upcoming_events": events, "events_index": index}


class EventIndexPage(RoutablePageMixin, PageRouting, WrittenIn, Page):
    """ "Events": upcoming events soonest first and past ones latest first, each list
    paginated on its own (``?upcoming=2``, ``?past=3``) and filtered by region
    (``?region=georgia``); a calendar to subscribe to, of every event or a region's, and
    RSS and Atom feeds. https://docs.wagtail.org/en/stable/reference/contrib/routablepage.html"""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, LANGUAGE_PANEL, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, translation_panel("blog.EventIndexPage")]

    parent_page_types = ["blog.HomePage"]
    subpage_types = ["blog.EventPage"]
    max_count = 1  # one calendar of the network's events (the home page shows its next three)

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    def get_events(self) -> EventPageQuerySet:
        return EventPage.objects.live().public().child_of(self)

    @path("")
    def listing(self, request):
        regions = list(Region.objects.all())
        form = EventFilterForm(request.GET, regions)
        region = form.chosen_region
        events = self.get_events().for_listing()
        if region is not None:
            events = events.in_region(region)
        now = timezone.now()
        upcoming = Paginator(events.upcoming(now), EVENTS_PER_PAGE).get_page(
            request.GET.get("upcoming")
        )
        past = Paginator(events.past(now), EVENTS_PER_PAGE).get_page(request.GET.get("past"))
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "region": region,
                "upcoming": upcoming,
                "past": past,
                "calendar": self.calendar_addresses(request, region),
            },
        )

    def calendar_addresses(self, request, region: Region | None) -> dict[str, str]:
        """The calendar's address, and the same at ``webcal:``, which a click hands to
        the reader's calendar application to subscribe."""
        if region is None:
            route = self.reverse_subpage("calendar")
        else:
            route = self.reverse_subpage("region_calendar", args=[region.slug])
        url = self.get_url(request) + route
        return {"url": url, "subscribe": "webcal://" + public_url(url).split("://", 1)[1]}

    @path("calendar/", name="calendar")
    @path("region/<slug:region>/calendar/", name="region_calendar")
    def calendar(self, request, region=None):
        from blog.event_calendar import index_calendar_response

        region = get_object_or_404(Region, slug=region) if region else None
        return index_calendar_response(self, request, region)

    @path("feed/", name="feed_rss")
    @path("feed/atom/", name="feed_atom")
    def feed(self, request):
        from blog.event_feeds import EventFeed

        return EventFeed(self, atom=request.path.endswith("/atom/"))(request)
