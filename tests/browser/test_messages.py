"""Two members talk in private, in a real browser: one starts a conversation from the
other's profile, the other sees it unread in the header and the inbox, and answers."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import established, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_starts_a_conversation_and_the_other_answers(page, monkeypatch):
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    established("rosa_b", profile__display_name="Rosa Bell", profile__visibility="members")
    established("marcus_t", profile__display_name="Marcus T", profile__visibility="members")

    sign_in(page, "rosa_b")
    page.goto("/members/marcus_t/")
    page.get_by_role("link", name="Message", exact=True).click()
    expect(page.get_by_label("To")).to_have_value("@marcus_t")
    page.get_by_label("Your message").fill("Can you bring the *route list*?")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview em")).to_have_text("route list")
    expect(page.get_by_label("Your message")).to_have_value("Can you bring the *route list*?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Conversation with Marcus T")).to_be_visible()
    expect(page.locator(".message-list")).to_contain_text("Can you bring the route list?")

    sign_in(page, "marcus_t")
    header_link = page.get_by_role("link", name="Messages 1 unread")
    expect(header_link).to_be_visible()
    header_link.click()
    row = page.locator(".conversation-row--unread")
    expect(row).to_contain_text("Rosa Bell")
    row.get_by_role("link").click()
    expect(page.locator(".message-item--new")).to_contain_text("route list")
    expect(page.get_by_role("link", name="Messages 1 unread")).to_have_count(0)
    page.get_by_role("link", name="Quote").click()
    expect(page.get_by_label("Your message")).to_have_value(
        "@rosa_b wrote:\n> Can you bring the *route list*?\n\n"
    )
    page.get_by_label("Your message").fill("Yes, printed.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".message-list")).to_contain_text("Yes, printed.")

    sign_in(page, "rosa_b")
    expect(page.get_by_role("link", name="Messages 1 unread")).to_be_visible()
