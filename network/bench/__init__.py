"""``manage.py bench``: how fast the site serves its busiest pages, measured, not asserted.

Each app adds to the data set with :func:`register_data` (members here, forums and
articles in their apps) and names the pages worth loading as it builds; the command
serves the result with gunicorn and loads it from another process
(:mod:`network.bench.load`). Apps may also time work that is not a page with
:func:`register` and a :class:`Timer` (posting a reply, say). Everything runs against a
throwaway database, so real data is never touched.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import Profile

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

    def describe(self) -> str:
        return (
            f"{self.members:,} members, {self.forums} forums, {self.threads:,} threads, "
            f"{self.posts:,} posts (one thread of {self.big_thread:,} replies), "
            f"{self.articles} articles ({self.comments} comments under the one loaded)"
        )


SMALL = Size(
    members=30, forums=4, threads=100, posts=1_500, big_thread=200, articles=3, comments=20
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


Builder = Callable[[DataSet, Say], None]
_builders: list[tuple[int, str, Builder]] = []

Benchmark = Callable[["Timer", DataSet], None]
_benchmarks: list[tuple[str, Benchmark]] = []


def register_data(order: int, name: str, builder: Builder) -> None:
    """Add ``builder(data, say)`` to the data set; lower ``order`` builds first."""
    if all(existing != name for _, existing, _ in _builders):
        _builders.append((order, name, builder))


def register(name: str, benchmark: Benchmark) -> None:
    """Add an in-process timing, ``benchmark(timer, data)``, run after the pages."""
    if all(existing != name for existing, _ in _benchmarks):
        _benchmarks.append((name, benchmark))


def registered() -> list[tuple[str, Benchmark]]:
    return list(_benchmarks)


def build(size: Size, say: Say) -> DataSet:
    data = DataSet(size=size, rng=random.Random(4))
    for _, name, builder in sorted(_builders, key=lambda item: item[:2]):
        start = time.perf_counter()
        with transaction.atomic():
            builder(data, say)
        say(f"  {name}: {time.perf_counter() - start:.1f} s")
    return data


def build_members(data: DataSet, say: Say) -> None:
    """Members of three months' standing (past the new-member limits), with profiles,
    laid down in two queries: ``bulk_create`` skips the signal that makes a profile."""
    User = get_user_model()
    joined = timezone.now() - timedelta(days=90)
    User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.org", date_joined=joined)
        for n in range(data.size.members)
    )
    members = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    visibilities = [Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS]
    Profile.objects.bulk_create(
        Profile(
            user=member,
            display_name=f"Bench Member {n}",
            bio_html="",
            visibility=visibilities[n % 2],
        )
        for n, member in enumerate(members)
    )
    data.members = members


register_data(0, "members", build_members)


@dataclass
class Row:
    name: str
    per_second: float
    median_ms: float
    p95_ms: float
    queries: int


@dataclass
class Timer:
    """Times a callable in this process ``repeat`` times after ``warmup`` runs, counting
    its queries."""

    repeat: int = 50
    warmup: int = 3
    rows: list[Row] = field(default_factory=list)

    def measure(self, name: str, run: Callable[[], object]) -> Row:
        for _ in range(self.warmup):
            run()
        durations = []
        for _ in range(self.repeat):
            with CaptureQueriesContext(connection) as captured:
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
        )
        self.rows.append(row)
        return row
