"""Issue #15: a member has a thread open; another member replies from their own browser;
the reply appears in the open page within 10 seconds, without a reload: in its place in
the tree, marked new, the thread's count of replies updated, and said to screen readers
in the polite status region. axe finds nothing wrong with the page as it then is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from tests.browser.people import established, sign_in
from tests.browser.test_accessibility import AXE, WCAG_22_AA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reply_from_another_member_appears_in_the_open_thread(browser, live_server, monkeypatch):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa B")
    established("marcus_t", profile__display_name="Marcus T")
    georgia = Forum.objects.get(slug="georgia")  # members only
    thread = actions.start_thread(georgia, rosa, "Phone bank Tuesday", "Who can call?", [])
    thread.posts.update(created_at=timezone.now() - timedelta(hours=1))
    first = actions.post_reply(thread, rosa, "I can take the first shift.")
    actions.post_reply(thread, rosa, "Bring chargers.")

    reading = browser.new_context(base_url=live_server.url, bypass_csp=True, color_scheme="dark")
    reading.set_default_timeout(10_000)
    page = reading.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, "rosa_b")
    page.goto(thread.get_absolute_url())
    expect(page.locator(".thread-header")).to_contain_text("2 replies")
    page.evaluate("window.stillTheSamePage = true")

    writing = browser.new_context(base_url=live_server.url).new_page()
    sign_in(writing, "marcus_t")
    writing.goto(thread.get_absolute_url())
    writing.locator(f"#post-{first.pk}").get_by_role("link", name="Reply", exact=True).click()
    writing.get_by_label("Your reply").fill("I'll take the second, Rosa.")
    writing.get_by_role("button", name="Post reply").click()
    expect(writing.locator(".post--depth-2")).to_contain_text("I'll take the second")
    writing.context.close()

    arrived = page.locator(".post--new")
    expect(arrived).to_contain_text("I'll take the second, Rosa.", timeout=10_000)
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    # In the tree: right under the post it answers, one level deeper, before the next.
    order = page.locator(".post").evaluate_all("posts => posts.map(p => p.id)")
    new_id = arrived.get_attribute("id")
    assert order.index(new_id) == order.index(f"post-{first.pk}") + 1
    assert "post--depth-2" in arrived.get_attribute("class")
    expect(arrived.locator(".post__new")).to_have_text("New")
    expect(page.locator("[data-live-status]")).to_have_text("1 new reply")
    expect(page.locator(".thread-header")).to_contain_text("3 replies")
    # What a member does with a post works on the one that arrived.
    expect(arrived.get_by_role("link", name="Reply", exact=True)).to_have_attribute(
        "href", f"/forums/p/{new_id.removeprefix('post-')}/reply/"
    )
    # Collapsing the post it answers folds it too; its own button works as every post's.
    page.locator(f"#post-{first.pk}").get_by_role("button", name="Collapse").click()
    expect(arrived).to_be_hidden()
    page.locator(f"#post-{first.pk}").get_by_role("button", name="Expand").click()
    arrived.get_by_role("button", name="Collapse").click()
    expect(arrived.get_by_role("button", name="Expand")).to_have_attribute("aria-expanded", "false")

    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations.map(v => v.id + ': ' + "
        "v.nodes.map(n => n.target.join(' ')).join(', ')))",
        WCAG_22_AA,
    )
    assert found == []
    assert errors == []
    reading.close()


def test_without_javascript_the_thread_page_is_whole(browser, live_server):
    rosa = established("rosa_b", profile__display_name="Rosa B")
    thread = actions.start_thread(
        Forum.objects.get(slug="housing"), rosa, "Tenant meeting", "Thursday at 7.", []
    )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto(thread.get_absolute_url())

    expect(page.locator(".post--opening")).to_contain_text("Thursday at 7.")
    expect(page.locator("[data-live-status]")).to_be_empty()
    context.close()
