"""Events for ``make bench``: issue #12's events index with ``Size.events`` past events
(added to the tree live, without revisions, as a years-old site holds them: the listing
reads the same rows), a few upcoming ones published as an editor publishes them, and the
conference page that is loaded, in sessions with their speakers and its related reading."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from blog.models import EventIndexPage, EventPage
from network import bench
from network.demo.blog import SESSION_PEOPLE
from network.models import Region

UPCOMING = 5


def conference_description() -> list:
    return [
        ("paragraph", RichText("<p>Two days to take stock and adopt a program.</p>")),
        *[
            (
                "video_segment",
                {
                    "title": f"Session {n}",
                    "summary": RichText("<p>Reports from each state's delegation.</p>"),
                    "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "speakers": SESSION_PEOPLE[:3],
                },
            )
            for n in range(1, 5)
        ],
        ("participants", {"heading": "Participants", "people": SESSION_PEOPLE}),
    ]


def build_events(data: bench.DataSet, say: bench.Say) -> None:
    index = EventIndexPage.objects.get()
    regions = list(Region.objects.all())
    today = timezone.localdate()
    now = timezone.now()
    for n in range(data.size.events):
        index.add_child(
            instance=EventPage(
                title=f"Monthly meeting {n + 1}",
                slug=f"monthly-meeting-{n + 1}",
                introduction="Reports, a workshop, and what comes next.",
                start_date=today - timedelta(days=n + 1),
                start_time=time(18),
                end_time=time(20),
                time_zone="America/Chicago",
                venue_name="Union hall",
                venue_city="Memphis",
                venue_region=regions[n % len(regions)],
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    conference = None
    for n in range(UPCOMING):
        conference = EventPage(
            title=f"Regional conference {n + 1}",
            slug=f"regional-conference-{n + 1}",
            introduction="Delegations from across the South.",
            start_date=today + timedelta(days=10 * (n + 1)),
            end_date=today + timedelta(days=10 * (n + 1) + 1),
            start_time=time(9, 30),
            end_time=time(17),
            time_zone="America/Chicago",
            venue_name="Labor Temple",
            venue_city="Memphis",
            venue_region=regions[n % len(regions)],
            online_url="https://meet.example.org/conference",
            description=conference_description(),
            call_to_action_url="https://forms.example.org/register",
            related_heading="Assessments of the conference",
            live=False,
        )
        for position in range(3):
            conference.related_links.add(
                conference.related_links.model(
                    title=f"Report-back {position + 1}",
                    url=f"https://example.org/report-{position + 1}",
                    source_name="The Piedmont Organizer",
                    sort_order=position,
                )
            )
        index.add_child(instance=conference)
        conference.tags.add("conference", "2027")
        conference.regions.set(regions[:3])
        conference.save_revision().publish()
    data.pages += [
        bench.Page("events index", index.url, None),
        bench.Page("event page", conference.url, None),
    ]
