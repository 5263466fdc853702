"""A reader puts the network's events in their calendar: one event's .ics file, or the
index's calendar to subscribe to (every event, or a region's). What a calendar client
needs holds: times with their zone and its VTIMEZONE, a UID that survives edits, a
SEQUENCE that grows when the time, place or status changes, cancelled events marked so
rather than dropped, and no members-only link for whoever is not signed in."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from blog.event_calendar import CALENDAR_PAST_DAYS
from blog.events import EventPage
from network.models import Region
from tests.event_factories import events_index, make_event, republish

pytestmark = pytest.mark.django_db

SITE_URL = "https://network.example"
SATURDAY = datetime.date(2030, 7, 13)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def event_file(client, event) -> Calendar:
    response = client.get(f"{event.url}calendar/")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    return parse(response)


def feed(client, region: str | None = None) -> Calendar:
    prefix = f"region/{region}/" if region else ""
    response = client.get(f"{events_index().url}{prefix}calendar/")
    assert response["Content-Disposition"].startswith("inline;")
    return parse(response)


def entries(calendar: Calendar) -> dict[str, object]:
    return {str(entry["URL"]).rsplit("/", 2)[-2]: entry for entry in calendar.walk("VEVENT")}


def the_entry(calendar: Calendar):
    (entry,) = calendar.walk("VEVENT")
    return entry


def chicago_conference(**fields):
    return make_event(
        "Second conference",
        start_date=SATURDAY,
        start_time=datetime.time(10),
        end_time=datetime.time(16, 30),
        time_zone="America/Chicago",
        venue_name="Union hall",
        venue_address="12 Main St",
        venue_city="Memphis",
        venue_region=Region.objects.get(slug="tennessee"),
        tags=["conference"],
        **fields,
    )


def test_an_events_file_holds_its_zone_aware_times_with_their_time_zone(client):
    event = chicago_conference()

    calendar = event_file(client, event)
    entry = the_entry(calendar)

    chicago = ZoneInfo("America/Chicago")
    assert entry.start == datetime.datetime(2030, 7, 13, 10, tzinfo=chicago)
    assert entry.end == datetime.datetime(2030, 7, 13, 16, 30, tzinfo=chicago)
    assert entry["DTSTART"].params["TZID"] == "America/Chicago"
    assert entry["DTEND"].params["TZID"] == "America/Chicago"
    assert b"DTSTART;TZID=America/Chicago:20300713T100000" in calendar.to_ical()
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Chicago"
    assert calendar.get_missing_tzids() == set()
    # The zone in the file itself says what UTC moment it is, as a client reads it.
    assert entry.start.astimezone(datetime.UTC) == event.start


def test_an_events_file_says_what_a_calendar_shows(client):
    event = chicago_conference(online_url="https://stream.example/live", online_members_only=False)

    calendar = event_file(client, event)
    entry = the_entry(calendar)

    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(entry["SUMMARY"]) == "Second conference"
    assert str(entry["UID"]) == f"event-{event.translation_key}@network.example"
    assert entry["SEQUENCE"] == 0
    assert str(entry["URL"]) == f"{SITE_URL}{event.url}"
    assert str(entry["LOCATION"]) == (
        "Union hall, 12 Main St, Memphis, Tennessee · https://stream.example/live"
    )
    assert str(entry["STATUS"]) == "CONFIRMED"
    published = event.last_published_at.replace(microsecond=0)
    assert entry["DTSTAMP"].dt == published
    assert entry["LAST-MODIFIED"].dt == published
    assert "What Second conference is about." in str(entry["DESCRIPTION"])
    assert f"{SITE_URL}{event.url}" in str(entry["DESCRIPTION"])
    assert entry.categories == ["conference"]


def test_the_uid_stays_while_the_sequence_grows_with_each_change_of_time_place_or_status(client):
    event = chicago_conference()
    # Published an hour ago: DTSTAMP is to the second, and the edits below take less.
    an_hour_ago = event.last_published_at - datetime.timedelta(hours=1)
    EventPage.objects.filter(pk=event.pk).update(last_published_at=an_hour_ago)
    event.refresh_from_db()
    first = the_entry(event_file(client, event))
    assert first["SEQUENCE"] == 0

    republish(event, start_time=datetime.time(11))
    moved = the_entry(event_file(client, event))

    republish(event, venue_name="Labor Temple")
    relocated = the_entry(event_file(client, event))

    republish(event, status="cancelled", status_note="Postponed to the spring.")
    cancelled = the_entry(event_file(client, event))

    assert first["UID"] == moved["UID"] == relocated["UID"] == cancelled["UID"]
    assert [moved["SEQUENCE"], relocated["SEQUENCE"], cancelled["SEQUENCE"]] == [1, 2, 3]
    assert moved.start == datetime.datetime(2030, 7, 13, 11, tzinfo=ZoneInfo("America/Chicago"))
    assert cancelled["DTSTAMP"].dt > first["DTSTAMP"].dt


def test_an_edit_of_the_words_alone_keeps_the_sequence(client):
    event = chicago_conference()
    republish(event, introduction="Now with a longer introduction.", title="Second conference!")

    entry = the_entry(event_file(client, event))

    assert entry["SEQUENCE"] == 0
    assert str(entry["SUMMARY"]) == "Second conference!"


def test_a_draft_saved_after_a_change_does_not_count_until_it_is_published(client):
    event = chicago_conference()
    event.start_time = datetime.time(12)
    event.save_revision()  # a draft: the calendar still shows what is live

    entry = the_entry(event_file(client, event))

    assert entry["SEQUENCE"] == 0
    assert entry.start.hour == 10
    event.get_latest_revision().publish()
    assert the_entry(event_file(client, event))["SEQUENCE"] == 1


def test_publishing_an_older_revision_again_counts_as_a_change(client):
    event = chicago_conference()
    original = event.get_latest_revision()
    republish(event, start_time=datetime.time(12))

    original.publish()
    event.refresh_from_db()

    assert event.start_time == datetime.time(10)
    assert the_entry(event_file(client, event))["SEQUENCE"] == 2


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(client):
    kept = chicago_conference()
    cancelled = make_event("Picnic", days_from_now=3)

    republish(cancelled, status="cancelled", status_note="Rain.")
    calendar = feed(client)

    found = entries(calendar)
    assert set(found) == {kept.slug, cancelled.slug}
    assert str(found[cancelled.slug]["STATUS"]) == "CANCELLED"
    assert str(found[cancelled.slug]["SUMMARY"]) == "Cancelled: Picnic"
    assert found[cancelled.slug]["SEQUENCE"] == 1
    assert str(found[kept.slug]["STATUS"]) == "CONFIRMED"
    assert "Cancelled: Rain." in str(found[cancelled.slug]["DESCRIPTION"])


def test_the_feed_is_a_calendar_to_subscribe_to(client):
    chicago_conference()
    make_event("Atlanta meeting", time_zone="America/New_York")

    calendar = feed(client)

    assert str(calendar["X-WR-CALNAME"]) == "Network: events"
    assert str(calendar["UID"]) == "events@network.example"
    assert "METHOD" not in calendar
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=6)
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == {
        "America/Chicago",
        "America/New_York",
    }
    assert calendar.get_missing_tzids() == set()


def test_the_feed_holds_upcoming_events_and_the_past_years(client):
    make_event("Soon", days_from_now=3)
    make_event("Last month", days_from_now=-30)
    make_event("Long ago", days_from_now=-(CALENDAR_PAST_DAYS + 30))

    assert set(entries(feed(client))) == {"soon", "last-month"}


def test_a_regions_feed_holds_its_events_only(client):
    georgia = Region.objects.get(slug="georgia")
    make_event("Atlanta", venue_region=georgia)
    make_event("Savannah", regions=[georgia])
    make_event("Houston", regions=[Region.objects.get(slug="texas")])

    calendar = feed(client, region="georgia")

    assert set(entries(calendar)) == {"atlanta", "savannah"}
    assert str(calendar["X-WR-CALNAME"]) == "Network: events in Georgia"
    assert client.get(f"{events_index().url}region/atlantis/calendar/").status_code == 404


def test_drafts_and_members_only_events_stay_out_of_the_feed(client, member):
    make_event("Public")
    make_event("Draft", publish=False)
    private = make_event("Members meeting")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert set(entries(feed(client))) == {"public"}
    response = client.get(f"{private.url}calendar/")
    assert response.status_code == 302  # to sign in, as the page itself
    assert "/accounts/login/" in response["Location"]


def test_a_members_only_link_never_reaches_a_visitors_calendar(client, member):
    event = chicago_conference(online_url="https://meet.example/secret-room")

    for calendar in (event_file(client, event), feed(client)):
        ical = calendar.to_ical().decode()
        assert "secret-room" not in ical
        entry = calendar.walk("VEVENT")[0]
        assert "sign in on the event’s page" in str(entry["LOCATION"])

    client.force_login(member)
    entry = the_entry(event_file(client, event))
    assert "https://meet.example/secret-room" in str(entry["LOCATION"])
    assert "Join online: https://meet.example/secret-room" in str(entry["DESCRIPTION"])


def test_the_google_calendar_link_keeps_the_members_only_link_from_visitors(client, member):
    event = chicago_conference(online_url="https://meet.example/secret-room")
    assert "secret-room" not in client.get(event.url).text
    client.force_login(member)
    assert "secret-room" in client.get(event.url).context["google_calendar_url"]


def test_calendar_feed_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    for n in range(2):
        make_event(f"Event {n}", days_from_now=n + 1, tags=["a", "b"])
    url = f"{events_index().url}calendar/"
    client.get(url)
    # Wagtail finding the page (the site, the path, its ancestors' privacy), the private
    # sections the calendar leaves out, the events, their tags.
    with django_assert_max_num_queries(9) as few:
        client.get(url)
    budget = len(few.captured_queries)
    for n in range(2, 12):
        make_event(f"Event {n}", days_from_now=n + 1, tags=["a", f"t{n}"])
    client.get(url)
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert len(entries(parse(response))) == 12
