"""A real Celery worker process, on the configured broker (Redis when REDIS_URL is set,
otherwise the embedded filesystem broker), delivers an email to a real SMTP server."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.mail import send_mail

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def worker(smtp_sink, celery_conf):
    """A worker consuming a queue of its own, so no other worker takes its tasks."""
    controller, _ = smtp_sink
    queue = f"test-{uuid.uuid4().hex[:12]}"
    celery_conf(task_default_queue=queue)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "network",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_worker_delivers_an_email_sent_during_a_request(
    worker, smtp_sink, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    _, inbox = smtp_sink
    broker = "redis" if django_settings.REDIS_URL else "filesystem"

    with django_capture_on_commit_callbacks(execute=True):
        send_mail(
            "Through the worker", "Sent by Celery.", "site@example.org", ["member@example.org"]
        )

    deadline = time.monotonic() + 60
    while not inbox.messages and time.monotonic() < deadline:
        assert worker.poll() is None, f"worker exited:\n{worker.stdout.read()}"
        time.sleep(0.2)

    if not inbox.messages:
        worker.terminate()
        pytest.fail(f"no email through the {broker} broker in 60 s:\n{worker.communicate()[0]}")
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["member@example.org"]
    assert b"Subject: Through the worker" in envelope.content
    assert b"Sent by Celery." in envelope.content
