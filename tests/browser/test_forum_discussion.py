"""Two members argue in a forum thread in a real browser: a new thread, a nested reply
with a quote and a mention, collapsing a subtree, and the reply landing where it
belongs. A visitor who is not signed in finds nothing in a members-only forum until signing in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.people import sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_members_start_a_thread_and_reply_in_a_tree(browser, live_server, page, monkeypatch):
    monkeypatch.setattr("forums.actions.MIN_SECONDS_BETWEEN_POSTS", 0)
    joined = timezone.now() - timedelta(days=30)
    UserFactory(username="rosa_b", date_joined=joined, profile__display_name="Rosa Bell")
    UserFactory(username="marcus_t", date_joined=joined, profile__display_name="Marcus T")

    sign_in(page, "rosa_b")
    page.goto("/forums/")
    page.get_by_role("link", name="Tenant and housing organizing").click()
    page.get_by_role("link", name="New thread").click()
    page.get_by_label("Title").fill("Rent strike checklist")
    page.get_by_label("Opening post").fill("What do we need **before** we start?")
    page.get_by_label("Tags").fill("rent strike, checklist")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", name="Rent strike checklist")).to_be_visible()
    thread_url = page.url

    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in(other, "marcus_t")
    other.goto(thread_url)
    other.locator(".post--opening").get_by_role("link", name="Quote").click()
    expect(other.get_by_label("Your reply")).to_have_value(
        "@rosa_b wrote:\n> What do we need **before** we start?\n\n"
    )
    other.get_by_label("Your reply").press("End")
    other.get_by_label("Your reply").type("A tenant list, @rosa_b.")
    other.get_by_role("button", name="Post reply").click()
    first_reply = other.locator(".post--depth-1")
    expect(first_reply).to_contain_text("A tenant list,")
    expect(first_reply.locator("blockquote")).to_contain_text("What do we need before we start?")
    mentions = first_reply.locator("a.mention")
    expect(mentions).to_have_count(2)  # "@rosa_b wrote:" and the one typed
    expect(mentions.last).to_have_attribute("href", "/members/rosa_b/")
    other.context.close()

    page.goto(thread_url)
    page.locator(".post--depth-1").get_by_role("link", name="Reply", exact=True).click()
    page.get_by_label("Your reply").fill("And a lawyer on call.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview")).to_contain_text("And a lawyer on call.")
    page.get_by_role("button", name="Post reply").click()
    nested = page.locator(".post--depth-2")
    expect(nested).to_contain_text("And a lawyer on call.")
    assert page.url.endswith(f"#post-{nested.get_attribute('id').split('-')[1]}")

    page.locator(".post--depth-1").get_by_role("button", name="Collapse").click()
    expect(nested).to_be_hidden()
    page.locator(".post--depth-1").get_by_role("button", name="Expand").click()
    expect(nested).to_be_visible()


def test_visitors_are_asked_to_sign_in_to_a_members_only_forum_and_told_why(page):
    UserFactory(username="rosa_b", profile__display_name="Rosa Bell")
    page.goto("/forums/")

    page.get_by_role("link", name="Georgia").click()

    expect(page.get_by_text("Georgia is for members: sign in to read it.")).to_be_visible()
    page.get_by_label("Email or handle").fill("rosa_b")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Georgia")).to_be_visible()
    assert page.url.endswith("/forums/georgia/")
