"""Who is told of what, and the email they get (tasks run in-process, mail in memory)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forums import moderation
from forums.models import ForumWatch, ThreadRead, ThreadWatch
from network.notifications import actions, delivery
from network.notifications.kinds import Kind
from network.notifications.models import Event, Notification, NotificationSettings
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db


def rows_for(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_member_gets_one_email_when_someone_replies_to_their_post(
    posting, housing, rosa, marcus, start_thread, reply
):
    thread = start_thread(housing, title="Rent strike on Elm St", author=rosa)
    mail.outbox.clear()

    posting(reply, thread, "Count me in. We **meet** Tuesday at the library.", author=marcus)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["rosa@example.org"]
    assert email.subject == "Marcus replied to you in “Rent strike on Elm St”"
    assert "Count me in. We meet Tuesday at the library." in email.body
    html = email.alternatives[0][0]
    assert email.alternatives[0][1] == "text/html"
    assert "Count me in. We meet Tuesday at the library." in html
    post = thread.posts.get(seq=1)
    assert f"https://network.example/forums/p/{post.pk}/" in email.body
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://network.example/notifications/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["In-Reply-To"] == f"<forums.thread.{thread.pk}@network.example>"
    assert email.extra_headers["References"] == email.extra_headers["In-Reply-To"]
    assert email.extra_headers["Message-ID"].endswith("@network.example>")
    [row] = rows_for(rosa)
    assert (row.kind, row.email, row.read_at) == (Kind.REPLY, Notification.Email.SENT, None)
    rosa.profile.refresh_from_db()
    assert rosa.profile.unread_notifications == 1


def test_an_emails_excerpt_shows_the_words_as_written(
    posting, housing, rosa, marcus, start_thread, reply
):
    thread = start_thread(housing, author=rosa)
    mail.outbox.clear()

    posting(reply, thread, 'Durham & Raleigh: 5 < 10, "so" <b>what</b>?', author=marcus)

    [email] = mail.outbox
    assert 'Durham & Raleigh: 5 < 10, "so" <b>what</b>?' in email.body
    html = email.alternatives[0][0]
    assert "Durham &amp; Raleigh: 5 &lt; 10, &quot;so&quot; &lt;b&gt;what&lt;/b&gt;?" in html
    assert "&amp;amp;" not in html
    assert "&amp;lt;" not in html


def test_nobody_is_told_of_their_own_post(posting, housing, rosa, start_thread, reply):
    thread = start_thread(housing, author=rosa)
    posting(reply, thread, "Replying to myself, and @rosa too.", author=rosa)

    assert rows_for(rosa) == []
    assert mail.outbox == []


def test_a_reply_that_mentions_its_parent_author_tells_them_once(
    posting, housing, rosa, marcus, start_thread, reply
):
    thread = start_thread(housing, author=rosa)
    posting(reply, thread, "@rosa yes, and thank you.", author=marcus)

    assert [row.kind for row in rows_for(rosa)] == [Kind.MENTION]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Marcus mentioned you")


def test_mentioned_members_hear_of_it_and_unknown_handles_are_ignored(
    posting, housing, rosa, marcus, start_thread
):
    posting(start_thread, housing, "Who can help?", "Asking @marcus and @nobody_here.", rosa)

    assert [row.kind for row in rows_for(marcus)] == [Kind.MENTION]
    assert [m.to for m in mail.outbox] == [["marcus@example.org"]]


def test_watchers_of_a_thread_hear_of_new_posts_but_not_suspended_or_deactivated_ones(
    posting, housing, rosa, marcus, moderator, start_thread, reply
):
    thread = start_thread(housing, author=rosa)
    watcher, suspended, gone = established(), established(), established()
    for user in (watcher, suspended, gone):
        ThreadWatch.objects.create(user=user, thread=thread)
    moderation.suspend_member(suspended, moderator, timezone.now() + timedelta(days=3), "Spam")
    gone.is_active = False
    gone.save()

    posting(reply, thread, "An update on the strike.", author=marcus)

    assert [row.kind for row in rows_for(watcher)] == [Kind.WATCHED_THREAD]
    assert rows_for(suspended) == rows_for(gone) == []
    assert sorted(m.to[0] for m in mail.outbox) == [watcher.email, "rosa@example.org"]


def test_a_members_only_post_is_emailed_as_a_link_with_none_of_its_content(
    posting, georgia, rosa, marcus, start_thread, reply
):
    thread = start_thread(georgia, title="Secret meeting plans", author=rosa)
    posting(reply, thread, "The meeting is at Marcus's house, 12 Oak Lane.", author=marcus)

    [email] = mail.outbox
    everything = email.subject + email.body + email.alternatives[0][0]
    for secret in ("Oak Lane", "Secret meeting", "Marcus", f"· {georgia.name}"):
        assert secret not in everything
    assert email.subject == "A reply to you in a members-only forum"
    assert f"/forums/p/{thread.posts.get(seq=1).pk}/" in email.body


def test_a_post_hidden_before_its_email_goes_is_not_emailed(
    mail_through_celery,
    django_capture_on_commit_callbacks,
    housing,
    rosa,
    marcus,
    moderator,
    start_thread,
    reply,
):
    thread = start_thread(housing, author=rosa)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        post = reply(thread, "Something vile.", author=marcus)
    moderation.hide_post(post, moderator, "Harassment")
    for callback in waiting:
        callback()

    assert mail.outbox == []
    [row] = rows_for(rosa)
    assert row.email == Notification.Email.SKIPPED


def test_a_new_thread_in_a_watched_forum_waits_for_the_daily_digest(
    posting, housing, rosa, marcus, start_thread
):
    ForumWatch.objects.create(user=rosa, forum=housing)
    posting(start_thread, housing, "Eviction defense training", "Saturday.", marcus)

    [row] = rows_for(rosa)
    assert (row.kind, row.email) == (Kind.WATCHED_FORUM, Notification.Email.DAILY)
    assert mail.outbox == []

    delivery.send_digests("daily")

    [digest] = mail.outbox
    assert digest.to == ["rosa@example.org"]
    assert "Eviction defense training" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_holds_only_what_is_unread_and_nobody_gets_an_empty_one(
    posting, housing, rosa, marcus, start_thread
):
    ForumWatch.objects.create(user=rosa, forum=housing)
    ForumWatch.objects.create(user=marcus, forum=housing)
    writer = established()
    posting(start_thread, housing, "Read already", "One.", writer)
    posting(start_thread, housing, "Still unread", "Two.", writer)
    read_one = Notification.objects.get(
        recipient=rosa, event__object_id=housing.threads.get(title="Read already").posts.get().pk
    )
    actions.mark_read(rosa, Notification.objects.filter(pk=read_one.pk))
    actions.mark_all_read(marcus)

    delivery.send_digests("daily")

    [digest] = mail.outbox
    assert digest.to == ["rosa@example.org"]
    assert "Still unread" in digest.body
    assert "Read already" not in digest.body
    assert not Notification.objects.filter(email=Notification.Email.DAILY).exists()


@pytest.mark.parametrize(
    ("choice", "emails", "rows"),
    [("now", 1, ["sent"]), ("daily", 0, ["daily"]), ("site", 0, ["none"]), ("off", 0, [])],
)
def test_preferences_are_honoured(
    posting, housing, rosa, marcus, start_thread, reply, choice, emails, rows
):
    actions.set_preferences(rosa, {Kind.REPLY: choice})
    thread = start_thread(housing, author=rosa)

    posting(reply, thread, "A reply.", author=marcus)

    assert len(mail.outbox) == emails
    assert [row.email for row in rows_for(rosa)] == rows


def test_several_replies_waiting_in_one_thread_become_one_email(
    mail_through_celery,
    django_capture_on_commit_callbacks,
    housing,
    rosa,
    start_thread,
    reply,
):
    thread = start_thread(housing, author=rosa)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        for text in ("First answer.", "Second answer.", "Third answer."):
            reply(thread, text)
    for callback in waiting:
        callback()

    [email] = mail.outbox
    assert email.subject == f"3 new posts in “{thread.title}”"
    for text in ("First answer.", "Second answer.", "Third answer."):
        assert text in email.body
    assert {row.email for row in rows_for(rosa)} == {Notification.Email.SENT}


def test_replies_soon_after_an_email_about_the_thread_wait_and_go_out_as_one(
    posting, housing, rosa, start_thread, reply
):
    from network.notifications import tasks

    thread = start_thread(housing, author=rosa)
    posting(reply, thread, "First answer.")
    posting(reply, thread, "Second answer.")
    posting(reply, thread, "Third answer.")

    assert len(mail.outbox) == 1
    assert [row.email for row in rows_for(rosa)] == ["sent", "pending", "pending"]

    # Six minutes on, the sweeper finds them waiting.
    earlier = timezone.now() - timedelta(minutes=6)
    Notification.objects.filter(recipient=rosa).update(created_at=earlier)
    Notification.objects.filter(recipient=rosa, email="sent").update(emailed_at=earlier)
    tasks.sweep.delay()

    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == f"2 new posts in “{thread.title}”"
    assert "Second answer." in mail.outbox[1].body
    assert "Third answer." in mail.outbox[1].body
    assert [row.email for row in rows_for(rosa)] == ["sent", "sent", "sent"]


def test_no_email_when_the_member_was_reading_the_thread_a_moment_ago(
    posting, housing, rosa, marcus, start_thread, reply
):
    thread = start_thread(housing, author=rosa)
    ThreadRead.objects.filter(user=rosa, thread=thread).update(
        last_read_at=timezone.now() - timedelta(minutes=4)
    )

    posting(reply, thread, "Quick answer.", author=marcus)

    assert mail.outbox == []
    [row] = rows_for(rosa)
    assert (row.email, row.read_at) == (Notification.Email.SKIPPED, None)


def test_past_the_daily_cap_the_rest_waits_for_the_digest(
    posting, housing, rosa, start_thread, reply, monkeypatch
):
    monkeypatch.setattr(delivery, "DAILY_EMAIL_CAP", 2)
    threads = [start_thread(housing, title=f"Thread {n}", author=rosa) for n in range(3)]
    ThreadRead.objects.filter(user=rosa).update(last_read_at=timezone.now() - timedelta(hours=1))
    for thread in threads:
        posting(reply, thread, "An answer.")

    assert len(mail.outbox) == 2
    assert [row.email for row in rows_for(rosa)] == ["sent", "sent", "daily"]


def test_pausing_all_email_sends_none_and_keeps_it_for_later(
    posting, housing, rosa, marcus, start_thread, reply
):
    NotificationSettings.objects.create(pause_email=True)
    thread = start_thread(housing, author=rosa)

    posting(reply, thread, "A reply.", author=marcus)
    delivery.send_digests("daily")

    assert mail.outbox == []
    [row] = rows_for(rosa)
    assert row.email == Notification.Email.DAILY


def test_moderators_of_the_forum_hear_of_a_new_report(
    posting, housing, georgia, rosa, marcus, moderator, start_thread
):
    forum_moderator, other_forum_moderator = established(), established()
    housing.moderators.add(forum_moderator)
    georgia.moderators.add(other_forum_moderator)
    thread = start_thread(housing, author=rosa)

    posting(moderation.report_post, thread.posts.get(), marcus, "doxxing", "Her address")

    assert [row.kind for row in rows_for(forum_moderator)] == [Kind.REPORT]
    assert [row.kind for row in rows_for(moderator)] == [Kind.REPORT]
    assert rows_for(other_forum_moderator) == rows_for(rosa) == rows_for(marcus) == []
    assert {m.subject for m in mail.outbox} == {"A new report in a forum you moderate"}
    assert all("Her address" not in m.body for m in mail.outbox)


def test_sending_twice_sends_once(posting, housing, rosa, marcus, start_thread, reply):
    thread = start_thread(housing, author=rosa)
    posting(reply, thread, "Once.", author=marcus)
    [row] = rows_for(rosa)

    delivery.send_at_once([row.pk])
    actions.fan_out(row.event_id)

    assert len(mail.outbox) == 1
    assert len(rows_for(rosa)) == 1


def test_a_post_made_while_the_broker_is_down_is_saved_and_swept_out_later(
    mail_through_celery,
    django_capture_on_commit_callbacks,
    housing,
    rosa,
    marcus,
    start_thread,
    reply,
    monkeypatch,
):
    from network.notifications import tasks

    thread = start_thread(housing, author=rosa)

    def broker_down(*args, **kwargs):
        from kombu.exceptions import OperationalError

        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.fan_out_event, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            post = reply(thread, "Posted during the outage.", author=marcus)

    assert thread.posts.filter(pk=post.pk).exists()
    assert mail.outbox == []
    event = Event.objects.get(object_id=post.pk)
    assert event.fanned_out_at is None
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    tasks.sweep.delay()
    tasks.sweep.delay()

    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]


def test_the_posting_request_costs_the_same_with_many_watchers_as_with_one(
    client, housing, rosa, marcus, start_thread, count_queries, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    quiet = start_thread(housing, author=rosa)
    busy = start_thread(housing, author=rosa)
    ThreadWatch.objects.bulk_create(ThreadWatch(user=established(), thread=busy) for _ in range(60))
    client.force_login(marcus)

    def post_to(thread):
        def request():
            response = client.post(f"/forums/t/{thread.pk}/reply/", {"source": "Me too."})
            assert response.status_code == 302

        return request

    assert count_queries(post_to(busy)) == count_queries(post_to(quiet))
    busy.refresh_from_db()
    assert Notification.objects.filter(event__object_id=busy.last_post_id).count() == 1
