"""The messages pages, as members use them, and as the wrong person is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from forums.models import Suspension
from network import blocking
from network.conversations import actions
from network.conversations.models import Message, MessageReport, Participant
from network.models import Profile
from network.notifications.kinds import Kind
from network.notifications.models import Notification
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def url(talk):
    return reverse("conversations:conversation", args=[talk.pk])


def test_a_member_starts_a_conversation_and_the_other_finds_it_unread(client, rosa, marcus, jo):
    client.force_login(rosa)
    response = client.post(
        reverse("conversations:new"),
        {"recipients": "@marcus, jo", "source": "Meeting at **six**?"},
    )

    [place] = Participant.objects.filter(member=marcus)
    assert response.status_code == 302
    assert response["Location"] == url(place.conversation)
    marcus.profile.refresh_from_db()
    assert marcus.profile.unread_conversations == 1
    client.force_login(marcus)
    inbox = client.get(reverse("conversations:inbox")).content.decode()
    assert "Rosa, Jo" in inbox
    assert "conversation-row--unread" in inbox
    assert 'class="badge">1<span class="visually-hidden"> unread' in inbox
    page = client.get(url(place.conversation)).content.decode()
    assert "<strong>six</strong>" in page
    marcus.profile.refresh_from_db()
    assert marcus.profile.unread_conversations == 0


def test_a_reply_comes_back_to_the_conversation(client, rosa, marcus, talk):
    client.force_login(marcus)
    response = client.post(url(talk), {"source": "Yes, with @rosa."})

    message = Message.objects.latest("pk")
    assert response["Location"] == f"{url(talk)}#message-{message.pk}"
    assert 'class="mention"' in message.html
    rosa.profile.refresh_from_db()
    assert rosa.profile.unread_conversations == 1


def test_preview_shows_the_words_and_sends_nothing(client, rosa, talk):
    client.force_login(rosa)
    response = client.post(url(talk), {"source": "*maybe*", "preview": "1"})

    assert "<em>maybe</em>" in response.content.decode()
    assert talk.messages.count() == 1


def test_quote_fills_the_reply_with_the_message(client, rosa, marcus, talk):
    client.force_login(marcus)
    first = talk.messages.get()
    page = client.get(url(talk), {"quote": first.pk}).content.decode()

    assert "@rosa wrote:\n&gt; Are you coming on Saturday?" in page


def test_a_quote_of_another_conversations_message_is_ignored(client, rosa, marcus, jo, talk):
    elsewhere = actions.start_conversation(jo, [marcus], "A secret of ours.")
    client.force_login(rosa)

    for quote in [elsewhere.messages.get().pk, "99999999999999999999999", "x"]:
        page = client.get(url(talk), {"quote": quote}).content.decode()
        assert "A secret of ours." not in page


def test_script_in_a_message_is_shown_as_text(client, rosa, marcus, talk):
    actions.reply(talk, marcus, "<script>alert(1)</script> [x](javascript:alert(1))")
    client.force_login(rosa)
    page = client.get(url(talk)).content.decode()

    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


def test_who_cannot_be_messaged_is_named_beside_the_field_and_the_words_kept(
    client, rosa, marcus, jo
):
    Profile.objects.filter(user=marcus).update(messages_from=Profile.MessagesFrom.NOBODY)
    blocking.block(jo, rosa)
    client.force_login(rosa)

    response = client.post(
        reverse("conversations:new"),
        {"recipients": "marcus, jo, nobody_here", "source": "My careful words"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No member goes by @nobody_here." in page
    assert "My careful words" in page
    response = client.post(
        reverse("conversations:new"), {"recipients": "marcus, jo", "source": "My careful words"}
    )
    errors = response.context["form"].errors["recipients"]
    assert errors == [
        "@marcus doesn't accept private messages.",
        "@jo can't receive messages from you.",
    ]
    assert "blocked" not in response.content.decode()
    assert not Participant.objects.exists()


def test_a_recipients_list_attack_is_refused_without_a_lookup_each(client, rosa):
    client.force_login(rosa)
    many = ",".join(f"m{n}" for n in range(50))
    response = client.post(reverse("conversations:new"), {"recipients": many, "source": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["recipients"] == [
        "A conversation can have at most 10 other members."
    ]
    huge = ",".join(f"m{n}" for n in range(5000))
    response = client.post(reverse("conversations:new"), {"recipients": huge, "source": "x"})
    assert response.context["form"].errors["recipients"]


def test_a_staff_member_without_a_report_cannot_open_a_conversation_they_are_not_in(client, talk):
    staff = established(username="staffer", is_staff=True, is_superuser=True)
    client.force_login(staff)

    assert client.get(url(talk)).status_code == 404
    assert client.post(url(talk), {"source": "Staff here"}).status_code == 404
    assert client.get(reverse("conversations:leave", args=[talk.pk])).status_code == 404


def test_nobody_outside_the_conversation_opens_or_writes_in_it(client, jo, talk):
    message = talk.messages.get()
    client.force_login(jo)

    for address in [
        url(talk),
        reverse("conversations:leave", args=[talk.pk]),
        reverse("conversations:report", args=[talk.pk, message.pk]),
    ]:
        assert client.get(address).status_code == 404
        assert client.post(address, {"source": "x", "words": "delete"}).status_code == 404
    assert talk.messages.count() == 1
    assert client.get("/messages/99999999999999999999999/").status_code == 404


def test_visitors_are_sent_to_sign_in(client, talk):
    for address in [reverse("conversations:inbox"), reverse("conversations:new"), url(talk)]:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_leaving_keeps_the_conversation_for_the_others_with_the_words_as_chosen(
    client, rosa, marcus, jo
):
    talk = actions.start_conversation(rosa, [marcus, jo], "First words")
    actions.reply(talk, marcus, "Marcus's words")
    client.force_login(marcus)

    response = client.post(reverse("conversations:leave", args=[talk.pk]), {"words": "delete"})

    assert response["Location"] == reverse("conversations:inbox")
    assert client.get(url(talk)).status_code == 404
    assert "First words" not in client.get(reverse("conversations:inbox")).content.decode()
    client.force_login(rosa)
    page = client.get(url(talk)).content.decode()
    assert "First words" in page
    assert "Marcus&#x27;s words" not in page
    assert "[deleted]" in page
    assert "Marcus" not in page.split("<h1>")[1].split("</h1>")[0]
    # Keeping them: they stay, by the one who left.
    client.force_login(jo)
    client.post(reverse("conversations:leave", args=[talk.pk]), {"words": "keep"})
    client.force_login(rosa)
    assert "First words" in client.get(url(talk)).content.decode()
    assert Message.objects.filter(author=rosa, is_deleted=False).count() == 1


def test_a_member_reports_a_message_and_a_moderator_sees_it_and_its_context_only(
    client, rosa, marcus, talk, settings
):
    settings.SECOND_FACTOR_REQUIRED = False
    for number in range(6):
        actions.reply(talk, rosa, f"Earlier {number}")
    bad = actions.reply(talk, marcus, "The message reported")
    actions.reply(talk, rosa, "After the report")
    client.force_login(rosa)

    client.post(
        reverse("conversations:report", args=[talk.pk, bad.pk]),
        {"reason": "harassment", "note": "Not the first time"},
    )

    [report] = MessageReport.objects.all()
    assert report.reporter == rosa
    assert report.source == "The message reported"
    staff = established(username="staffer", is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(reverse("conversations:reports")).content.decode()
    assert "The message reported" in page
    assert "Not the first time" in page
    assert "Earlier 5" in page
    assert "Earlier 3" in page
    assert "Earlier 2" not in page
    assert "Are you coming" not in page
    assert "After the report" not in page
    # The conversation page itself stays closed to them.
    assert client.get(url(talk)).status_code == 404
    client.post(reverse("conversations:dismiss_report", args=[report.pk]))
    report.refresh_from_db()
    assert report.resolved_by == staff


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="one union of the reports' contexts; SQLite cannot slice a union's parts",
)
def test_the_reports_page_costs_the_same_queries_for_two_reports_or_ten(
    client, rosa, marcus, jo, settings, django_assert_num_queries
):
    from django.test.utils import CaptureQueriesContext

    settings.SECOND_FACTOR_REQUIRED = False
    staff = established(username="staffer", is_staff=True, is_superuser=True)
    client.force_login(staff)

    def report_in_a_new_conversation(number):
        talk = actions.start_conversation(rosa, [marcus], f"Hello {number}")
        for earlier in range(4):
            actions.reply(talk, rosa, f"Before {number}.{earlier}")
        bad = actions.reply(talk, marcus, f"Reported {number}")
        actions.report(bad, rosa, "spam")

    for number in range(2):
        report_in_a_new_conversation(number)
    client.get(reverse("conversations:reports"))  # the session's first visit noted
    with CaptureQueriesContext(connection) as two:
        few = client.get(reverse("conversations:reports")).content.decode()
    for number in range(2, 10):
        report_in_a_new_conversation(number)
    with django_assert_num_queries(len(two.captured_queries)):
        many = client.get(reverse("conversations:reports")).content.decode()

    assert "Reported 1" in few
    assert "Before 1.1" in few
    assert "Before 1.0" not in few
    for number in range(10):
        assert f"Reported {number}" in many
        assert f"Before {number}.3" in many
        assert f"Before {number}.1" in many
        assert f"Before {number}.0" not in many
        assert f"Hello {number}" not in many


def test_only_site_moderators_see_reported_messages(client, rosa, marcus):
    client.force_login(rosa)
    assert client.get(reverse("conversations:reports")).status_code == 403


def test_a_member_cannot_report_their_own_message_or_twice(client, rosa, marcus, talk):
    mine = talk.messages.get()
    client.force_login(rosa)
    response = client.post(
        reverse("conversations:report", args=[talk.pk, mine.pk]), {"reason": "spam"}
    )
    assert "your own message" in response.content.decode()
    client.force_login(marcus)
    client.post(reverse("conversations:report", args=[talk.pk, mine.pk]), {"reason": "spam"})
    response = client.post(
        reverse("conversations:report", args=[talk.pk, mine.pk]), {"reason": "spam"}
    )
    assert "already" in response.content.decode()
    assert MessageReport.objects.count() == 1


def test_an_email_about_a_message_holds_none_of_its_words(
    rosa, marcus, mail_through_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        talk = actions.start_conversation(rosa, [marcus], "The secret meeting is at Ana's place")

    [email] = mail.outbox
    assert email.to == [marcus.email]
    assert email.subject == "You have a new private message"
    [html, _type] = email.alternatives[0]
    for text in (email.subject, email.body, html):
        for word in ("secret", "meeting", "Ana", "Rosa"):
            assert word not in text
    assert f"https://network.example{url(talk)}" in email.body
    assert Notification.objects.get(recipient=marcus).kind == Kind.MESSAGE


def test_the_site_moderators_hear_of_a_report_by_an_email_without_its_words(
    client, rosa, marcus, talk, mail_through_celery, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    moderator = established(username="moe", email="moe@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    forum_only = established(username="fay", email="fay@example.org")  # a forum's own
    resting = established(username="sam", email="sam@example.org")  # suspended for now
    resting.groups.add(Group.objects.get(name="Moderators"))
    Suspension.objects.create(
        user=resting, until=timezone.now() + timedelta(days=1), reason="Cooling off"
    )
    bad = actions.reply(talk, marcus, "The secret meeting is at Ana's place")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report = actions.report(bad, rosa, "harassment", "Not the first time")

    [email] = mail.outbox
    assert email.to == [moderator.email]
    assert email.subject == "A private message was reported"
    [html, _type] = email.alternatives[0]
    for text in (email.subject, email.body, html):
        for word in ("secret", "meeting", "Ana", "Rosa", "Marcus", "first time"):
            assert word not in text
    assert "https://network.example/messages/reports/" in email.body
    [told] = Notification.objects.filter(kind=Kind.MESSAGE_REPORT)
    assert told.recipient == moderator
    assert not Notification.objects.filter(
        recipient__in=[forum_only, resting, marcus, rosa]
    ).exclude(kind=Kind.MESSAGE)
    client.force_login(moderator)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "A private message was reported: Harassment" in inbox
    actions.dismiss(report, moderator)
    assert (
        "A private message was reported"
        not in client.get(reverse("notifications:inbox")).content.decode()
    )


def test_reading_the_conversation_reads_its_notification(client, rosa, marcus, talk):
    marcus.profile.refresh_from_db()
    assert marcus.profile.unread_notifications == 1
    client.force_login(marcus)
    client.get(url(talk))
    marcus.profile.refresh_from_db()
    assert marcus.profile.unread_notifications == 0


def test_the_profile_offers_message_only_when_allowed(client, rosa, marcus):
    client.force_login(rosa)
    profile = reverse("members:profile", args=["marcus"])
    assert "?to=marcus" in client.get(profile).content.decode()
    Profile.objects.filter(user=marcus).update(messages_from=Profile.MessagesFrom.NOBODY)
    assert "?to=marcus" not in client.get(profile).content.decode()
    client.logout()
    Profile.objects.filter(user=marcus).update(
        messages_from=Profile.MessagesFrom.EVERYONE, visibility="public"
    )
    assert "?to=marcus" not in client.get(profile).content.decode()


def test_the_privacy_choice_is_on_the_profile_form(client, marcus):
    client.force_login(marcus)
    page = client.get(reverse("members:edit", args=["marcus"])).content.decode()
    assert 'name="messages_from"' in page


def test_the_inbox_costs_the_same_however_many_conversations(
    client, rosa, marcus, jo, count_queries
):
    actions.start_conversation(marcus, [rosa], "one")
    client.force_login(rosa)
    inbox = reverse("conversations:inbox")
    client.get(inbox)
    few = count_queries(lambda: client.get(inbox))
    for number in range(12):
        talk = actions.start_conversation(established(), [rosa, jo], f"more {number}")
        actions.reply(talk, jo, "and more")

    assert count_queries(lambda: client.get(inbox)) == few
    assert few <= 8


def test_the_conversation_page_costs_the_same_however_many_messages(
    client, rosa, marcus, talk, count_queries
):
    client.force_login(rosa)
    client.get(url(talk))
    few = count_queries(lambda: client.get(url(talk)))
    for number in range(30):
        actions.reply(talk, marcus if number % 2 else rosa, f"message {number}")
    Participant.objects.filter(member=rosa).update(last_read_at=talk.created_at)
    rosa.profile.refresh_from_db()
    client.get(url(talk))  # reads what came

    assert count_queries(lambda: client.get(url(talk))) == few
    assert few <= 10


def test_the_notification_names_the_sender_on_the_site_and_leads_to_the_conversation(
    client, rosa, marcus, talk
):
    client.force_login(marcus)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Rosa sent you a private message" in page
    assert "Saturday" not in page
    row = Notification.objects.get(recipient=marcus)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == talk.messages.get().get_absolute_url()


def test_a_member_who_left_is_not_led_back_by_an_old_notification(client, rosa, marcus, talk):
    actions.leave(Participant.objects.get(member=marcus), delete_messages=False)
    client.force_login(marcus)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Rosa sent you a private message" not in page


def test_site_moderators_find_reported_messages_from_the_report_queue(client, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    staff = established(username="staffer", is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(reverse("forums:moderation_queue")).content.decode()
    assert reverse("conversations:reports") in page


def test_a_suspended_member_is_refused_beside_the_field_with_their_words_kept(client, rosa, talk):
    Suspension.objects.create(user=rosa, until=timezone.now() + timedelta(days=1), reason="x")
    client.force_login(rosa)

    response = client.post(url(talk), {"source": "Words I wrote anyway"})

    assert response.status_code == 200
    assert response.context["form"].errors["source"] == [
        "You are suspended: you cannot send messages until it ends."
    ]
    assert "Words I wrote anyway" in response.content.decode()
    assert talk.messages.count() == 1
