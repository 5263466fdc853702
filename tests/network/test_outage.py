"""Taking Redis away: the site, the account emails and the Celery worker through an outage.

The module runs a Redis of its own on a free port (stopped and started again by the
tests, nobody else's), a real Celery worker on it reading the test database, and an SMTP
server (aiosmtpd) that can be switched off. The test process is the web process: its
broker (and, where a test says so, its cache) is that Redis. PostgreSQL only, as the
worker opens the test database.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
import redis
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums import actions
from forums.models import Forum, Post, Thread
from network import tasks
from network.celery import app
from network.models import OutgoingEmail
from network.notifications import tasks as notification_tasks
from network.notifications.models import Event, Notification
from tests.factories import PASSWORD, make_article
from tests.forums.conftest import established
from tests.processes import (
    send_tasks_to,
    start_worker,
    stop_worker,
    wait_for,
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def worker(own_redis, sink, django_db_setup, django_db_blocker):
    """One worker for the module, on the module's Redis, and this process sending to it."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("The outage tests need PostgreSQL (set DATABASE_URL).")
        queue = f"test-outage-{uuid.uuid4().hex[:12]}"
        process = start_worker(
            queue, email_port=sink.port, name=f"{queue}@test", REDIS_URL=own_redis.url
        )
    process.name = f"{queue}@test"
    process.queue = queue
    saved = app.conf.broker_url, app.conf.task_default_queue
    send_tasks_to(own_redis.url)
    app.conf.task_default_queue = queue
    wait_for(lambda: "ready." in "".join(process.log), worker=process, what="the worker")
    yield process
    send_tasks_to(saved[0])
    app.conf.task_default_queue = saved[1]
    stop_worker(process)


@pytest.fixture
def site(committed_data, worker, own_redis, sink, settings, monkeypatch):
    """The web process: its email through the worker (or sent by itself when the broker
    is away) to the module's mail server."""
    settings.SITE_URL = "https://network.example"
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 5
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    own_redis.client.flushdb()
    sink.clear()
    yield
    if not own_redis.answers():
        own_redis.start()


def settled(worker) -> bool:
    """Nothing waits in the worker's queue and the worker is doing nothing."""
    if redis.Redis.from_url(app.conf.broker_url).llen(worker.queue):
        return False
    inspect = app.control.inspect([worker.name], timeout=1)
    held = [inspect.active(), inspect.reserved(), inspect.scheduled()]
    return all(replies and not replies[worker.name] for replies in held)


def answers_ping(worker) -> bool:
    try:
        return bool(app.control.ping([worker.name], timeout=1))
    except redis.ConnectionError:  # a connection from before Redis restarted
        return False


def a_while_ago() -> datetime:
    return timezone.now() - timedelta(minutes=5)


def conversation(forum, title="Rent strike on Elm St"):
    """Rosa's thread, started an hour ago (so she is not "active in it" now)."""
    rosa = established(username="rosa", email="rosa@example.org", profile__display_name="Rosa")
    thread = actions.start_thread(forum, rosa, title, "Who is in?")
    earlier = timezone.now() - timedelta(hours=1)
    thread.reads.update(last_read_at=earlier)
    thread.posts.update(created_at=earlier)
    return rosa, thread


# --- 14: account emails ----------------------------------------------------------------


def test_a_sign_up_made_while_redis_and_the_mail_server_are_down_is_confirmed_by_one_email(
    site, own_redis, sink, worker, client
):
    own_redis.stop()
    sink.stop()
    try:
        response = client.post(
            reverse("account_signup"),
            {
                "email": "newcomer@example.org",
                "username": "newcomer",
                "display_name": "Nia Newcomer",
                "password1": "a long passphrase for nia",
                "password2": "a long passphrase for nia",
            },
        )
        assert response.status_code == 302
    finally:
        own_redis.start()
        sink.start()
    assert sink.messages == []
    [waiting] = OutgoingEmail.objects.all()
    assert waiting.sent_at is None

    # Some minutes later, beat runs the sweeper (twice, even).
    OutgoingEmail.objects.update(next_attempt_at=a_while_ago())
    tasks.sweep_outgoing_email.delay()
    tasks.sweep_outgoing_email.delay()

    wait_for(lambda: sink.messages, worker=worker, seconds=60, what="the confirmation")
    wait_for(lambda: settled(worker), worker=worker, what="the worker to finish")
    assert [m.rcpt_tos for m in sink.messages] == [["newcomer@example.org"]]
    [email] = sink.emails()
    link = re.search(r"(/accounts/confirm-email/[^\s]+/)", email.get_content()).group(1)
    assert client.post(link).status_code == 302
    assert client.get("/").context["user"].username == "newcomer"


# --- 15: the site while Redis is down ---------------------------------------------------


