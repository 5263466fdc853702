"""Moderators at work in a real browser: one hides a post and says why, and members see
the reason where the post was; another locks a thread, and members can no longer reply
to it. The moderation log shows who did what, to what, and why."""

import pytest
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from tests.browser.people import established, sign_in, site_moderator

pytestmark = [
    pytest.mark.usefixtures("no_pause_between_posts"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def heated_thread():
    """A thread in the housing forum with a civil reply and a rude one."""
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(
        housing,
        established("rosa_b", profile__display_name="Rosa Bell"),
        "Landlord retaliation",
        "My landlord cut the heat after we organized.",
    )
    actions.post_reply(
        thread, established("marcus_t", profile__display_name="Marcus T"), "Document everything."
    )
    actions.post_reply(
        thread, established("troll_k", profile__display_name="Kay Troll"), "You deserve it, idiot."
    )
    return thread


def test_moderator_hides_a_post_and_members_see_why(page, live_server, heated_thread):
    site_moderator("moe_mod", profile__display_name="Moe Moderator")

    sign_in(page, "moe_mod")
    page.goto(heated_thread.get_absolute_url())
    rude = page.locator(".post", has_text="You deserve it, idiot.")
    rude.get_by_role("link", name="Hide").click()
    expect(page.get_by_role("heading", name="Hide this post")).to_be_visible()
    page.get_by_role("button", name="Hide post").click()  # without a reason: refused
    assert page.get_by_label("Reason").evaluate("field => field.validity.valueMissing")
    page.get_by_label("Reason").fill("Personal attack")
    page.get_by_role("button", name="Hide post").click()

    expect(page.get_by_text("The post is hidden.")).to_be_visible()
    hidden = page.locator(".post--hidden")
    expect(hidden).to_contain_text("Hidden from members: Personal attack. Only moderators see it.")
    expect(hidden).to_contain_text("You deserve it, idiot.")
    assert page.url.endswith(f"#{hidden.get_attribute('id')}")

    sign_in(page, "marcus_t")
    page.goto(heated_thread.get_absolute_url())
    hidden = page.locator(".post--hidden")
    expect(hidden.locator(".post__body")).to_have_text("Hidden by moderators: Personal attack.")
    expect(page.get_by_text("You deserve it, idiot.")).to_have_count(0)
    expect(hidden.get_by_role("link", name="Quote")).to_have_count(0)
    expect(page.locator(".post", has_text="Document everything.")).to_be_visible()

    sign_in(page, "moe_mod")
    page.goto("/forums/moderation/log/")
    entry = page.locator("tbody tr").first
    expect(entry.locator("td").nth(1)).to_have_text("Moe Moderator")
    expect(entry.locator("td").nth(2)).to_have_text("Hid a post")
    expect(entry.locator("td").nth(3)).to_have_text("a post in Landlord retaliation · @troll_k")
    expect(entry.locator("td").nth(4)).to_have_text("Personal attack")
    entry.get_by_role("link", name="a post").click()
    expect(page.locator(".post--hidden")).to_contain_text("You deserve it, idiot.")


def test_forum_moderator_locks_a_thread_and_members_can_no_longer_reply(
    browser, page, live_server, heated_thread
):
    """A moderator of the housing forum only (not of the whole site)."""
    housing_moderator = established("hana_mod", profile__display_name="Hana Housing")
    Forum.objects.get(slug="housing").moderators.add(housing_moderator)

    # Marcus opens the reply form in a tab of his own before the lock.
    marcus_tab = browser.new_context(base_url=live_server.url).new_page()
    sign_in(marcus_tab, "marcus_t")
    marcus_tab.goto(heated_thread.get_absolute_url())
    opening = marcus_tab.locator(".post--opening")
    opening.get_by_role("link", name="Reply", exact=True).click()
    expect(marcus_tab.get_by_label("Your reply")).to_be_visible()

    sign_in(page, "hana_mod")
    page.goto(heated_thread.get_absolute_url())
    page.get_by_role("button", name="Lock", exact=True).click()
    expect(page.get_by_text("Thread locked.")).to_be_visible()
    expect(page.locator(".thread-header .badge", has_text="Locked")).to_be_visible()
    expect(page.get_by_role("button", name="Unlock")).to_be_visible()
    # Moderators may still answer in a locked thread.
    expect(page.get_by_role("button", name="Post reply")).to_be_visible()

    sign_in(page, "marcus_t")
    page.goto(heated_thread.get_absolute_url())
    expect(page.get_by_text("This thread is locked: no new replies.")).to_be_visible()
    expect(page.get_by_role("button", name="Post reply")).to_have_count(0)
    expect(page.locator(".post__actions").get_by_role("link", name="Reply")).to_have_count(0)
    expect(page.get_by_role("button", name="Lock")).to_have_count(0)

    # The reply page now offers no form...
    page.goto(marcus_tab.url)
    expect(page.get_by_text("This thread is locked: no new replies.")).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_count(0)
    # ...and the one opened before the lock is refused, with the text kept.
    marcus_tab.get_by_label("Your reply").fill("One more thing…")
    marcus_tab.get_by_role("button", name="Post reply").click()
    expect(marcus_tab.get_by_role("alert")).to_contain_text(
        "This thread is locked: no new replies."
    )
    expect(marcus_tab.get_by_label("Your reply")).to_have_value("One more thing…")
    marcus_tab.context.close()
    assert heated_thread.posts.count() == 3

    sign_in(page, "hana_mod")
    page.goto("/forums/moderation/log/")
    expect(page.locator("tbody tr")).to_have_count(1)
    entry = page.locator("tbody tr")
    expect(entry.locator("td").nth(1)).to_have_text("Hana Housing")
    expect(entry.locator("td").nth(2)).to_have_text("Locked a thread")
    expect(entry.locator("td").nth(3)).to_have_text("Landlord retaliation")
