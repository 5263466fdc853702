"""The inbox, the header's count, settings, and the unsubscribe link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from network.models import Profile
from network.notifications import actions
from network.notifications.emails import unsubscribe_token
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied_to(posting, housing, rosa, marcus, start_thread, reply):
    """Rosa's thread, with Marcus's reply to it (and Rosa's email about it)."""
    thread = start_thread(housing, title="Tenant union meeting", author=rosa)
    post = posting(reply, thread, "I can bring the flyers.", author=marcus)
    return thread, post


def test_member_sees_the_reply_in_their_inbox_and_its_count_in_the_header(
    client, replied_to, rosa, django_assert_max_num_queries
):
    client.force_login(rosa)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("notifications:inbox"))

    page = response.content.decode()
    assert "Marcus replied to you in ‘Tenant union meeting’" in page
    assert "I can bring the flyers." in page
    assert re.search(r'class="badge">1<span class="visually-hidden"> unread', page)


def test_the_header_count_costs_no_query(client, rosa, marcus, count_queries):
    client.force_login(marcus)
    client.get(reverse("members:list"))  # the footer's settings, read once per process
    none_unread = count_queries(lambda: client.get(reverse("members:list")))
    Profile.objects.filter(user=rosa).update(unread_notifications=3)
    client.force_login(rosa)
    three_unread = count_queries(lambda: client.get(reverse("members:list")))

    assert three_unread == none_unread
    assert 'class="badge">3<' in client.get(reverse("members:list")).content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_the_post(client, replied_to, rosa):
    _, post = replied_to
    row = Notification.objects.get(recipient=rosa)
    client.force_login(rosa)

    response = client.get(reverse("notifications:open", args=[row.pk]))

    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    row.refresh_from_db()
    rosa.profile.refresh_from_db()
    assert row.read_at is not None
    assert rosa.profile.unread_notifications == 0


def test_reading_the_thread_marks_its_notifications_read(client, replied_to, rosa):
    thread, _ = replied_to
    client.force_login(rosa)

    assert client.get(thread.get_absolute_url()).status_code == 200

    assert Notification.objects.get(recipient=rosa).read_at is not None
    rosa.profile.refresh_from_db()
    assert rosa.profile.unread_notifications == 0


def test_reading_a_thread_already_read_still_clears_its_notifications(client, replied_to, rosa):
    """The worker may write a notification after the member has read the post: a page
    that finds nothing new to mark read still clears what the inbox holds of it."""
    thread, _ = replied_to
    client.force_login(rosa)
    client.get(thread.get_absolute_url())
    Notification.objects.filter(recipient=rosa).update(read_at=None)
    Profile.objects.filter(user=rosa).update(unread_notifications=1)

    client.get(thread.get_absolute_url())

    assert Notification.objects.get(recipient=rosa).read_at is not None
    rosa.profile.refresh_from_db()
    assert rosa.profile.unread_notifications == 0


def test_the_inbox_says_when_as_the_forum_does_and_offers_mark_all_read_only_if_unread(
    client, replied_to, rosa
):
    client.force_login(rosa)

    unread = client.get(reverse("notifications:inbox")).text
    assert "just now</time>" in unread
    assert "Mark all read" in unread

    client.post(reverse("notifications:mark_all_read"))
    assert "Mark all read" not in client.get(reverse("notifications:inbox")).text


def test_mark_all_read(client, replied_to, rosa):
    client.force_login(rosa)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert "All your notifications are marked read." in response.content.decode()
    assert not Notification.objects.filter(recipient=rosa, read_at__isnull=True).exists()
    assert 'class="badge"' not in response.content.decode()


