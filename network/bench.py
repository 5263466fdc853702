"""``manage.py bench``: throughput of the site's hot paths, measured, not asserted.

Each app registers benchmarks with :func:`register`; the command runs them against a
throwaway database (created like the test database, then dropped), so it never touches
real data. A benchmark gets a :class:`Timer` and reports rows of figures.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, reset_queries

Benchmark = Callable[["Timer"], None]
_benchmarks: list[tuple[str, Benchmark]] = []


def register(name: str, benchmark: Benchmark) -> None:
    if all(existing != name for existing, _ in _benchmarks):
        _benchmarks.append((name, benchmark))


def registered() -> list[tuple[str, Benchmark]]:
    return list(_benchmarks)


@dataclass
class Row:
    name: str
    per_second: float
    median_ms: float
    p95_ms: float
    queries: int
    note: str = ""


@dataclass
class Timer:
    """Times a callable ``repeat`` times after ``warmup`` runs, counting its queries."""

    repeat: int = 50
    warmup: int = 3
    rows: list[Row] = field(default_factory=list)

    def measure(self, name: str, run: Callable[[], object], note: str = "") -> Row:
        for _ in range(self.warmup):
            run()
        durations = []
        queries = 0
        for _ in range(self.repeat):
            reset_queries()
            start = time.perf_counter()
            run()
            durations.append(time.perf_counter() - start)
            queries = len(connection.queries)
        durations.sort()
        row = Row(
            name=name,
            per_second=len(durations) / sum(durations),
            median_ms=statistics.median(durations) * 1000,
            p95_ms=durations[int(len(durations) * 0.95) - 1] * 1000,
            queries=queries,
            note=note,
        )
        self.rows.append(row)
        return row

    def report(self, name: str, value: str) -> None:
        self.rows.append(Row(name, 0, 0, 0, 0, value))
