"""A demo partner feed for ``manage.py seed_demo``, registered paused: `make run` never
fetches anything from the internet. Its address is example.org's, reserved for
examples; an editor trying the feature points it at a real partner and ticks "Active"."""

from __future__ import annotations

from collections.abc import Callable

from blog.partner_feeds import PartnerFeed
from network.models import Region

DEMO_FEED_URL = "https://example.org/partner-feed.xml"


def seed_partner_feeds(say: Callable[[str], None]) -> None:
    feed, created = PartnerFeed.objects.get_or_create(
        url=DEMO_FEED_URL,
        defaults={"name": "Example Partner Press (demo)", "active": False},
    )
    if not created:
        return
    feed.default_tags.add("cross-post")
    feed.default_regions.set(Region.objects.filter(code__in=["GA", "AL"]))
    say("Registered a demo partner feed, paused (Partner feeds in the admin).")
