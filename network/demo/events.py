"""Demo events for ``manage.py seed_demo``: the "Events" index (the migrations make it;
made here too if it was deleted) with the network's second conference ahead, told in
sessions with their speakers and participants, a regional school online, a past
convention with what was written about it, and a picnic called off. Idempotent: an
event whose slug exists is left alone. Dates are relative to the day it runs."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from blog.models import EventIndexPage, EventPage, HomePage
from network.demo.blog import SESSION_PEOPLE, paragraphs
from network.models import Region


def sessions() -> list:
    return [
        *paragraphs(
            "Two days in Memphis to take stock of three years of organizing across the South, "
            "and to agree on what the network does next. Every member organization may send "
            "a delegation; members may come on their own."
        ),
        ("heading", "Sessions"),
        (
            "video_segment",
            {
                "title": "Opening plenary: where the network stands",
                "summary": RichText("<p>Reports from each state's delegation.</p>"),
                "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                "speakers": SESSION_PEOPLE[:2],
            },
        ),
        (
            "video_segment",
            {
                "title": "Workshop: tenant unions from first meeting to rent strike",
                "summary": RichText("<p>What the Atlanta buildings learned, step by step.</p>"),
                "video": "https://www.youtube.com/watch?v=ScMzIvxBSi4",
                "speakers": [SESSION_PEOPLE[0], SESSION_PEOPLE[3]],
            },
        ),
        (
            "video_segment",
            {
                "title": "Closing plenary: a program for the next two years",
                "summary": RichText("<p>Debate and vote on the network's program.</p>"),
                "video": "https://vimeo.com/76979871",
                "speakers": SESSION_PEOPLE,
            },
        ),
        ("participants", {"heading": "Confirmed participants", "people": SESSION_PEOPLE}),
    ]


def demo_events() -> list[dict]:
    today = timezone.localdate()

    def days(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    return [
        {
            "title": "Second conference of the network",
            "introduction": (
                "Delegations from across the South meet in Memphis to take stock and adopt "
                "a program. Organizations and members are welcome."
            ),
            "start_date": days(45),
            "end_date": days(46),
            "start_time": datetime.time(9, 30),
            "end_time": datetime.time(17),
            "time_zone": "America/Chicago",
            "venue_name": "Memphis Labor Temple",
            "venue_address": "1600 Union Ave",
            "venue_city": "Memphis",
            "venue_region": "tennessee",
            "online_url": "https://meet.example.org/network-second-conference",
            "online_members_only": True,
            "description": sessions(),
            "call_to_action_label": "Register your delegation",
            "call_to_action_url": "https://forms.example.org/second-conference",
            "call_to_action_text": (
                "<p>Delegations of up to five per organization. Childcare and a quiet room "
                "on both days; write to the host committee for housing.</p>"
            ),
            "regions": ["tennessee", "georgia", "louisiana", "texas"],
            "tags": ["conference", "2027"],
        },
        {
            "title": "Political education school: the Southern freedom movements",
            "introduction": "Four evenings online, reading the movements our work comes from.",
            "start_date": days(12),
            "start_time": datetime.time(19),
            "end_time": datetime.time(20, 30),
            "time_zone": "America/New_York",
            "online_url": "https://meet.example.org/political-education",
            "online_members_only": True,
            "description": paragraphs("Readings are sent a week ahead; come having read them."),
            "call_to_action_text": (
                '<p>Sign up in the <a href="/forums/">political education forum</a>.</p>'
            ),
            "regions": [],
            "tags": ["political education"],
        },
        {
            "title": "First conference of the network",
            "introduction": "Where the network was founded: three days in Atlanta.",
            "start_date": days(-400),
            "end_date": days(-398),
            "start_time": datetime.time(10),
            "end_time": datetime.time(15),
            "time_zone": "America/New_York",
            "venue_name": "IBEW Local 613 hall",
            "venue_city": "Atlanta",
            "venue_region": "georgia",
            "description": paragraphs("The founding conference adopted the points of unity."),
            "related_heading": "Assessments of the conference",
            "related": [
                (
                    "What we built in Atlanta",
                    "https://piedmont-organizer.example/what-we-built-in-atlanta",
                    "The Piedmont Organizer",
                ),
                (
                    "Report-back from the Houston delegation",
                    "https://houston-workers.example/report-back-atlanta",
                    "Houston Workers Center",
                ),
                (
                    "A critical view from the left",
                    "https://gulf-coast-labor-review.example/atlanta-conference",
                    "Gulf Coast Labor Review",
                ),
            ],
            "regions": ["georgia"],
            "tags": ["conference"],
        },
        {
            "title": "Mutual aid picnic in City Park",
            "introduction": "Food, music and a skills share for New Orleans neighbors.",
            "start_date": days(5),
            "start_time": datetime.time(12),
            "end_time": datetime.time(16),
            "time_zone": "America/Chicago",
            "venue_name": "City Park, Popp Bandstand",
            "venue_city": "New Orleans",
            "venue_region": "louisiana",
            "status": EventPage.Status.CANCELLED,
            "status_note": "Storm warning for the weekend. We will set a new date soon.",
            "regions": ["louisiana"],
            "tags": ["mutual aid"],
        },
    ]


def events_index() -> EventIndexPage | None:
    index = EventIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        return None
    index = EventIndexPage(title="Events", slug="events", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def seed_events(say: Callable[[str], None]) -> None:
    index = events_index()
    if index is None:
        return
    regions = {region.slug: region for region in Region.objects.all()}
    created = 0
    for spec in demo_events():
        spec = dict(spec)
        title = spec.pop("title")
        slug = slugify(title)[:80]
        if EventPage.objects.filter(slug=slug).exists():
            continue
        region_slugs, tags = spec.pop("regions"), spec.pop("tags")
        related = spec.pop("related", [])
        venue_region = spec.pop("venue_region", None)
        page = EventPage(
            title=title,
            slug=slug,
            venue_region=regions.get(venue_region) if venue_region else None,
            live=False,
            **spec,
        )
        for number, (link_title, url, source) in enumerate(related):
            page.related_links.add(
                page.related_links.model(
                    title=link_title, url=url, source_name=source, sort_order=number
                )
            )
        index.add_child(instance=page)
        page.tags.add(*tags)
        page.regions.set([regions[slug] for slug in region_slugs])
        page.save_revision().publish()
        created += 1
    if created:
        say(f"{created} demo events (one cancelled, one past with what was written about it)")
