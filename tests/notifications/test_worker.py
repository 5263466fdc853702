"""Notifications through a real Celery worker process on the configured broker (Redis in
CI) to a real SMTP server (aiosmtpd), with the data committed as a request commits it.

One worker serves the whole module (starting one takes a few seconds). It needs a
database another process can open, so these run on PostgreSQL only.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from forums import actions
from forums.models import ThreadWatch
from network.celery import app
from network.notifications import tasks
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Event, Notification, Preference
from tests import processes
from tests.forums.conftest import established
from tests.processes import free_port, send_tasks_to, start_worker, stop_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def worker(sink, django_db_setup, django_db_blocker):
    """A worker on a queue of its own, reading the test database, mailing the sink."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("The worker tests need PostgreSQL (set DATABASE_URL).")
        queue = f"test-notify-{uuid.uuid4().hex[:12]}"
        process = start_worker(queue, email_port=sink.port, name=f"{queue}@%h")
    saved = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield process
    app.conf.task_default_queue = saved
    stop_worker(process)


@pytest.fixture(autouse=True)
def _seeded_data(transactional_db):
    """Committed tests flush the database after each one: put back the seeded forums
    (as tests/browser/conftest.py does, and for the same reason)."""
    from tests.conftest import SEEDED_DATA

    connection._test_serialized_contents = SEEDED_DATA["default"]
    connection.creation.deserialize_db_from_string(SEEDED_DATA["default"])


@pytest.fixture
def sent_through(worker, sink, settings, monkeypatch):
    """The test's own process enqueues to the worker as the web process would."""
    settings.SITE_URL = "https://network.example"
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    sink.clear()
    return sink


def wait_for(condition, worker, seconds: float = 30) -> None:
    processes.wait_for(condition, seconds=seconds, worker=worker, what="the worker")


def conversation(housing, *, title="Rent strike on Elm St"):
    """Rosa's thread, started an hour ago (so she is not "active in it" now)."""
    rosa = established(username="rosa", email="rosa@example.org", profile__display_name="Rosa")
    marcus = established(username="marcus", profile__display_name="Marcus")
    thread = actions.start_thread(housing, rosa, title, "Who is in?")
    earlier = timezone.now() - timedelta(hours=1)
    thread.reads.update(last_read_at=earlier)
    thread.posts.update(created_at=earlier)
    return rosa, marcus, thread


@pytest.fixture
def housing(db):
    from forums.models import Forum

    return Forum.objects.get(slug="housing")


def test_a_reply_reaches_the_parent_author_once_with_headers_and_one_click_unsubscribe(
    sent_through, worker, housing
):
    rosa, marcus, thread = conversation(housing)

    actions.post_reply(thread, marcus, "Count me in: we **meet** Tuesday.")

    wait_for(lambda: sent_through.messages, worker)
    time.sleep(1)  # anything doubled would arrive by now
    [envelope] = sent_through.messages
    assert envelope.rcpt_tos == ["rosa@example.org"]
    [email] = sent_through.emails()
    assert email["Subject"].strip() == "Marcus replied to you in “Rent strike on Elm St”"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email["In-Reply-To"] == f"<forums.thread.{thread.pk}@network.example>"
    assert email["Message-ID"].endswith("@network.example>")
    assert email.get_body(("plain",)).get_content().count("Count me in: we meet Tuesday.") == 1
    assert "Count me in: we meet Tuesday." in email.get_body(("html",)).get_content()

    unsubscribe = (
        email["List-Unsubscribe"].strip().strip("<>").removeprefix("https://network.example")
    )
    forged = unsubscribe[:-3] + ("x/" if not unsubscribe.endswith("x/") else "y/")
    nobody = Client(enforce_csrf_checks=True)
    one_click = {"content_type": "application/x-www-form-urlencoded"}
    assert nobody.post(forged, "List-Unsubscribe=One-Click", **one_click).status_code == 400
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.AT_ONCE
    assert nobody.post(unsubscribe, "List-Unsubscribe=One-Click", **one_click).status_code == 200
    assert Preference.for_member(rosa)[Kind.REPLY] == Delivery.SITE


def test_while_the_mail_server_refuses_connections_the_email_waits_then_arrives_once(
    sent_through, worker, housing
):
    rosa, marcus, thread = conversation(housing)
    sent_through.stop()
    try:
        actions.post_reply(thread, marcus, "Sent while the mail server is down.")
        row = Notification.objects.get(recipient=rosa)
        wait_for(lambda: "Retry in" in "".join(worker.log), worker, seconds=20)
        row.refresh_from_db()
        assert row.email == Notification.Email.PENDING
    finally:
        sent_through.start()

    wait_for(lambda: sent_through.messages, worker, seconds=60)
    time.sleep(2)
    assert [m.rcpt_tos for m in sent_through.messages] == [["rosa@example.org"]]
    row.refresh_from_db()
    assert row.email == Notification.Email.SENT


