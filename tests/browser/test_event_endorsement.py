"""Issue #12's browser test, on an event: an editor creates an event with an endorsement
drive in the Wagtail admin; a visitor endorses it, confirms through the emailed link, the
editor approves, and the endorser appears on the event's page with the count updated.
The event's "Add to your calendar" file parses with icalendar and holds its times in the
event's own zone."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.endorsing import (
    add_drive,
    approve_in_admin,
    confirm_by_email,
    editor_in_admin,
    endorse,
    publish,
)
from tests.event_factories import events_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Second conference of the Southern left"
STATEMENT = "We endorse the second conference and will send a delegation."
CHICAGO = ZoneInfo("America/Chicago")


def test_an_editor_runs_a_drive_on_an_event_and_a_visitor_endorses_it(
    browser, live_server, page, settings
):
    settings.SITE_URL = live_server.url  # where the email's links lead
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # see tests.browser.endorsing.publish
    editor_in_admin(page, live_server)
    index = events_index()

    # The editor makes the event under the Events index, its drive in the same form.
    page.goto(f"/admin/pages/add/blog/eventpage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_introduction").fill("Delegations from across the South, in Memphis.")
    for field, value in [
        ("#id_start_date", "2030-07-13"),
        ("#id_start_time", "10:00"),
        ("#id_end_date", "2030-07-14"),
        ("#id_end_time", "16:00"),
    ]:
        page.locator(field).fill(value)
        page.keyboard.press("Escape")  # the date and time pickers close
    page.locator("#id_time_zone").select_option("America/Chicago")
    page.locator("#id_venue_name").fill("Labor Temple")
    page.locator("#id_venue_city").fill("Memphis")
    page.locator("#id_venue_region").select_option(label="Tennessee")
    add_drive(page, STATEMENT)
    publish(page)

    # A visitor finds it among the events and endorses it for their organization…
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto(index.url)
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text("Saturday, July 13, 2030, 10 a.m.")).to_be_visible()
    expect(visitor.locator(".event__venue")).to_contain_text("Labor Temple")
    expect(visitor.locator(".endorsement-drive__statement")).to_contain_text(STATEMENT)
    expect(visitor.locator(".endorsers__count")).to_have_text("No endorsements are listed yet.")
    event_url = visitor.url
    endorse(
        visitor,
        name="Darnell Hayes",
        organization="Memphis Tenants Union",
        email="darnell@example.org",
        role="Secretary",
        city="Memphis",
        state="Tennessee",
    )
    # …and confirms through the link in the email.
    confirm_by_email(visitor, "Memphis Tenants Union")

    # The editor approves it in the admin.
    approve_in_admin(page, "Darnell Hayes")

    # The endorser is on the event's page, counted.
    visitor.goto(event_url)
    endorsers = visitor.locator(".endorsers")
    expect(endorsers.locator(".endorser__name")).to_have_text("Memphis Tenants Union")
    expect(endorsers.locator(".endorser__place")).to_have_text("Memphis, TN")
    expect(endorsers.locator(".endorsers__count")).to_have_text("1 endorser, 1 organization")
    expect(endorsers).not_to_contain_text("darnell@example.org")

    # The event goes into a calendar with its times in its own zone.
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Add to your calendar (.ics file)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == TITLE
    assert entry["DTSTART"].params["TZID"] == "America/Chicago"
    assert entry.start == datetime.datetime(2030, 7, 13, 10, tzinfo=CHICAGO)
    assert entry.start.tzinfo.key == "America/Chicago"
    assert entry.end == datetime.datetime(2030, 7, 14, 16, tzinfo=CHICAGO)
    assert [zone.tz_name for zone in calendar.timezones] == ["America/Chicago"]
    assert "Labor Temple" in str(entry["LOCATION"])
    visitor.context.close()