def test_nobody_else_may_open_a_members_notification(client, replied_to, rosa, marcus):
    row = Notification.objects.get(recipient=rosa)
    client.force_login(marcus)

    assert client.get(reverse("notifications:open", args=[row.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    row.refresh_from_db()
    assert row.read_at is None


@pytest.mark.parametrize("name", ["inbox", "settings", "mark_all_read"])
def test_visitors_are_sent_to_sign_in(client, name):
    response = client.post(reverse(f"notifications:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_chooses_how_they_hear_of_each_kind(client, rosa):
    client.force_login(rosa)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert '<option value="now" selected>Email at once</option>' in page

    choices = dict.fromkeys(Kind.values, Delivery.SITE) | {Kind.REPLY: Delivery.WEEKLY}
    response = client.post(reverse("notifications:settings"), choices, follow=True)

    assert "Your notification settings are saved." in response.content.decode()
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.WEEKLY
    assert Preference.for_member(rosa)[Kind.MENTION] == Delivery.SITE


def test_a_bad_choice_is_shown_beside_its_field_and_the_others_are_kept(client, rosa):
    client.force_login(rosa)
    choices = dict.fromkeys(Kind.values, Delivery.DAILY) | {Kind.MENTION: "hourly"}

    response = client.post(reverse("notifications:settings"), choices)

    page = response.content.decode()
    assert response.status_code == 200
    beside = re.search(
        r'field--invalid">\s*<label for="id_mention">[^<]*</label>\s*<ul class="errorlist"[^>]*>'
        r"\s*<li>Select a valid choice[^<]*</li>\s*</ul>\s*<select name=\"mention\"",
        page,
    )
    assert beside, page
    assert '<option value="daily" selected>Daily digest email</option>' in page
    assert not Preference.objects.filter(user=rosa).exists()
    # The bad field shows what is saved (mentions: at once), not the list's first option.
    mention = page.split('<select name="mention"')[1].split("</select>")[0]
    assert '<option value="now" selected>Email at once</option>' in mention


def test_a_bad_choice_leaves_the_saved_one_showing_not_the_lists_first(client, rosa):
    actions.set_preferences(rosa, {Kind.REPLY: Delivery.WEEKLY})
    client.force_login(rosa)
    choices = dict.fromkeys(Kind.values, Delivery.DAILY) | {Kind.REPLY: "hourly"}

    page = client.post(reverse("notifications:settings"), choices).content.decode()

    reply = page.split('<select name="reply"')[1].split("</select>")[0]
    assert '<option value="weekly" selected>Weekly digest email</option>' in reply
    assert "Select a valid choice" in page


def email_unsubscribe_url(email) -> str:
    return (
        email.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("https://network.example")
    )


def test_one_click_unsubscribe_works_without_signing_in(replied_to, rosa):
    [email] = mail.outbox
    browserless = Client(enforce_csrf_checks=True)

    response = browserless.post(
        email_unsubscribe_url(email),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.SITE
    assert Preference.for_member(rosa)[Kind.MENTION] == Delivery.AT_ONCE


def test_the_unsubscribe_link_opens_a_page_that_asks_first_and_offers_settings(
    client, replied_to, rosa
):
    [email] = mail.outbox
    url = email_unsubscribe_url(email)

    page = client.get(url).text

    assert "Stop emails about replies to your posts and comments?" in page
    assert "For @rosa." in page
    assert 'name="reply"' in page
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.AT_ONCE


def unsubscribed_section(page: str) -> str:
    from bs4 import BeautifulSoup

    section = BeautifulSoup(page, "html.parser").select_one('[role="status"].callout')
    return section.get_text(" ", strip=True) if section else ""


def test_after_unsubscribing_the_member_is_told_plainly_what_stopped_and_what_next(
    client, replied_to, rosa
):
    [email] = mail.outbox
    url = email_unsubscribe_url(email)

    page = client.post(url, {"unsubscribe": "1"}).text

    done = unsubscribed_section(page)
    assert done.startswith("You’re unsubscribed")
    assert "You will no longer get emails about replies to your posts and comments" in done
    assert "They still show in your notifications on the site" in done
    assert "Undo: email me about these again" in done
    assert "Change your email settings" in page
    reply_field = page.split('<select name="reply"')[1].split("</select>")[0]
    assert '<option value="site" selected>On the site only</option>' in reply_field
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.SITE
    assert Preference.for_member(rosa)[Kind.MENTION] == Delivery.AT_ONCE


def test_the_one_click_post_gets_the_same_plain_confirmation(replied_to, rosa):
    [email] = mail.outbox

    response = Client(enforce_csrf_checks=True).post(
        email_unsubscribe_url(email),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "You will no longer get emails about replies" in unsubscribed_section(response.text)


def test_undo_puts_back_what_the_member_had_chosen(client, replied_to, rosa):
    actions.set_preferences(rosa, {Kind.REPLY: Delivery.DAILY})
    [email] = mail.outbox
    url = email_unsubscribe_url(email)
    page = client.post(url, {"unsubscribe": "1"}).text
    assert 'name="restore" value="reply:daily"' in page

    response = client.post(url, {"restore": "reply:daily"}, follow=True)

    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.DAILY
    assert "Done: you will get emails about replies to your posts and comments again." in (
        response.text
    )
    assert "Stop emails about replies to your posts and comments?" in response.text


def test_undo_takes_only_email_choices_of_kinds_the_member_is_offered(client, replied_to, rosa):
    [email] = mail.outbox
    url = email_unsubscribe_url(email)
    client.post(url, {"unsubscribe": "1"})

    client.post(url, {"restore": ["report:now", "mention:off", "reply:hourly", "bogus"]})

    assert not Preference.objects.filter(user=rosa, kind__in=[Kind.REPORT, Kind.MENTION]).exists()
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.SITE


def test_a_link_for_emails_already_stopped_says_so_and_offers_the_settings(
    client, replied_to, rosa
):
    [email] = mail.outbox
    actions.set_preferences(rosa, {Kind.REPLY: Delivery.OFF})

    page = client.get(email_unsubscribe_url(email)).text

    assert "don’t get emails about replies to your posts and comments" in page
    assert 'name="unsubscribe"' not in page
    assert "Change your email settings" in page


def test_the_unsubscribe_pages_settings_keep_a_bad_choice_beside_its_field(
    client, replied_to, rosa
):
    [email] = mail.outbox
    url = email_unsubscribe_url(email)
    choices = dict.fromkeys(Kind.values, Delivery.WEEKLY) | {Kind.MENTION: "hourly"}

    response = client.post(url, choices)

    assert response.status_code == 200
    mention = response.text.split('<label for="id_mention">')[1].split("</select>")[0]
    assert "Select a valid choice" in mention
    reply = response.text.split('<select name="reply"')[1].split("</select>")[0]
    assert '<option value="weekly" selected>Weekly digest email</option>' in reply
    assert not Preference.objects.filter(user=rosa).exists()

    response = client.post(url, dict.fromkeys(Kind.values, Delivery.WEEKLY), follow=True)

    assert "Your email settings are saved." in response.text
    assert Preference.for_member(rosa)[Kind.MENTION] == Delivery.WEEKLY


def test_a_deactivated_members_link_is_refused(client, replied_to, rosa):
    [email] = mail.outbox
    rosa.is_active = False
    rosa.save()

    assert client.get(email_unsubscribe_url(email)).status_code == 400
    assert client.post(email_unsubscribe_url(email), {"unsubscribe": "1"}).status_code == 400
    assert not Preference.objects.filter(user=rosa).exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: (
            unsubscribe_token(987_654, "reply").split(":")[0] + ":" + token.split(":", 1)[1]
        ),
        lambda token: "not-a-token",
    ],
    ids=["altered signature", "another member's payload", "garbage"],
)
def test_a_forged_or_altered_token_is_refused(client, rosa, marcus, forge):
    token = forge(unsubscribe_token(rosa.pk, Kind.REPLY))
    url = reverse("notifications:unsubscribe", args=[token])

    assert client.get(url).status_code == 400
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_a_token_for_another_purpose_is_refused(client, rosa):
    from django.core import signing

    token = signing.dumps([rosa.pk, "reply"])  # no salt: not an unsubscribe token

    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 400


def test_saving_a_profile_leaves_the_unread_count_to_the_notifications(rosa):
    profile = Profile.objects.get(user=rosa)
    Profile.objects.filter(user=rosa).update(unread_notifications=2)  # meanwhile, a reply

    profile.display_name = "Rosa B."
    profile.save()

    profile.refresh_from_db()
    assert (profile.display_name, profile.unread_notifications) == ("Rosa B.", 2)


def test_the_digest_unsubscribe_stops_digests_and_keeps_the_notifications_on_the_site(
    posting, housing, rosa, marcus, start_thread
):
    from forums.models import ForumWatch
    from network.notifications import delivery

    ForumWatch.objects.create(user=rosa, forum=housing)
    posting(start_thread, housing, "First new thread", "One.", marcus)
    delivery.send_digests("daily")
    [digest] = mail.outbox
    posting(start_thread, housing, "Second new thread", "Two.", marcus)

    response = Client().post(
        email_unsubscribe_url(digest),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Preference.for_member(rosa)[Kind.WATCHED_FORUM] == Delivery.SITE
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.AT_ONCE
    delivery.send_digests("daily")
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=rosa).count() == 2


# Who is offered which kinds: moderators' and editors' kinds only to them.

STAFF_KINDS = {
    Kind.REPORT,
    # Reported private messages: to the site's moderators only, not a forum's own.
    Kind.MESSAGE_REPORT,
    Kind.REVIEW,
    Kind.REVIEWED,
    Kind.ADMIN_COMMENT,
    Kind.ENDORSEMENT,
    # The directory's: to its reviewers, and to members once they have proposed one.
    Kind.ORGANIZATION_PROPOSED,
    Kind.ORGANIZATION_REVIEWED,
}


def offered(client, user) -> set[str]:
    from bs4 import BeautifulSoup

    client.force_login(user)
    soup = BeautifulSoup(client.get(reverse("notifications:settings")).text, "html.parser")
    return {select["name"] for select in soup.select("form select")} - {"article_scope"}


def test_a_member_is_offered_only_the_kinds_they_can_get(client, rosa):
    assert offered(client, rosa) == set(Kind.values) - STAFF_KINDS


def test_a_forums_moderator_is_offered_reports_and_nothing_of_the_editors(client, rosa, housing):
    from django.contrib.auth.models import Group

    from tests.forums.conftest import established

    housing.moderators.add(rosa)
    site_moderator = established()
    site_moderator.groups.add(Group.objects.get(name="Moderators"))

    assert offered(client, rosa) == set(Kind.values) - STAFF_KINDS | {Kind.REPORT}
    # Wagtail's own "Moderators" group also approves pages in its default workflow.
    assert Kind.REPORT in offered(client, site_moderator)
    assert Kind.MESSAGE_REPORT in offered(client, site_moderator)


def test_editors_are_offered_reviews_and_contributors_the_decisions_on_theirs(client):
    from django.contrib.auth.models import Group

    from tests.forums.conftest import established

    editor, contributor = established(), established()
    editor.groups.add(Group.objects.get(name="Editors"))
    contributor.groups.add(Group.objects.get(name="Contributors"))
    member_kinds = set(Kind.values) - STAFF_KINDS

    assert offered(client, editor) == member_kinds | {
        Kind.REVIEW,
        Kind.REVIEWED,
        Kind.ADMIN_COMMENT,
        Kind.ORGANIZATION_PROPOSED,
        Kind.ENDORSEMENT,
    }
    assert offered(client, contributor) == member_kinds | {Kind.REVIEWED, Kind.ADMIN_COMMENT}


def test_saving_the_settings_leaves_the_kinds_not_offered_as_they_were(client, rosa, housing):
    housing.moderators.add(rosa)
    actions.set_preferences(rosa, {Kind.REPORT: Delivery.DAILY})
    housing.moderators.remove(rosa)  # she stepped down, and may be asked again
    client.force_login(rosa)
    choices = dict.fromkeys(Kind.values, Delivery.WEEKLY)  # report forged in too

    response = client.post(reverse("notifications:settings"), choices, follow=True)

    assert "Your notification settings are saved." in response.text
    saved = Preference.for_member(rosa)
    assert saved[Kind.REPORT] == Delivery.DAILY
    assert saved[Kind.REVIEW] == Delivery.AT_ONCE
    assert not Preference.objects.filter(user=rosa, kind=Kind.REVIEW).exists()
    assert saved[Kind.REPLY] == Delivery.WEEKLY


def test_the_unsubscribe_page_offers_the_same_kinds(client, replied_to, rosa):
    [email] = mail.outbox
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(email_unsubscribe_url(email)).text, "html.parser")

    names = {select["name"] for select in page.select("form select")} - {"article_scope"}
    assert names == set(Kind.values) - STAFF_KINDS


def test_stopping_digests_stops_every_kind_in_them_and_undo_puts_each_back(client, rosa):
    from network.notifications.emails import DIGEST

    actions.set_preferences(rosa, {Kind.REPLY: Delivery.DAILY})  # forums daily, articles weekly
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(rosa.pk, DIGEST)])

    page = client.post(url, {"unsubscribe": "1"}).text

    assert "You will no longer get digest emails" in unsubscribed_section(page)
    for value in ("reply:daily", "forum:daily", "article:weekly"):
        assert f'name="restore" value="{value}"' in page
    saved = Preference.for_member(rosa)
    assert {saved[k] for k in (Kind.REPLY, Kind.WATCHED_FORUM, Kind.NEW_ARTICLE)} == {Delivery.SITE}
    assert saved[Kind.MENTION] == Delivery.AT_ONCE

    client.post(url, {"restore": ["reply:daily", "forum:daily", "article:weekly"]})

    saved = Preference.for_member(rosa)
    assert (saved[Kind.REPLY], saved[Kind.WATCHED_FORUM], saved[Kind.NEW_ARTICLE]) == (
        Delivery.DAILY,
        Delivery.DAILY,
        Delivery.WEEKLY,
    )
