"""A visitor on a phone finds the events in their region, opens one and puts it in their
calendar: the .ics file they download holds the event's times in its own zone. A reader
in another zone is told the time on their own clock too."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from network.models import Region
from tests.event_factories import events_index, make_event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_WIDTH = 360


@pytest.fixture
def phone(browser, live_server):
    """A phone in Berlin: its clock is none the event pages show on their own."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": PHONE_WIDTH, "height": 740},
        is_mobile=True,
        timezone_id="Europe/Berlin",
        locale="en-US",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def events():
    georgia = Region.objects.get(slug="georgia")
    conference = make_event(
        "Second conference of the Southern network of tenant unions and workers centers",
        start_date=datetime.date(2030, 7, 13),
        start_time=datetime.time(10),
        end_time=datetime.time(16),
        time_zone="America/Chicago",
        venue_name="Union hall",
        venue_city="Savannah",
        venue_region=georgia,
        online_url="https://meet.example/secret-room",
        introduction="Delegations from across the South.",
    )
    make_event("Houston assembly", regions=[Region.objects.get(slug="texas")], days_from_now=3)
    make_event("Atlanta school", regions=[georgia], days_from_now=-20)
    return {"conference": conference}


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_visitor_on_a_phone_filters_by_region_opens_an_event_and_downloads_it(phone, events):
    conference = events["conference"]
    phone.goto(events_index().url)
    expect(phone.get_by_role("heading", name="Houston assembly")).to_be_visible()
    assert not scrolls_sideways(phone)

    phone.get_by_label("Region").select_option(label="Georgia")
    phone.get_by_role("button", name="Show").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Events in Georgia")
    expect(phone.get_by_role("heading", name="Houston assembly")).to_have_count(0)
    expect(phone.get_by_role("heading", name="Atlanta school")).to_be_visible()
    assert not scrolls_sideways(phone)

    phone.get_by_role("link", name=conference.title).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(conference.title)
    expect(phone.get_by_text("Saturday, July 13, 2030, 10 a.m.")).to_be_visible()
    yours = phone.locator("[data-your-time]")
    expect(yours).to_be_visible()
    expect(yours).to_contain_text("In your time zone:")
    expect(yours).to_contain_text("5:00")  # 10 a.m. in Chicago is 5 p.m. in Berlin
    expect(phone.get_by_text("Sign in for the link")).to_be_visible()
    assert "secret-room" not in phone.content()
    assert not scrolls_sideways(phone)

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Add to your calendar (.ics file)").click()
    download = download_info.value
    assert download.suggested_filename == f"{conference.slug}.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())

    (entry,) = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "America/Chicago"
    assert entry.start == datetime.datetime(2030, 7, 13, 10, tzinfo=ZoneInfo("America/Chicago"))
    assert entry.end == datetime.datetime(2030, 7, 13, 16, tzinfo=ZoneInfo("America/Chicago"))
    assert [zone.tz_name for zone in calendar.timezones] == ["America/Chicago"]
    assert "secret-room" not in calendar.to_ical().decode()


def test_a_reader_on_the_events_clock_is_not_told_it_twice(browser, live_server, events):
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Chicago")
    page = context.new_page()
    page.goto(events["conference"].url)
    expect(page.get_by_text("That is 11 a.m. – 5 p.m. EDT.")).to_be_visible()
    expect(page.locator("[data-your-time]")).to_be_hidden()
    context.close()
