"""A real Celery worker process, on the configured broker (Redis when REDIS_URL is set,
otherwise the embedded filesystem broker), delivers an email sent during a request to a
real SMTP server, and marks it sent. The worker reads the email from the test database,
so this runs on PostgreSQL only."""

import uuid

import pytest
from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import connection

from network.models import OutgoingEmail
from tests.processes import start_worker, stop_worker, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker(sink, celery_conf, committed_data):
    """A worker consuming a queue of its own, so no other worker takes its tasks."""
    if connection.vendor != "postgresql":
        pytest.skip("The worker reads the email from the database: set DATABASE_URL.")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    celery_conf(task_default_queue=queue)
    process = start_worker(queue, email_port=sink.port, name=f"{queue}@test")
    yield process
    stop_worker(process)


def test_worker_delivers_an_email_sent_during_a_request(worker, sink, settings):
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    broker = "redis" if django_settings.REDIS_URL else "filesystem"

    send_mail("Through the worker", "Sent by Celery.", "site@example.org", ["member@example.org"])

    wait_for(lambda: sink.messages, seconds=60, worker=worker, what=f"the {broker} broker")
    [envelope] = sink.messages
    assert envelope.rcpt_tos == ["member@example.org"]
    assert b"Subject: Through the worker" in envelope.content
    assert b"Sent by Celery." in envelope.content
    wait_for(lambda: OutgoingEmail.objects.get().sent_at, worker=worker, what="it marked sent")
