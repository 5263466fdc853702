"""A member sees that someone answered her, in a real browser: the count in the header,
the inbox, the post itself, and her settings for next time."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from tests.browser.people import established, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_member_follows_a_reply_from_the_header_to_the_post_and_chooses_a_digest(page, monkeypatch):
    # The worker's part (watchers, email) is tested elsewhere; the reply's own row is
    # written with the post.
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa Bell")
    marcus = established("marcus_t", profile__display_name="Marcus T")
    thread = actions.start_thread(
        Forum.objects.get(slug="housing"), rosa, "Rent strike checklist", "What first?"
    )
    thread.posts.update(created_at=timezone.now() - timedelta(hours=1))
    reply = actions.post_reply(thread, marcus, "A list of every tenant, first.")

    sign_in(page, "rosa_b")
    header_link = page.get_by_role("link", name="Notifications 1 unread")
    expect(header_link).to_be_visible()
    header_link.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.locator(".notification--unread")).to_contain_text("Marcus T")
    page.get_by_role("link", name="Rent strike checklist").click()

    expect(page.locator(f"#post-{reply.pk}")).to_contain_text("A list of every tenant, first.")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.get_by_role("link", name="Notifications", exact=True).click()
    page.get_by_role("link", name="Email and notification settings").click()
    page.get_by_label("Replies to your posts and comments").select_option("Daily digest email")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Replies to your posts and comments")).to_have_value("daily")


def test_member_unsubscribes_from_an_emails_link_without_signing_in_and_undoes_it(page):
    from django.urls import reverse

    from network.notifications.emails import unsubscribe_token
    from network.notifications.kinds import Delivery, Kind
    from network.notifications.models import Preference

    rosa = established("rosa_b", profile__display_name="Rosa Bell")

    page.goto(reverse("notifications:unsubscribe", args=[unsubscribe_token(rosa.pk, "reply")]))
    expect(
        page.get_by_role("heading", name="Stop emails about replies to your posts and comments?")
    ).to_be_visible()
    page.get_by_role("button", name="Stop these emails").click()

    status = page.get_by_role("status")
    expect(status.get_by_role("heading", name="You’re unsubscribed")).to_be_visible()
    expect(status).to_contain_text(
        "You will no longer get emails about replies to your posts and comments"
    )
    expect(page.get_by_label("Replies to your posts and comments")).to_have_value("site")
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.SITE

    page.get_by_role("button", name="Undo: email me about these again").click()
    expect(page.get_by_text("Done: you will get emails about replies")).to_be_visible()
    expect(page.get_by_label("Replies to your posts and comments")).to_have_value("now")

    page.get_by_label("Mentions of your @handle").select_option("Daily digest email")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your email settings are saved.")).to_be_visible()
    assert Preference.for_member(rosa)[Kind.MENTION] == Delivery.DAILY