def test_a_reply_made_while_the_broker_is_down_is_saved_and_the_sweeper_delivers_it_once(
    sent_through, worker, housing
):
    _, marcus, thread = conversation(housing)
    with broker_at_closed_port():
        post = actions.post_reply(thread, marcus, "Posted during the outage.")

    assert thread.posts.filter(pk=post.pk).exists()
    event = Event.objects.get(object_id=post.pk)
    assert event.fanned_out_at is None
    time.sleep(1)
    assert sent_through.messages == []

    # Some minutes later, the broker is back and beat runs the sweeper (twice, even).
    a_while_ago = timezone.now() - timedelta(minutes=5)
    Event.objects.filter(pk=event.pk).update(created_at=a_while_ago)
    Notification.objects.filter(event=event).update(created_at=a_while_ago)
    tasks.sweep.delay()
    tasks.sweep.delay()

    wait_for(lambda: sent_through.messages, worker)
    time.sleep(2)
    assert [m.rcpt_tos for m in sent_through.messages] == [["rosa@example.org"]]


def test_watchers_get_one_email_each_over_one_connection_per_batch(sent_through, worker, housing):
    rosa, marcus, thread = conversation(housing)
    watchers = [established() for _ in range(150)]
    ThreadWatch.objects.bulk_create(ThreadWatch(user=w, thread=thread) for w in watchers)
    Preference.objects.create(user=watchers[0], kind=Kind.WATCHED_THREAD, delivery="site")

    actions.post_reply(thread, marcus, "News for everyone watching.")

    wait_for(lambda: len(sent_through.messages) >= 150, worker)
    time.sleep(2)
    recipients = sorted(m.rcpt_tos[0] for m in sent_through.messages)
    assert recipients == sorted([rosa.email] + [w.email for w in watchers[1:]])
    assert len(sent_through.sessions) <= 3  # 150 rows in batches of 100, each one connection


def test_preferences_privacy_and_the_digest_hold_through_the_worker(sent_through, worker):
    """Members-only news leaves as a link; "site only" sends nothing; the digest holds
    what is unread, and only that."""
    from forums.models import Forum, ForumWatch

    georgia = Forum.objects.get(slug="georgia")
    _, marcus, thread = conversation(georgia, title="Where we meet on Friday")
    wait_for(lambda: not Event.objects.filter(fanned_out_at=None).exists(), worker)
    site_only = established(email="site-only@example.org")
    Preference.objects.create(user=site_only, kind=Kind.WATCHED_THREAD, delivery="site")
    ThreadWatch.objects.create(user=site_only, thread=thread)
    digest_reader = established(email="digest@example.org")
    ForumWatch.objects.create(user=digest_reader, forum=georgia)

    actions.post_reply(thread, marcus, "At 12 Oak Lane, back door.")
    actions.start_thread(georgia, marcus, "Already read", "One.")
    actions.start_thread(georgia, marcus, "Still unread", "Two.")

    wait_for(lambda: sent_through.messages, worker)
    time.sleep(1.5)
    [email] = sent_through.emails()
    assert email["To"] == "rosa@example.org"
    everything = email.as_string()
    for secret in ("Oak Lane", "Where we meet", "Marcus"):
        assert secret not in everything
    assert Notification.objects.get(recipient=site_only).email == Notification.Email.NONE

    read = Notification.objects.get(
        recipient=digest_reader,
        event__object_id=georgia.threads.get(title="Already read").posts.get().pk,
    )
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    sent_through.clear()
    tasks.send_digests.delay("daily")

    wait_for(lambda: sent_through.messages, worker)
    time.sleep(1)
    [digest] = sent_through.emails()
    assert digest["To"] == "digest@example.org"
    assert "A new thread in a forum you watch" in digest.get_body(("plain",)).get_content()
    assert "Still unread" not in digest.as_string()  # members-only: no titles either
    assert len(Notification.objects.filter(recipient=digest_reader, email="sent")) == 1


class broker_at_closed_port:
    """The web process's broker is unreachable (as if Redis were stopped): point it at a
    port nobody listens on, rather than stop the Redis server others use."""

    def __enter__(self):
        self.saved = app.conf.broker_url
        send_tasks_to(f"redis://127.0.0.1:{free_port()}/0")
        return self

    def __exit__(self, *exc):
        send_tasks_to(self.saved)


def test_a_row_another_worker_is_sending_is_not_sent_again(settings, housing, monkeypatch):
    """Two workers on one row: the second skips what the first holds locked."""
    from django.core import mail

    from network.notifications import delivery

    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa, marcus, thread = conversation(housing)
    actions.post_reply(thread, marcus, "Once only.")
    row = Notification.objects.get(recipient=rosa)
    with processes.locked_elsewhere(Notification.objects.filter(pk=row.pk)):
        assert delivery.send_at_once([row.pk]).sent == 0
    assert delivery.send_at_once([row.pk]).sent == 1
    assert delivery.send_at_once([row.pk]).sent == 0
    assert len(mail.outbox) == 1
