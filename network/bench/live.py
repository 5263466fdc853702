"""Issue #15's replies without a reload, measured: what open thread pages asking "anything
new?" (``forums:live``, every ``forums.live.POLL_SECONDS``) cost the gunicorn workers.

The signed-in reader has the long thread's last page open. Loaded through the same
gunicorn and load tool as the pages, with their session:

- *unchanged*: the question with the page's ETag, answered 304 (``forums.live``'s
  middleware, before the session and the member are read); its queries counted in this
  process. What the workers serve of these with every worker busy is their capacity,
  and 500 open tabs ask ``500 / POLL_SECONDS`` a second of it.
- *one new reply*: the question from a page that lacks the newest post, answered 200
  with that post (the view: the thread page's own path for this reader); what every
  open tab asks once after each reply.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from forums import live
from forums.models import Thread
from network import bench
from network.bench import load
from network.bench.forums import BIG_THREAD_TITLE

TABS = 500
TARGET_SHARE = 10  # per cent of the workers' capacity


@dataclass
class Question:
    name: str
    path: str
    headers: dict[str, str]
    status: int
    queries: int
    run: load.Load | None = None


def questions(base: str, member: Client, cookie: str) -> list[Question]:
    """The two questions, their answers and queries checked in this process first."""
    thread = Thread.objects.select_related("forum").get(title=BIG_THREAD_TITLE)
    page = thread.page_count
    address = reverse("forums:live", args=[thread.pk])
    shown = load.fetch(f"{base}{thread.get_absolute_url()}?page={page}", {"Cookie": cookie})
    etag = html.unescape(re.search(rb'data-live-etag="([^"]+)"', shown.body).group(1).decode())
    everything = member.get(address, {"page": page, "after": 0}).json()
    newest = sorted(post for post, _ in everything["placed"])
    unchanged = f"{address}?{urlencode({'page': page, 'part': 1, 'after': newest[-1]})}"
    one_new = f"{address}?{urlencode({'page': page, 'part': 1, 'after': newest[-2]})}"
    found = []
    for name, path, headers in (
        ("unchanged (304)", unchanged, {"Cookie": cookie, "If-None-Match": etag}),
        ("one new reply (200)", one_new, {"Cookie": cookie}),
    ):
        extra = (
            {"HTTP_IF_NONE_MATCH": headers["If-None-Match"]} if "If-None-Match" in headers else {}
        )
        member.get(path, **extra)
        with bench.counted_queries() as captured:
            response = member.get(path, **extra)
        found.append(
            Question(name, path, headers, response.status_code, len(captured.captured_queries))
        )
    return found


def report(say: bench.Say, found: list[Question], workers: int) -> None:
    say(f"{'question':26} {'status':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7}")
    for question in found:
        run = question.run
        figures = (
            f"{run.per_second:7.0f} {run.p50_ms:7.1f} {run.p99_ms:7.1f}"
            if run
            else f"{'':>7} {'':>7} {'':>7}"
        )
        say(f"{question.name:26} {question.status:6} {figures} {question.queries:7}")
    unchanged, one_new = found
    if unchanged.run is None or not unchanged.run.per_second:
        say("  (the 304 path was not loaded: no capacity to compare with)")
        return
    asked = TABS / live.POLL_SECONDS
    share = 100 * asked / unchanged.run.per_second
    met = share < TARGET_SHARE and unchanged.status == 304 and unchanged.queries <= 1
    say(
        f"{TABS} open tabs, one question each {live.POLL_SECONDS} s: {asked:.1f} req/s, "
        f"{share:.1f}% of the {workers} workers' capacity for unchanged answers "
        f"({unchanged.run.per_second / workers:,.0f}/s each); target < {TARGET_SHARE}% "
        f"with ≤ 1 query: {'yes' if met else 'NO'}"
    )
    if one_new.run and one_new.run.per_second:
        say(
            f"A new reply: each of the {TABS} tabs then asks once on the 200 path, "
            f"{TABS / one_new.run.per_second:.1f} s of all {workers} workers' time, spread "
            f"over the next {live.POLL_SECONDS} s."
        )
