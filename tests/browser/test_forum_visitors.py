"""Only members post. A visitor reading a public thread is offered to sign in, and comes
back to the thread once signed in; a reply sent after signing out (in another tab) is
not posted, and its writer is asked to sign in."""

import pytest
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from tests.browser.people import established, sign_in
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def thread():
    return actions.start_thread(
        Forum.objects.get(slug="housing"),
        established("rosa_b", profile__display_name="Rosa Bell"),
        "Eviction defense night",
        "Every Tuesday at the library.",
    )


def test_visitor_signs_in_to_reply_and_comes_back_to_the_thread(page, live_server, thread):
    established("marcus_t", profile__display_name="Marcus T")

    page.goto(thread.get_absolute_url())
    expect(page.locator(".post--opening")).to_contain_text("Every Tuesday at the library.")
    expect(page.get_by_label("Your reply")).to_have_count(0)
    expect(page.locator(".post__actions")).to_have_count(0)
    reply_box = page.locator(".reply-box")
    expect(reply_box).to_contain_text("Sign in or join the network to reply.")

    reply_box.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email or handle").fill("marcus_t")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.get_by_label("Your reply")).to_be_visible()


def test_reply_sent_after_signing_out_asks_to_sign_in_and_posts_nothing(
    page, live_server, thread, monkeypatch
):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    established("marcus_t", profile__display_name="Marcus T")
    sign_in(page, "marcus_t")
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Count me in.")

    other_tab = page.context.new_page()
    other_tab.goto("/forums/")
    other_tab.locator("summary", has_text="@marcus_t").click()
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    other_tab.close()

    page.get_by_role("button", name="Post reply").click()
    reply_path = f"/forums/t/{thread.pk}/reply/"
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next={reply_path}")
    assert thread.posts.count() == 1

    page.get_by_label("Email or handle").fill("marcus_t")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{live_server.url}{reply_path}")
    expect(page.get_by_label("Your reply")).to_be_visible()
    assert thread.posts.count() == 1
