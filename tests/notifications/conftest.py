"""Members who write, read and get told, for the notification tests.

``mail_through_celery`` runs the Celery tasks in-process (eagerly) and delivers to
Django's in-memory outbox; ``posting`` runs what a post enqueues on commit, as a request
would. The tests in test_worker.py use a real worker and a real SMTP server instead.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from forums import actions
from forums.models import Post, Thread, ThreadRead
from tests.forums.conftest import (  # noqa: F401  (fixtures shared with the forum tests)
    announcements,
    established,
    georgia,
    housing,
    member,
    moderator,
    other_member,
    reply,
)


@pytest.fixture(autouse=True)
def _no_pause_between_posts(no_pause_between_posts):
    """Every notification test writes posts quickly, one member after another."""


@pytest.fixture
def mail_through_celery(settings, celery_conf):
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://network.example"
    celery_conf(task_always_eager=True, task_eager_propagates=True)


@pytest.fixture
def posting(mail_through_celery, django_capture_on_commit_callbacks):
    """``posting(fn, *args)`` calls ``fn`` and then what it left for after the commit
    (the fan-out task, run eagerly): as a request does."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def rosa(db):
    return established(username="rosa", email="rosa@example.org", profile__display_name="Rosa")


@pytest.fixture
def marcus(db):
    return established(
        username="marcus", email="marcus@example.org", profile__display_name="Marcus"
    )


@pytest.fixture
def start_thread(db):
    """A thread as the forum tests start one, but an hour ago: its author is no longer
    "active in the thread" (who is gets no email for what they surely saw)."""

    def start(forum, title="A thread", source="The opening post.", author=None, tags=()):
        thread = actions.start_thread(forum, author or established(), title, source, tags)
        earlier = timezone.now() - timedelta(hours=1)
        Thread.objects.filter(pk=thread.pk).update(created_at=earlier, last_post_at=earlier)
        Post.objects.filter(thread=thread).update(created_at=earlier)
        ThreadRead.objects.filter(thread=thread).update(last_read_at=earlier)
        thread.refresh_from_db()
        return thread

    return start
