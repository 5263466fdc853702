"""A member from Georgia finds their state's forum marked on the forum index, starts a
thread there, and the thread stays among members: a visitor who follows its link finds
nothing there."""

import pytest
from playwright.sync_api import expect

from forums.models import Thread
from network.models import Region
from tests.browser.people import established, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_member_starts_a_thread_in_their_regions_forum(page, live_server, monkeypatch):
    monkeypatch.setattr("forums.actions.MIN_SECONDS_BETWEEN_POSTS", 0)
    established(
        "dee_atl",
        profile__display_name="Dee from Atlanta",
        profile__region=Region.objects.get(slug="georgia"),
    )

    sign_in(page, "dee_atl")
    page.goto("/forums/")
    home = page.locator(".forum-row--home")
    expect(home).to_have_count(1)
    expect(home.locator(".forum-row__name")).to_have_text("Georgia")
    # First on the page, under its own heading; the other regions a compact list.
    expect(page.get_by_role("heading", name="Your region", exact=True)).to_be_visible()
    expect(page.get_by_text("Your region", exact=True)).to_have_count(1)
    expect(page.locator(".forum-compact").get_by_role("link", name="Texas")).to_be_visible()

    home.get_by_role("link", name="Georgia").click()
    expect(page.get_by_role("heading", name="Georgia", exact=True)).to_be_visible()
    page.get_by_role("link", name="New thread").click()
    page.get_by_label("Title").fill("Savannah port workers meeting")
    page.get_by_label("Opening post").fill("Thursday at 7, the union hall on *Bay Street*.")
    page.get_by_role("button", name="Start thread").click()

    expect(page.get_by_role("heading", name="Savannah port workers meeting")).to_be_visible()
    expect(page.locator(".breadcrumbs")).to_contain_text("Georgia")
    expect(page.locator(".post--opening em")).to_have_text("Bay Street")
    thread_path = Thread.objects.get(title="Savannah port workers meeting").get_absolute_url()
    assert page.url == f"{live_server.url}{thread_path}"

    page.goto("/forums/georgia/")
    expect(page.locator(".thread-row__title")).to_have_text(["Savannah port workers meeting"])
    page.goto("/forums/")
    expect(home.locator(".forum-row__last")).to_contain_text("Savannah port workers meeting")

    page.context.clear_cookies()
    response = page.goto(thread_path)
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Savannah port workers meeting")).to_have_count(0)
    assert "Savannah" not in page.title()
