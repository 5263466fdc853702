"""The notification fan-out figure issue 5 asks of ``make bench``: one reply in a thread
watched by 10,000 members, each email delivered by a real worker (two processes) on the
configured broker to a local SMTP sink (aiosmtpd). Target: all delivered in ≤ 60 s, and
the posting costs the same (time, queries) with 10,000 watchers as with one.

``manage.py bench`` runs :func:`measure_fan_out` in a process of its own on its throwaway
database, after the pages. It writes members, threads and watches into the current
database: never run it on one that matters.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta

from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from forums import actions
from forums.models import Forum, ThreadRead, ThreadWatch
from network import bench
from network.celery import app
from network.models import Profile


class _Sink:
    def __init__(self):
        self.count = 0
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.sessions.add(id(session))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def measure_fan_out(watchers: int = 10_000, *, concurrency: int = 2, limit: float = 300) -> dict:
    User = get_user_model()
    tag = uuid.uuid4().hex[:6]
    month_ago = timezone.now() - timedelta(days=30)
    members = User.objects.bulk_create(
        User(username=f"w{tag}{n}", email=f"w{tag}{n}@example.org", password="!")
        for n in range(watchers)
    )
    Profile.objects.bulk_create(Profile(user=u, display_name=u.username) for u in members)
    people = [
        User.objects.create_user(f"{who}{tag}", f"{who}{tag}@example.org", date_joined=month_ago)
        for who in ("author", "other", "replier")
    ]
    author, other, replier = people
    forum = Forum.objects.get(slug="housing")
    saved_pause, actions.MIN_SECONDS_BETWEEN_POSTS = actions.MIN_SECONDS_BETWEEN_POSTS, 0
    busy = actions.start_thread(forum, author, "Watched by many", "Opening.")
    quiet = actions.start_thread(forum, other, "Watched by one", "Opening.")
    ThreadWatch.objects.bulk_create(ThreadWatch(user=u, thread=busy) for u in members)
    ThreadRead.objects.filter(thread__in=[busy, quiet]).update(last_read_at=month_ago)

    sink, port = _Sink(), _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"bench-fan-out-{tag}"
    saved_queue, app.conf.task_default_queue = app.conf.task_default_queue, queue
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "CELERY_QUEUE": queue,
    }
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "network", "worker", "-Q", queue),
            *("--concurrency", str(concurrency), "--without-gossip", "--without-mingle"),
            *("--loglevel", "WARNING"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        time.sleep(2)

        def post(thread) -> tuple[float, int]:
            with bench.counted_queries() as queries:
                started = time.perf_counter()
                actions.post_reply(thread, replier, "News for everyone watching.")
                took = time.perf_counter() - started
            return took * 1000, len(queries.captured_queries)

        one_ms, one_queries = post(quiet)
        while sink.count < 1:
            time.sleep(0.1)
        before = sink.count
        started = time.perf_counter()
        many_ms, many_queries = post(busy)
        wanted = watchers + 1  # the watchers and the thread's author
        while sink.count - before < wanted and time.perf_counter() - started < limit:
            time.sleep(0.1)
        return {
            "watchers": watchers,
            "delivered": sink.count - before,
            "seconds": round(time.perf_counter() - started, 1),
            "smtp_connections": len(sink.sessions),
            "post_ms_one_watcher": round(one_ms, 1),
            "post_ms_many_watchers": round(many_ms, 1),
            "post_queries_one_watcher": one_queries,
            "post_queries_many_watchers": many_queries,
        }
    finally:
        worker.terminate()
        worker.wait(30)
        controller.stop()
        app.conf.task_default_queue = saved_queue
        actions.MIN_SECONDS_BETWEEN_POSTS = saved_pause
