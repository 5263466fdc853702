"""Events are found where the rest of the site is found: in a feed of their own (RSS and
Atom), in the sitemap and in the site search."""

import datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from tests.event_factories import events_index, make_event, republish

pytestmark = pytest.mark.django_db

SITE_URL = "https://network.example"
SITEMAP_NS = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def read_feed(client, atom: bool = False):
    url = f"{events_index().url}feed/{'atom/' if atom else ''}"
    response = client.get(url)
    assert response.status_code == 200
    kind = "application/atom+xml" if atom else "application/rss+xml"
    assert response["Content-Type"].startswith(kind)
    parsed = feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


# --- The feed ------------------------------------------------------------------------


@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
def test_the_events_feed_lists_the_newest_announced_first_saying_when_and_where(client, atom):
    make_event("Spring assembly", days_from_now=60)
    make_event(
        "Second conference",
        start_date=datetime.date(2030, 7, 13),
        time_zone="America/Chicago",
        venue_name="Union hall",
        venue_city="Memphis",
        tags=["conference"],
    )

    parsed = read_feed(client, atom)

    assert parsed.feed.title == "Network: events"
    assert [entry.title for entry in parsed.entries] == ["Second conference", "Spring assembly"]
    conference = parsed.entries[0]
    assert conference.link == f"{SITE_URL}{events_index().url}second-conference/"
    assert "Saturday, July 13, 2030, 10 a.m." in conference.summary
    assert "CDT" in conference.summary
    assert "Union hall, Memphis" in conference.summary
    assert "In your time zone" not in conference.summary
    assert [tag.term for tag in conference.tags] == ["conference"]


def test_a_cancelled_event_says_so_in_the_feed(client):
    event = make_event("Picnic")
    republish(event, status="cancelled", status_note="Rain all weekend.")

    (entry,) = read_feed(client).entries

    assert entry.title == "Cancelled: Picnic"
    assert "Rain all weekend." in entry.summary


def test_the_feed_never_carries_a_members_only_link(client, member):
    make_event("Online assembly", online_url="https://meet.example/secret-room")
    client.force_login(member)  # even when a member's browser asks

    (entry,) = read_feed(client).entries

    assert "secret-room" not in entry.summary


def test_the_feed_leaves_out_drafts_and_members_only_events(client):
    make_event("Public")
    make_event("Draft", publish=False)
    private = make_event("Members meeting")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert [entry.title for entry in read_feed(client).entries] == ["Public"]


def test_the_index_names_its_feeds_and_calendar_for_readers_to_find(client):
    page = client.get(events_index().url).text
    index = events_index().url
    assert f'type="application/rss+xml" title="Network: events (RSS)" href="{index}feed/"' in page
    calendar = f'title="Network: events (iCalendar)" href="{index}calendar/"'
    assert f'type="text/calendar" {calendar}' in page
    assert 'href="webcal://network.example/events/calendar/"' in page


def test_the_feed_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    for n in range(2):
        make_event(f"Event {n}", tags=["a"])
    url = f"{events_index().url}feed/"
    client.get(url)
    # Wagtail finding the page, the private sections, the events, their tags.
    with django_assert_max_num_queries(9) as few:
        client.get(url)
    budget = len(few.captured_queries)
    for n in range(2, 10):
        make_event(f"Event {n}", tags=["a", f"t{n}"])
    client.get(url)
    with django_assert_num_queries(budget):
        client.get(url)


# --- The sitemap ---------------------------------------------------------------------


def test_the_sitemap_lists_the_events_index_and_its_events(client):
    event = make_event("Second conference")
    past = make_event("First conference", days_from_now=-300)
    draft = make_event("Not yet", publish=False)

    response = client.get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sitemap:url/sitemap:loc", SITEMAP_NS)]

    assert f"{SITE_URL}{events_index().url}" in locations
    assert f"{SITE_URL}{event.url}" in locations
    assert f"{SITE_URL}{past.url}" in locations
    assert not [location for location in locations if draft.slug in location]


# --- Search --------------------------------------------------------------------------


def search(client, query, **params):
    return client.get(reverse("search"), {"q": query, **params})


def test_an_event_is_found_by_its_title_venue_or_description(client):
    event = make_event(
        "Second conference of the network",
        venue_name="Teamsters hall",
        venue_city="Chattanooga",
        description=[("paragraph", RichText("<p>Sessions on mutual aid.</p>"))],
    )
    make_event("Something else")

    for query in ("conference", "Teamsters", "Chattanooga", "mutual"):
        response = search(client, query, **{"in": "events"})
        results = response.context["results"].object_list
        assert [result.title for result in results] == [event.title], query
        assert results[0].url == event.url
        assert results[0].kind == "Event"


def test_the_search_has_an_events_tab_with_its_count(client):
    make_event("Tenant union convention")

    response = search(client, "convention")

    assert {tab.label: tab.count for tab in response.context["tabs"]}["Events"] == 1
    assert [result.title for result in response.context["results"].object_list] == [
        "Tenant union convention"
    ]
    assert "Event · " in response.text


def test_a_cancelled_event_is_found_marked_cancelled(client):
    event = make_event("Convention")
    republish(event, status="cancelled", status_note="Called off.")
    response = search(client, "convention", **{"in": "events"})
    assert response.context["results"].object_list[0].note == "Cancelled"


def test_search_leaves_out_draft_and_members_only_events(client):
    make_event("Draft convention", publish=False)
    private = make_event("Private convention")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = search(client, "convention", **{"in": "events"})

    assert list(response.context["results"].object_list) == []
