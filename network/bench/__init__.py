"""``manage.py bench``: how fast the site serves its busiest pages, measured, not asserted.

:func:`network.bench.dataset.build` builds the site, one module per part of it
(:mod:`~network.bench.members`, :mod:`~network.bench.forums`,
:mod:`~network.bench.blog`), each naming the pages worth loading as it builds; the
command serves the result with gunicorn and loads it from another process
(:mod:`network.bench.load`). It also times work that is not a page with a
:class:`Timer` (posting a reply, say), and the notification fan-out
(:mod:`network.bench.fan_out`). Everything runs against a throwaway database, so real
data is never touched. It uses every app (with network.demo, the only part of
``network`` that imports ``forums`` and ``blog``), so nothing in the site imports it.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

Say = Callable[[str], None]


@dataclass(frozen=True)
class Size:
    """How big a site to build. The defaults are issue #4's: a busy community's forums."""

    members: int = 200
    forums: int = 12
    threads: int = 2_000
    posts: int = 50_000
    big_thread: int = 1_000  # replies in the one long thread
    articles: int = 12
    comments: int = 60  # under the article that is loaded
    events: int = 500  # past events on the events index (issue #12)

    def describe(self) -> str:
        return (
            f"{self.members:,} members, {self.forums} forums, {self.threads:,} threads, "
            f"{self.posts:,} posts (one thread of {self.big_thread:,} replies), "
            f"{self.articles} articles ({self.comments} comments under the one loaded), "
            f"{self.events:,} past events"
        )


SMALL = Size(
    members=30,
    forums=4,
    threads=100,
    posts=1_500,
    big_thread=200,
    articles=3,
    comments=20,
    events=50,
)

# Issue #4's targets with 8 connections and no whole-page cache, and with the cache on.
FORUM_LISTING_PER_SECOND = 280
THREAD_PER_SECOND = 170
ONE_CONNECTION_MS = 10
CACHED_PER_SECOND = 1_500
# Issue #10: every search answered within this, p99, with both workers searching.
SEARCH_P99_MS = 300


@dataclass(frozen=True)
class Page:
    """A page to load. ``per_second`` is its target with 8 connections and no page cache
    (None: none set); ``as_member`` loads it signed in as well."""

    name: str
    path: str
    per_second: int | None
    as_member: bool = False


@dataclass(frozen=True)
class Search:
    """A query for the site search, loaded signed out (target: ``SEARCH_P99_MS``)."""

    name: str
    query: str


@dataclass
class DataSet:
    size: Size
    rng: random.Random
    members: list = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    searches: list[Search] = field(default_factory=list)

    @property
    def reader(self):
        """The member whose session loads the signed-in pages."""
        return self.members[1]


@dataclass
class Row:
    name: str
    per_second: float
    median_ms: float
    p95_ms: float
    queries: int
    target_ms: float | None = None  # the median's target (None: none set)

    def met(self) -> bool | None:
        return None if self.target_ms is None else self.median_ms <= self.target_ms


@contextmanager
def counted_queries() -> Iterator[CaptureQueriesContext]:
    """The queries run inside, counted on an emptied log: Django's log keeps the last
    9,000 and a count is how much it grew, so once the bench had run that many every
    count read 0."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        yield captured


@dataclass
class Timer:
    """Times a callable in this process ``repeat`` times after ``warmup`` runs, counting
    its queries; ``target_ms``, when given, is what its median should not exceed."""

    repeat: int = 50
    warmup: int = 3
    rows: list[Row] = field(default_factory=list)

    def measure(
        self, name: str, run: Callable[[], object], *, target_ms: float | None = None
    ) -> Row:
        for _ in range(self.warmup):
            run()
        durations = []
        for _ in range(self.repeat):
            with counted_queries() as captured:
                start = time.perf_counter()
                run()
                durations.append(time.perf_counter() - start)
        durations.sort()
        row = Row(
            name=name,
            per_second=len(durations) / sum(durations),
            median_ms=statistics.median(durations) * 1000,
            p95_ms=durations[max(0, int(len(durations) * 0.95) - 1)] * 1000,
            queries=len(captured.captured_queries),
            target_ms=target_ms,
        )
        self.rows.append(row)
        return row
