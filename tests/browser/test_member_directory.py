"""A member finds another in the directory by searching and filtering (no JavaScript
needed), reads their activity on their profile, blocks them, and finds their posts
folded in the thread, one click from showing."""

import pytest
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from network.models import Region
from tests.browser.people import established, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_finds_someone_in_the_directory_and_blocks_them(page):
    texas = Region.objects.get(slug="texas")
    established("rosa_b", profile__display_name="Rosa Bell")
    loud = established("loud_larry", profile__display_name="Larry Loud", profile__region=texas)
    established("tex_tina", profile__display_name="Tina Tex", profile__region=texas)
    thread = actions.start_thread(
        Forum.objects.get(slug="housing"), loud, "Rent in Houston", "Something needlessly loud."
    )
    sign_in(page, "rosa_b")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_label("Region").select_option(label="Texas")
    page.get_by_label("Name or handle").fill("larry")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_role("status")).to_have_text("1 member · Show everyone")
    page.get_by_role("link", name="Larry Loud").click()
    expect(page.get_by_role("link", name="Rent in Houston")).to_be_visible()
    page.get_by_role("button", name="Block").click()
    expect(page.get_by_text("You blocked @loud_larry")).to_be_visible()
    expect(page.get_by_role("button", name="Unblock")).to_be_visible()

    page.goto(thread.get_absolute_url())
    folded = page.locator(".post__folded")
    expect(folded.get_by_text("Something needlessly loud.")).to_be_hidden()
    folded.get_by_text("Post by a member you blocked").click()
    expect(folded.get_by_text("Something needlessly loud.")).to_be_visible()

    page.locator("summary", has_text="@rosa_b").click()
    page.get_by_role("link", name="Account settings").click()
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Blocked members"
    ).click()
    page.get_by_role("button", name="Unblock @loud_larry").click()
    expect(page.get_by_text("You have not blocked anyone.")).to_be_visible()
