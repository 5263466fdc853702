"""RSS 2.0 and Atom feeds of events, newest announced first: each entry says when and
where, and whether the event moved or was cancelled. Every address in them is at
``SITE_URL`` (network.addresses). For a calendar client, the index's iCalendar feed
(blog.event_calendar) is the one to follow.
https://docs.djangoproject.com/en/5.2/ref/contrib/syndication/"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from blog.event_calendar import summary
from network.addresses import public_html, public_page_url, public_url

FEED_LENGTH = 20


class EventFeed(Feed):
    def __init__(self, index, atom: bool = False):
        super().__init__()
        self.index = index
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed

    def get_object(self, request):
        self.request = request
        return self.index

    def title(self, obj):
        return gettext("%(site)s: events") % {"site": settings.SITE_NAME}

    def link(self, obj):
        return public_page_url(obj)

    def feed_url(self, obj):
        return public_url(self.request.path)

    def description(self, obj):
        return gettext("Events and conferences of the network, newest announced first.")

    def author_name(self, obj):
        return settings.SITE_NAME

    def items(self, obj):
        events = obj.get_events().for_calendar()
        return events.order_by("-first_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return summary(item)

    def item_link(self, item):
        return public_page_url(item)

    def item_guid(self, item):
        return public_page_url(item)

    def item_description(self, item):
        # A feed is read anywhere, by anyone: as a visitor sees the event.
        context = {"event": item, "location": item.location_for(AnonymousUser())}
        html = render_to_string("blog/event_feed_item.html", context)
        return public_html(html).strip()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
