"""Reacting to a post in a real browser: with JavaScript the button and count change
in place, without a reload, and "Who reacted" shows its names on keyboard focus; without
JavaScript the same button sends the page's form and the page comes back at the post."""

import pytest
from playwright.sync_api import expect

from forums import actions, reacting
from forums.models import Forum, Post
from tests.browser.people import established, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def thread(monkeypatch):
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa Bell")
    established("marcus_t", profile__display_name="Marcus T")
    housing = Forum.objects.get(slug="housing")
    return actions.start_thread(housing, rosa, "Rent strike on Ponce", "Who is in?")


def test_reacting_with_javascript_changes_the_count_without_a_reload(page, thread):
    ana = established("ana_g", profile__display_name="Ana G")
    reacting.react(thread.posts.get(), ana, "agree", on=True)
    sign_in(page, "marcus_t")
    page.goto(thread.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    opening = page.locator(".post--opening")
    agree = opening.get_by_role("button", name="Agree")
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(agree).to_have_text("Agree 1")

    agree.click()

    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_text("Agree 2")
    assert page.evaluate("window.notReloaded") is True
    assert Post.objects.get(pk=thread.posts.get().pk).agree_count == 2

    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(agree).to_have_text("Agree 1")
    assert page.evaluate("window.notReloaded") is True

    opening.get_by_role("link", name="Who reacted").focus()
    expect(opening.get_by_role("tooltip")).to_contain_text("Agree (1): Ana G")
    page.keyboard.press("Escape")
    expect(opening.get_by_role("tooltip")).to_have_count(0)
    assert page.console_errors == []


def test_reacting_without_javascript_comes_back_to_the_post(browser, live_server, thread):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "marcus_t")
    page.goto(thread.get_absolute_url())

    page.locator(".post--opening").get_by_role("button", name="Solidarity").click()

    thanks = page.locator(".post--opening").get_by_role("button", name="Solidarity")
    expect(thanks).to_have_attribute("aria-pressed", "true")
    expect(thanks).to_have_text("Solidarity 1")
    assert page.url.endswith(f"#post-{thread.posts.get().pk}")
    page.locator(".post--opening").get_by_role("link", name="Who reacted").click()
    expect(page.get_by_role("heading", name="Solidarity (1)")).to_be_visible()
    expect(page.locator("#reactions-list").get_by_role("listitem")).to_have_text("Marcus T")
    context.close()
