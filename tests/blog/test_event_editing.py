"""Editors make events in the Wagtail admin: the times as the event's clock reads them,
in its zone; what is wrong is said beside the field, and nothing typed is lost."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import EventPage
from tests.event_factories import events_index
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="ella_edits")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def add_event_url() -> str:
    return f"/admin/pages/add/blog/eventpage/{events_index().pk}/"


def event_form(action: str | None = "publish", **fields) -> dict:
    data = {
        "title": "Second conference of the network",
        "slug": "second-conference",
        "language": "en",
        "introduction": "Two days in Memphis.",
        "start_date": "2030-07-13",
        "start_time": "10:00",
        "end_date": "2030-07-14",
        "end_time": "16:00",
        "time_zone": "America/Chicago",
        "status": "scheduled",
        "status_note": "",
        "venue_name": "Union hall",
        "venue_address": "12 Main St",
        "venue_city": "Memphis",
        "venue_region": "",
        "online_url": "",
        "online_members_only": "on",
        "description": streamfield([("paragraph", rich_text("<p>Sessions.</p>"))]),
        "endorsement_drives": inline_formset([]),
        "call_to_action_label": "",
        "call_to_action_url": "",
        "call_to_action_text": rich_text(""),
        "related_heading": "",
        "related_links": inline_formset([]),
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        **fields,
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def errors_beside(response, field_name: str) -> str:
    soup = BeautifulSoup(response.text, "html.parser")
    wrapper = soup.find(id=f"id_{field_name}").find_parent(attrs={"data-field": True})
    return " ".join(error.get_text(" ", strip=True) for error in wrapper.select(".error-message"))


def test_an_editor_publishes_an_event_on_its_own_clock(client, editor):
    response = client.post(add_event_url(), event_form())

    assert response.status_code == 302
    event = EventPage.objects.get(slug="second-conference")
    assert event.live
    assert event.start == datetime.datetime(2030, 7, 13, 15, tzinfo=datetime.UTC)
    assert event.end == datetime.datetime(2030, 7, 14, 21, tzinfo=datetime.UTC)
    assert event.sequence == 0


def test_the_time_zone_is_chosen_from_a_list_with_the_united_states_first(client, editor):
    page = client.get(add_event_url()).text
    soup = BeautifulSoup(page, "html.parser")
    select = soup.find("select", id="id_time_zone")
    groups = [group["label"] for group in select.find_all("optgroup")]
    assert groups == ["United States", "Everywhere else"]
    assert select.find("option", selected=True)["value"] == "America/New_York"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"end_date": "2030-07-13", "end_time": "09:00"}, "end_time", "must end after it starts"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "is not a time zone"),
        ({"status": "cancelled"}, "status_note", "Say what changed"),
        ({"call_to_action_label": "Register"}, "call_to_action_url", "needs the address"),
        ({"slug": "calendar"}, "slug", "taken by the events"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "Enter a valid URL"),
    ],
    ids=[
        "ends-before-start",
        "unknown-zone",
        "cancelled-without-note",
        "button-without-link",
        "reserved-slug",
        "script-link",
    ],
)
def test_what_is_wrong_is_said_beside_the_field_and_nothing_is_lost(
    client, editor, fields, field, message
):
    response = client.post(add_event_url(), event_form(**fields))

    assert response.status_code == 200
    assert message in errors_beside(response, field)
    assert "Two days in Memphis." in response.text
    assert not EventPage.objects.filter(title="Second conference of the network").exists()