@pytest.fixture
def cache_on_own_redis(site, own_redis, settings):
    """The site's cache is the module's Redis too, with the page cache on, as in
    production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "network.cache.NetworkRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "outage",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300


def test_while_redis_is_down_every_page_answers_and_posts_are_saved_once(
    cache_on_own_redis, own_redis, sink, worker
):
    housing = Forum.objects.get(slug="housing")
    rosa, thread = conversation(housing)
    rosa.profile.visibility = rosa.profile.Visibility.PUBLIC
    rosa.profile.save()
    article = make_article("Tenants win in Durham")
    rhea = established(username="rhea", email="rhea@example.org", profile__display_name="Rhea")
    first_comment = actions.post_reply(
        Thread.objects.get(pk=article.discussion_id), rhea, "Who organized it?"
    )
    Post.objects.filter(pk=first_comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    article.discussion.reads.update(last_read_at=timezone.now() - timedelta(hours=1))
    marcus = established(username="marcus", profile__display_name="Marcus")
    visitor, member, signing_in = Client(), Client(), Client()
    member.force_login(marcus)
    reply_form = reverse("forums:reply", args=[thread.pk])
    pages = [
        "/",
        reverse("search") + "?q=rent",
        article.get_parent().url,
        article.url,
        reverse("forums:index"),
        housing.get_absolute_url(),
        thread.get_absolute_url(),
        reply_form,
        reverse("members:profile", args=["rosa"]),
        reverse("account_login"),
    ]
    assert visitor.get("/").status_code == 200  # and kept in the page cache
    wait_for(lambda: settled(worker), worker=worker, what="the worker to finish")
    sink.clear()

    own_redis.stop()
    try:
        for page in pages:
            assert visitor.get(page).status_code == (302 if page == reply_form else 200), page
            assert member.get(page).status_code == 200, page

        signed_in = signing_in.post(
            reverse("account_login"), {"login": "rhea", "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        reply = member.post(reply_form, {"source": "Count me in."})
        assert reply.status_code == 302
        assert member.get(reply["Location"], follow=True).status_code == 200
        comment = member.post(
            reverse("forums:reply_to", args=[first_comment.pk]),
            {"source": "The tenants' union did.", "return_to": "article"},
        )
        assert comment.status_code == 302
        assert member.get(comment["Location"]).status_code == 200
    finally:
        own_redis.start()

    assert Post.objects.filter(author=marcus, source="Count me in.").count() == 1
    assert Post.objects.filter(author=marcus, source="The tenants' union did.").count() == 1
    # Back on, the sweeper hands over what waited: each hears of it once.
    Event.objects.filter(fanned_out_at=None).update(created_at=a_while_ago())
    Notification.objects.update(created_at=a_while_ago())
    notification_tasks.sweep.delay()
    notification_tasks.sweep.delay()
    wait_for(lambda: len(sink.messages) >= 2, worker=worker, seconds=60, what="two emails")
    wait_for(lambda: settled(worker), worker=worker, what="the worker to finish")
    assert sorted(m.rcpt_tos[0] for m in sink.messages) == ["rhea@example.org", "rosa@example.org"]


# --- 16: the worker while Redis is down -------------------------------------------------

RETRY_HELD = re.compile(r"\[([0-9a-f-]+)\] retry: Retry in ([0-9]+)s.*\n.*\[\1\] received")


def holding_a_retry(worker) -> bool:
    """The worker has taken back a retry due in a few seconds, and holds it unacked."""
    return any(int(seconds) >= 3 for _, seconds in RETRY_HELD.findall("".join(worker.log)))


def test_a_worker_holding_a_retry_when_redis_goes_away_lives_on_and_the_email_goes_out_once(
    site, own_redis, sink, worker
):
    housing = Forum.objects.get(slug="housing")
    rosa, thread = conversation(housing)
    marcus = established(username="marcus", profile__display_name="Marcus")
    sink.stop()
    try:
        actions.post_reply(thread, marcus, "Sent while the mail server is down.")
        wait_for(lambda: holding_a_retry(worker), worker=worker, what="a held retry")
        said = len(worker.log)
        own_redis.stop()
        wait_for(
            lambda: (
                any("Connection to broker lost" in line for line in worker.log[said:])
                or worker.poll() is not None
            ),
            seconds=20,
            what="the worker to notice",
        )
        own_redis.start()
    finally:
        sink.start()
    # What made it die: it was holding the retry when the connection broke.
    assert any("Restoring 1 unacknowledged message" in line for line in worker.log[said:])
    wait_for(lambda: answers_ping(worker), worker=worker, seconds=30, what="the worker's pong")

    Event.objects.update(created_at=a_while_ago())
    Notification.objects.update(created_at=a_while_ago())
    notification_tasks.sweep.delay()
    wait_for(lambda: sink.messages, worker=worker, seconds=60, what="the email")
    wait_for(lambda: settled(worker), worker=worker, what="the worker to finish")
    assert [m.rcpt_tos for m in sink.messages] == [["rosa@example.org"]]
    assert Notification.objects.get(recipient=rosa).email == Notification.Email.SENT
    assert worker.poll() is None
    assert answers_ping(worker)
