"""A member who uses only the keyboard: sign in, open a thread, reply to a post, collapse a
subtree, open the account menu and sign out, every step by Tab, Enter and Space, with the
focus visible at each stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from tests.browser.people import PASSWORD, established

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What has the focus, and how it shows: the outline :focus-visible draws (site.css).
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        name: el.getAttribute("name") || "",
        text: (el.innerText || el.value || "").trim().slice(0, 80),
        href: el.getAttribute("href") || "",
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        visible: el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0,
    };
}"""
MAX_TABS = 80


def tab_to(page, matches) -> dict:
    """Press Tab until the focused element ``matches`` (a function of what FOCUSED says);
    every stop on the way has a visible focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "body":
            assert focused["visible"], f"the focus is on something unseen: {focused}"
            assert focused["outline"], f"the focus does not show: {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached it in {MAX_TABS} presses")


@pytest.fixture
def conversation(monkeypatch):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa B")
    established("marcus_t", profile__display_name="Marcus T")
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(housing, rosa, "Rent strike on Ponce", "Who is in?")
    first = actions.post_reply(thread, rosa, "Building captains meet Tuesday.")
    actions.post_reply(thread, rosa, "Bring the sign-up sheets.", parent=first)
    thread.posts.update(created_at=timezone.now() - timedelta(hours=1))
    return thread


def test_a_member_gets_through_a_discussion_with_the_keyboard_alone(page, conversation):
    page.goto("/")
    # Sign in: the header's link, then the form.
    tab_to(page, lambda f: f["tag"] == "a" and f["href"].startswith("/accounts/login/"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    tab_to(page, lambda f: f["name"] == "login")
    page.keyboard.type("marcus_t")
    tab_to(page, lambda f: f["name"] == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("summary", has_text="@marcus_t")).to_be_visible()

    # To the thread: Forums in the header (a member's opens the latest threads), "All
    # forums", the forum, the thread.
    tab_to(page, lambda f: f["tag"] == "a" and f["href"] == "/forums/latest/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forums/latest/")
    tab_to(page, lambda f: f["tag"] == "a" and f["href"] == "/forums/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forums/")
    tab_to(page, lambda f: f["href"] == "/forums/housing/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forums/housing/")
    tab_to(page, lambda f: f["text"] == "Rent strike on Ponce")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{conversation.get_absolute_url()}")

    # Collapse the subtree under the first reply (Space on the button), then open it again.
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Collapse")
    page.keyboard.press("Space")
    collapsed = page.locator("[data-collapse][aria-expanded=false]")
    expect(collapsed).to_have_count(1)
    expect(page.get_by_text("Bring the sign-up sheets.")).to_be_hidden()
    page.keyboard.press("Space")
    expect(page.get_by_text("Bring the sign-up sheets.")).to_be_visible()

    # Reply to that post: its Reply link, the text, then the Post reply button.
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Reply")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reply/")
    tab_to(page, lambda f: f["tag"] == "textarea")
    page.keyboard.type("I will bring coffee.")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Post reply")
    page.keyboard.press("Enter")
    expect(page.get_by_text("I will bring coffee.")).to_be_visible()

    # The account menu (Enter on its summary), and Sign out inside it.
    tab_to(page, lambda f: f["tag"] == "summary")
    page.keyboard.press("Enter")
    expect(page.locator("details.account-menu")).to_have_attribute("open", "")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Sign out")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("banner").get_by_role("link", name="Sign in", exact=True)
    ).to_be_visible()
    expect(page.locator("summary", has_text="@marcus_t")).to_have_count(0)
