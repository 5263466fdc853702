"""The events' pages are valid HTML, as the W3C's checker reads them: the index (all
events, a region, a region that does not exist, a later page), an event with every part
an editor can give it, seen by a visitor and by a member, a cancelled one, and the home
page with its next events."""

import datetime

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from network.models import Region
from tests.event_factories import events_index, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>Canary</title></head><body>'
    "<dl><dt>When</dt></dl><p><div></div></p></body></html>"
)


@pytest.fixture
def events():
    people = [{"name": "Rosa Bell", "organization": "Georgia Tenants Union"}]
    conference = make_event(
        "Second conference <of> the network & friends",
        start_date=datetime.date(2030, 7, 13),
        end_date=datetime.date(2030, 7, 14),
        time_zone="America/Chicago",
        venue_name="Union hall",
        venue_address="12 Main St",
        venue_city="Memphis",
        venue_region=Region.objects.get(slug="tennessee"),
        online_url="https://meet.example/room?a=1&b=2",
        description=[
            ("paragraph", RichText("<p>Two days of <b>sessions</b>.</p>")),
            (
                "video_segment",
                {
                    "title": "Opening plenary",
                    "summary": RichText("<p>Where we stand.</p>"),
                    "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "speakers": people,
                },
            ),
            ("participants", {"heading": "Participants", "people": people}),
        ],
        call_to_action_label="Register",
        call_to_action_url="https://forms.example/register?x=1&y=2",
        call_to_action_text="<p>Delegations of <i>three</i>.</p>",
        related_heading="Assessments of the conference",
        related=[("What it decided", "https://example.org/decided", "Labor Notes")],
        regions=[Region.objects.get(slug="georgia")],
        tags=["conference"],
    )
    cancelled = make_event(
        "Picnic", status="cancelled", status_note="Rain & wind.", days_from_now=3
    )
    for n in range(12):
        make_event(f"Meeting {n}", days_from_now=-(n + 1))
    return {"conference": conference, "cancelled": cancelled}


def test_the_events_pages_are_valid_html(events, nu_checker, tmp_path):
    visitor, member = Client(), Client()
    member.force_login(UserFactory(username="rosa_b"))
    index = events_index().url
    pages = {
        "events": (visitor, index),
        "events-region": (visitor, f"{index}?region=georgia"),
        "events-bad-region": (visitor, f"{index}?region=%3Cscript%3E"),
        "events-page-2": (visitor, f"{index}?past=2"),
        "event": (visitor, events["conference"].url),
        "event-member": (member, events["conference"].url),
        "event-cancelled": (visitor, events["cancelled"].url),
        "home-with-events": (visitor, "/"),
    }
    documents = {}
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    assert "That is" in documents["event"]
    assert "https://meet.example/room?a=1&amp;b=2" in documents["event-member"]
    assert "is not one of the available choices" in documents["events-bad-region"]
    documents["canary"] = CANARY

    problems = nu_checker.problems(documents, tmp_path)

    assert problems.pop("canary") != []
    invalid = {name: found for name, found in problems.items() if found}
    assert not invalid, "\n".join(
        f"{name}: {message}" for name, found in invalid.items() for message in found
    )
