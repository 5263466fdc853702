"""Real processes for the tests that need them: an SMTP server that can be switched off
and on again (aiosmtpd), a Redis server of the test's own that can be stopped mid-test,
and a Celery worker reading the test database. Each takes a moment to start, so the
tests that use them hold them in module-scoped fixtures.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, seconds: float = 30, worker=None, what: str = "it") -> None:
    """Poll ``condition`` until it holds; fail after ``seconds``, or at once if
    ``worker`` exited, with what the worker said."""
    deadline = time.monotonic() + seconds
    while not condition():
        if (worker is not None and worker.poll() is not None) or time.monotonic() > deadline:
            time.sleep(0.5)  # the worker's last words
            said = "".join(worker.log) if worker is not None else ""
            pytest.fail(f"gave up waiting for {what} after {seconds} s; the worker said:\n{said}")
        time.sleep(0.1)


class Sink:
    """An SMTP server that keeps what it receives, and can be switched off and on again
    on the same port (a mail server that refuses connections, then comes back)."""

    def __init__(self):
        self.messages = []
        self.sessions = set()
        self.port = free_port()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.messages.append(envelope)
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def emails(self):
        return [message_from_bytes(m.content, policy=policy.default) for m in self.messages]

    def clear(self):
        self.messages.clear()
        self.sessions.clear()


class RedisServer:
    """A Redis of the test's own on a free port, nobody else's, that the test can stop
    (an outage) and start again empty, with nothing written to disk."""

    def __init__(self):
        if shutil.which("redis-server") is None:
            pytest.skip("needs redis-server (Debian: apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = tempfile.mkdtemp(prefix="network-test-redis-")
        self.client = redis.Redis(
            port=self.port, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
        )

    def start(self):
        subprocess.run(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "yes"),
                *("--dir", self.folder, "--pidfile", f"{self.folder}/redis.pid"),
                *("--logfile", f"{self.folder}/redis.log"),
            ],
            check=True,
        )
        wait_for(self.answers, seconds=10, what=f"redis-server on port {self.port}")

    def stop(self):
        # It closes the connection as it goes: that is its answer.
        with contextlib.suppress(redis.ConnectionError):
            self.client.shutdown(nosave=True)
        wait_for(lambda: not self.answers(), seconds=10, what="redis-server to stop")

    def answers(self) -> bool:
        try:
            return self.client.ping()
        except redis.ConnectionError:
            return False

    def remove(self):
        if self.answers():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def database_url_for_workers() -> str:
    """The test database, as another process (a worker) opens it."""
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


def start_worker(queue: str, *, email_port: int, name: str, **environment) -> subprocess.Popen:
    """A Celery worker called ``name`` taking ``queue``, on the test database, mailing
    to ``email_port``; ``environment`` adds to (or overrides) its variables, such as
    ``REDIS_URL``. What it prints is kept in ``worker.log`` as it prints it (a full pipe
    would stall it); what it writes to a temporary file (kombu's emergency dump of what
    it could not give back to a broker that went away) goes with it."""
    folder = tempfile.mkdtemp(prefix="network-test-worker-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "DATABASE_URL": database_url_for_workers(),
        "CONN_MAX_AGE": "0",
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
        "SITE_URL": "https://network.example",
        "TMPDIR": folder,
        **environment,
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "network", "worker", "-Q", queue),
            *("-n", name, "--pool", "solo", "--without-gossip", "--without-mingle"),
            *("--loglevel", "INFO"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    process.log = []
    process.folder = folder
    threading.Thread(target=lambda: process.log.extend(process.stdout), daemon=True).start()
    return process


def send_tasks_to(broker_url: str) -> None:
    """This process (the web process of the tests) sends its tasks to ``broker_url`` from
    now on: the Celery app's pools of connections to the broker it used so far go."""
    from network.celery import app

    app.conf.broker_url = broker_url
    app._pool = None
    app.amqp._producer_pool = None


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(process.folder, ignore_errors=True)


@contextlib.contextmanager
def locked_elsewhere(queryset):
    """While the block runs, the rows of ``queryset`` are locked (``select_for_update``)
    by a transaction in another thread, on its own connection: as a second worker holds
    what it claimed."""
    from django.db import connections, transaction

    holding, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            list(queryset.select_for_update())
            holding.set()
            release.wait(10)
        connections.close_all()

    other = threading.Thread(target=other_worker)
    other.start()
    holding.wait(10)
    try:
        yield
    finally:
        release.set()
        other.join()
