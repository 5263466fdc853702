"""``manage.py bench`` (``make bench``): issue #4's benchmark. Builds a site of a given
size on a throwaway database, serves it with gunicorn as production does (``DEBUG=0``,
sync workers), loads its busiest pages from this process with wrk (or a Python load
generator) and prints requests per second, latency and queries per page, first with no
whole-page cache, then with the anonymous page cache on. A benchmark, not a test: it
reports and compares with the targets, and fails nothing.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlencode

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from network import bench
from network.bench import dataset, endorsements, forums, live, load
from network.bench import search as search_bench

CONNECTIONS = 8
WARMUP_SECONDS = 2
PAGE_CACHE_SECONDS = 300
FAN_OUT_SECONDS = 60
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b|\bFOR UPDATE\b", re.IGNORECASE)
# Work timed in this process, after the pages: ``timing(timer, data)``.
TIMINGS = [("forums", forums.posting), ("endorsements", endorsements.rendering)]


@dataclass
class Result:
    page: bench.Page
    who: str
    queries: int | None = None
    many: load.Load | None = None
    one: load.Load | None = None
    target: int | None = None
    note: str = ""

    def met(self) -> bool | None:
        """None for a page with no target (the article, the home page, a member's view)."""
        if self.many is None or self.one is None or self.target is None:
            return None
        fast_enough = self.many.per_second >= self.target
        return fast_enough and self.one.mean_ms <= bench.ONE_CONNECTION_MS and not self.errors

    @property
    def errors(self) -> int:
        return sum(run.errors for run in (self.many, self.one) if run)


@contextmanager
def throwaway_database(scratch: Path) -> Iterator[str]:
    """A new database made like the test database (migrated, seeded by the migrations),
    dropped on the way out; yields its DATABASE_URL. Its own name, so that a test run on
    the same server is left alone; with SQLite, a file, so that gunicorn can open it."""
    test = connection.settings_dict["TEST"]
    saved = dict(test)
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        test["NAME"] = str(scratch / "bench.sqlite3")
    elif connection.vendor == "postgresql":
        test["NAME"] = f"bench_{old_name}"
    else:
        raise CommandError(f"The bench runs on SQLite or PostgreSQL, not {connection.vendor}.")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield database_url(connection.settings_dict)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        test.clear()
        test.update(saved)


def database_url(database: dict) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        user += ":" + quote(database["PASSWORD"], safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}@{database['HOST'] or ''}{port}/{quote(database['NAME'])}"


def redis_answers(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError:
        return False
    return True


class Command(BaseCommand):
    help = (
        "Serve a site of a given size with gunicorn on a throwaway database and load its "
        "busiest pages: requests per second, p50 and p99 latency, queries per page. "
        "Set DATABASE_URL for PostgreSQL. Reports; asserts nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--small",
            action="store_true",
            help=f"A quick run: {bench.SMALL.describe()}; 3-second loads.",
        )
        for size_field in fields(bench.Size):
            parser.add_argument(
                f"--{size_field.name.replace('_', '-')}",
                type=int,
                help=f"Default {size_field.default:,} (with --small, "
                f"{getattr(bench.SMALL, size_field.name):,}).",
            )
        parser.add_argument(
            "--seconds", type=float, help="Length of each load with 8 connections (10)."
        )
        parser.add_argument(
            "--one-connection-seconds", type=float, help="Length of each one-connection load (5)."
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
        parser.add_argument(
            "--watchers",
            type=int,
            default=None,
            help="Watchers of the thread in the notification fan-out (10,000; --small: 1,000; "
            "0 skips it).",
        )
        parser.add_argument(
            "--redis-url",
            default="redis://127.0.0.1:6379/15",
            help="A Redis database for the site's cache, emptied before each server starts "
            "(default: %(default)s). Without one, the page-cache table is skipped.",
        )
        parser.add_argument(
            "--python-load",
            action="store_true",
            help="Load with the Python load generator even when wrk is installed.",
        )
        parser.add_argument(
            "--repeat", type=int, default=50, help="Runs of each in-process timing (50)."
        )
        parser.add_argument(
            "--search-scale",
            type=float,
            default=None,
            help="The share of issue #15's search site to grow the forums to: 1 (the default) "
            f"is {search_bench.SEARCH_POSTS:,} posts in {search_bench.SEARCH_THREADS:,} threads "
            f"by {search_bench.SEARCH_MEMBERS:,} members; 0.05 (the default with --small) "
            "keeps an everyday run short; 0 skips it.",
        )
        parser.add_argument(
            "--search-database",
            help="Build the site into this PostgreSQL database and keep it (a later run with "
            "the same name only measures), then time only the search (issue #15).",
        )
        parser.add_argument(
            "--only-search",
            action="store_true",
            help="Build the data set and time only the site search (issue #10).",
        )

    def handle(self, *args, **options):
        if options["search_database"]:
            return self.kept_search(options)
        started = time.monotonic()
        small = options["small"]
        given = {f.name: options[f.name] for f in fields(bench.Size) if options[f.name] is not None}
        size = replace(bench.SMALL if small else bench.Size(), **given)
        self.seconds = options["seconds"] or (3 if small else 10)
        self.one_seconds = options["one_connection_seconds"] or (3 if small else 5)
        self.tool = "python" if options["python_load"] else load.load_tool()
        if options["watchers"] is None:
            options["watchers"] = 1_000 if small else 10_000
        if options["search_scale"] is None:
            options["search_scale"] = 0.05 if small else 1.0
        self.say(f"Data set: {size.describe()}.")
        self.say(
            f"Database: {connection.vendor} (throwaway). Load: {self.describe_tool()}. "
            f"Load average {self.load_average()}."
        )
        with (
            tempfile.TemporaryDirectory(prefix="network-bench-") as scratch_dir,
            throwaway_database(Path(scratch_dir)) as url,
            override_settings(
                ALLOWED_HOSTS=["*"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
                PAGE_CACHE_SECONDS=0,
                MEDIA_ROOT=Path(scratch_dir) / "media",
            ),
        ):
            scratch = Path(scratch_dir)
            self.say("Building the data set…")
            build_started = time.monotonic()
            data = dataset.build(size, self.say)
            self.grow_for_search(options["search_scale"], data)
            # Fresh tables have no statistics until autovacuum gets to them, as a live
            # site's always have: without them PostgreSQL guessed five threads a forum
            # and sorted the whole forum for every page (2 ms where the index takes 0.4).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.say(f"  built in {time.monotonic() - build_started:.0f} s")
            if not options["only_search"]:
                self.run_site(data, scratch, url, options)
            self.run_searches(data, scratch, url, options)
            if options["search_scale"]:
                search_bench.measure(self.say, options["repeat"])
            if not options["only_search"]:
                self.run_timings(data, options["repeat"])
                if options["watchers"]:
                    self.run_fan_out(options["watchers"], url, options["redis_url"])
        self.say(f"\nLoad average {self.load_average()}. Done in {self.elapsed(started)}.")

    def grow_for_search(self, scale: float, data: bench.DataSet) -> None:
        if not scale:
            return
        if connection.vendor != "postgresql":
            self.say("  the search's scale needs PostgreSQL: skipped")
            return
        self.say(f"Growing the forums for the search (scale {scale:g})…")
        with transaction.atomic():
            search_bench.grow(scale, self.say, data.rng)

    def kept_search(self, options) -> None:
        """Build (once) into ``--search-database`` and time the search there."""
        if connection.vendor != "postgresql":
            raise CommandError("--search-database needs PostgreSQL (DATABASE_URL).")
        if options["search_scale"] is None:
            options["search_scale"] = 1.0
        connection.settings_dict["TEST"]["NAME"] = options["search_database"]
        connection.creation.create_test_db(verbosity=0, keepdb=True, serialize=False)
        with override_settings(
            ALLOWED_HOSTS=["*"],
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            PAGE_CACHE_SECONDS=0,
        ):
            from django.contrib.auth import get_user_model

            if not get_user_model().objects.filter(username="bench0").exists():
                self.say("Building the site…")
                data = dataset.build(bench.SMALL, self.say)
            else:
                data = bench.DataSet(size=bench.SMALL, rng=random.Random(4))
            self.grow_for_search(options["search_scale"], data)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            search_bench.measure(self.say, options["repeat"])

    # --- Serving and loading ------------------------------------------------------------

    def run_site(self, data: bench.DataSet, scratch: Path, url: str, options) -> None:
        member = Client()
        member.force_login(data.reader)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={member.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        results = self.count_queries(data, member)
        serve, with_redis = self.server(scratch, url, options)
        redis_url = options["redis_url"]

        self.say(
            f"\nNo whole-page cache: gunicorn, {options['workers']} sync workers, DEBUG=0, "
            f"{connection.vendor}, cache in {'Redis' if with_redis else 'each process'}; "
            f"{self.describe_load()}"
        )
        with serve(page_cache_seconds=0) as base:
            self.print_header()
            for result in results:
                self.load_page(base, result, {"Cookie": cookie} if result.who == "member" else {})
                self.print_row(result)
            self.run_live(base, member, cookie, options["workers"])
        self.check_writes(data)

        if not with_redis:
            self.say(f"\nNo Redis at {redis_url}: the page cache needs it, so no table for it.")
            return
        self.say(
            f"\nAnonymous page cache on (Redis, PAGE_CACHE_SECONDS={PAGE_CACHE_SECONDS}); "
            f"{self.describe_load()}"
        )
        with serve(page_cache_seconds=PAGE_CACHE_SECONDS) as base:
            self.print_header()
            uncached = []
            for page in data.pages:
                load.fetch(base + page.path)
                if load.fetch(base + page.path).headers.get("x-page-cache") != "hit":
                    uncached.append(page.name)
                    continue
                result = Result(page, "anon", target=bench.CACHED_PER_SECOND)
                with override_settings(PAGE_CACHE_SECONDS=PAGE_CACHE_SECONDS):
                    client = Client()
                    client.get(page.path)
                    result.queries = self.queries(client, page.path)[1]
                self.load_page(base, result, {})
                self.print_row(result)
        if uncached:
            self.say(f"Not behind the page cache (no X-Page-Cache: hit): {', '.join(uncached)}.")

    def server(self, scratch: Path, url: str, options, **settings_env: str):
        """``serve(page_cache_seconds=…)``, a context that runs the site on the throwaway
        database (static files collected once), and whether its cache is in Redis."""
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PAGE_CACHE_SECONDS")},
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            # Plain HTTP on the loopback: no redirect to HTTPS (there is no TLS proxy).
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": url,
            "STATIC_ROOT": str(scratch / "static"),
            "MEDIA_ROOT": str(scratch / "media"),
            "LOG_LEVEL": "WARNING",
            **settings_env,
        }
        if not (scratch / "static").exists():
            self.say("Collecting static files for DEBUG=0…")
            load.collect_static(env)
        redis_url = options["redis_url"]
        with_redis = redis_answers(redis_url)
        if with_redis:
            env["REDIS_URL"] = redis_url
        serve = partial(
            self.serve,
            redis_url if with_redis else None,
            env,
            workers=options["workers"],
            log=scratch / "gunicorn.log",
        )
        return serve, with_redis

    @contextmanager
    def serve(
        self,
        redis_url: str | None,
        env: dict[str, str],
        *,
        workers: int,
        log: Path,
        page_cache_seconds: int,
    ) -> Iterator[str]:
        """gunicorn on the throwaway database, its Redis database emptied first."""
        if redis_url:
            redis.Redis.from_url(redis_url).flushdb()
        env = {**env, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
        with load.gunicorn(env, workers=workers, log=log) as base:
            yield base

    def count_queries(self, data: bench.DataSet, member: Client) -> list[Result]:
        """Queries per page, counted in this process on the same data, after one view to
        warm what a running server has warm (renditions, the navigation's cache)."""
        results = []
        for page in data.pages:
            results.append(Result(page, "anon", target=page.per_second))
            if page.as_member:
                # For comparison: issue #4's targets are Spirit's pages, read anonymously.
                results.append(Result(page, "member"))
        self.first_view_writes = []
        for result in results:
            client = member if result.who == "member" else Client()
            _, _, writes = self.queries(client, result.page.path)
            if result.who == "anon":
                self.first_view_writes += [f"{result.page.name}: {sql[:100]}" for sql in writes]
            status, result.queries, _ = self.queries(client, result.page.path)
            if status != 200:
                result.note = f"answers {status}"
        return results

    def run_live(self, base: str, member: Client, cookie: str, workers: int) -> None:
        """Issue #15: an open thread page's question "anything new?" (network.bench.live)."""
        self.say(
            "\nReplies without a reload (issue #15): the long thread's last page open, "
            f"signed in; {self.describe_load().split(';')[0]}."
        )
        found = live.questions(base, member, cookie)
        for question in found:
            url, headers = base + question.path, question.headers
            load.run_load(
                self.tool, url, connections=CONNECTIONS, seconds=WARMUP_SECONDS, headers=headers
            )
            question.run = load.run_load(
                self.tool, url, connections=CONNECTIONS, seconds=self.seconds, headers=headers
            )
        live.report(self.say, found, workers)

    def queries(self, client: Client, path: str) -> tuple[int, int, list[str]]:
        with bench.counted_queries() as captured:
            response = client.get(path)
        sql = [query["sql"] for query in captured.captured_queries]
        return response.status_code, len(sql), [line for line in sql if WRITE.search(line)]

    def check_writes(self, data: bench.DataSet) -> None:
        """Issue #4: no database write on an anonymous page view. Each page is viewed
        again here by a new visitor, the first view having warmed it during the counts."""
        found = []
        for page in data.pages:
            _, _, writes = self.queries(Client(), page.path)
            found += [f"{page.name}: {sql[:120]}" for sql in writes]
        if found:
            self.say("Database writes on anonymous page views:\n  " + "\n  ".join(found))
        else:
            self.say(
                f"No database write on an anonymous page view ({len(data.pages)} pages checked)."
            )
        if self.first_view_writes:
            self.say(
                "Writes on the first view of a page only (filling what later views read):"
                "\n  " + "\n  ".join(self.first_view_writes)
            )

    def load_page(self, base: str, result: Result, headers: dict[str, str]) -> None:
        url = base + result.page.path
        answer = load.fetch(url, headers)
        if answer.status != 200:
            result.note = f"answers {answer.status}: not loaded"
            return
        load.run_load(
            self.tool, url, connections=CONNECTIONS, seconds=WARMUP_SECONDS, headers=headers
        )
        result.many = load.run_load(
            self.tool, url, connections=CONNECTIONS, seconds=self.seconds, headers=headers
        )
        result.one = load.run_load(
            self.tool, url, connections=1, seconds=self.one_seconds, headers=headers
        )
        if result.errors:
            result.note = f"{result.errors} failed or not 2xx/3xx"

    # --- Search ---------------------------------------------------------------------------

    def run_searches(self, data: bench.DataSet, scratch: Path, url: str, options) -> None:
        """Issue #10: each search loaded signed out with as many connections as workers, so
        that every worker is searching (the search's rate limit lifted for the load)."""
        workers = options["workers"]
        serve, with_redis = self.server(scratch, url, options, SEARCH_PER_MINUTE="1000000")
        self.say(
            f"\nSearch, signed out: gunicorn, {workers} sync workers, cache in "
            f"{'Redis' if with_redis else 'each process'}; {self.describe_search_load(workers)}"
        )
        self.say(
            f"{'search':20} {'words':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'queries':>7}  {'target':12} met"
        )
        with serve(page_cache_seconds=0) as base:
            for search in data.searches:
                path = f"{reverse('search')}?{urlencode({'q': search.query})}"
                self.load_search(base, path, search, workers)

    def load_search(self, base: str, path: str, search: bench.Search, workers: int) -> None:
        with override_settings(SEARCH_PER_MINUTE=1_000_000):
            status, queries, _ = self.queries(Client(), path)
        target = f"p99 ≤{bench.SEARCH_P99_MS} ms"
        words = len(search.query.split())
        answer = load.fetch(base + path)
        if answer.status != 200 or status != 200:
            self.say(
                f"{search.name:20} {words:5} {'':>7} {'':>7} {'':>7} {queries:7}  {target:12} "
                f"–  answers {answer.status} (in process: {status}): not loaded"
            )
            return
        url = base + path
        load.run_load(self.tool, url, connections=workers, seconds=WARMUP_SECONDS)
        run = load.run_load(self.tool, url, connections=workers, seconds=self.seconds)
        met = run.requests > 0 and run.p99_ms <= bench.SEARCH_P99_MS and not run.errors
        note = f"  {run.errors} failed or not 2xx/3xx" if run.errors else ""
        if not run.requests:
            note = f"  none answered within the {self.seconds:.0f} s"
        self.say(
            f"{search.name:20} {words:5} {run.per_second:7.1f} {run.p50_ms:7.1f} "
            f"{run.p99_ms:7.1f} {queries:7}  {target:12} {'yes' if met else 'NO'}{note}"
        )

    def describe_search_load(self, workers: int) -> str:
        if self.tool == "wrk":
            return f"wrk -t{min(2, workers)} -c{workers} -d{self.seconds:.0f}s."
        return f"Python, {workers} connections, {self.seconds:.0f} s."

    # --- In-process timings -------------------------------------------------------------

    def run_timings(self, data: bench.DataSet, repeat: int) -> None:
        for name, benchmark in TIMINGS:
            self.say(f"\nIn process ({name}), {repeat} runs")
            self.say(
                f"{'what':56} {'per s':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  "
                f"{'target':16} met"
            )
            timer = bench.Timer(repeat=repeat)
            benchmark(timer, data)
            for row in timer.rows:
                self.say(self.timing_row(row))

    @staticmethod
    def timing_row(row: bench.Row) -> str:
        target = "–" if row.target_ms is None else f"median ≤{row.target_ms:g} ms"
        met = {True: "yes", False: "NO", None: "–"}[row.met()]
        return (
            f"{row.name:56} {row.per_second:8.1f} {row.median_ms:10.1f} "
            f"{row.p95_ms:8.1f} {row.queries:8d}  {target:16} {met}"
        )

    # --- Notifications ------------------------------------------------------------------

    def run_fan_out(self, watchers: int, database_url: str, redis_url: str) -> None:
        """Issue #5: one reply in a thread watched by ``watchers`` members, every email
        delivered by a real worker (two processes) to a local SMTP sink. In a process of
        its own, which meets the worker on Redis from the start."""
        broker = redis_url if redis_answers(redis_url) else ""
        self.say(
            f"\nNotification fan-out: one reply, {watchers:,} watchers; a Celery worker of 2 "
            f"processes on {'Redis' if broker else 'the filesystem broker'}, aiosmtpd as the "
            "mail server."
        )
        if broker:
            redis.Redis.from_url(broker).flushdb()
        code = (
            "import json, django; django.setup(); "
            "from network.bench.fan_out import measure_fan_out; "
            f"print(json.dumps(measure_fan_out({watchers})))"
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "network.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker,
            "LOG_LEVEL": "WARNING",
        }
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            self.say(f"  failed:\n{done.stderr[-2000:]}")
            return
        figure = json.loads(done.stdout.strip().splitlines()[-1])
        met = figure["delivered"] >= watchers and figure["seconds"] <= FAN_OUT_SECONDS
        self.say(
            f"  delivered {figure['delivered']:,} emails in {figure['seconds']} s over "
            f"{figure['smtp_connections']} SMTP connections (target: all in ≤ {FAN_OUT_SECONDS} s: "
            f"{'yes' if met else 'NO'})"
        )
        self.say(
            f"  the posting request: {figure['post_ms_one_watcher']} ms and "
            f"{figure['post_queries_one_watcher']} queries with one watcher, "
            f"{figure['post_ms_many_watchers']} ms and {figure['post_queries_many_watchers']} "
            f"with {watchers:,}"
        )

    # --- Output -------------------------------------------------------------------------

    def say(self, line: str) -> None:
        self.stdout.write(line)

    def describe_tool(self) -> str:
        if self.tool == "wrk":
            return "wrk"
        return "the Python load generator (wrk is not installed: apt-get install wrk)"

    def describe_load(self) -> str:
        if self.tool == "wrk":
            many = f"wrk -t2 -c{CONNECTIONS} -d{self.seconds:.0f}s"
            one = f"wrk -t1 -c1 -d{self.one_seconds:.0f}s"
        else:
            many = f"Python, {CONNECTIONS} connections, {self.seconds:.0f} s"
            one = f"1 connection, {self.one_seconds:.0f} s"
        return f"{many}; 1-conn: {one}, mean time per request."

    def print_header(self) -> None:
        self.say(
            f"{'page':26} {'who':6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'1-conn ms':>9} {'queries':>7}  {'target':16} met"
        )

    def print_row(self, result: Result) -> None:
        target = "–"
        if result.target:
            target = f"≥{result.target:,}/s, ≤{bench.ONE_CONNECTION_MS} ms"
        queries = "" if result.queries is None else str(result.queries)
        if result.many is None or result.one is None:
            self.say(
                f"{result.page.name:26} {result.who:6} {'':>7} {'':>7} {'':>7} {'':>9} "
                f"{queries:>7}  {target:16} –  {result.note}"
            )
            return
        met = {True: "yes", False: "NO", None: "–"}[result.met()]
        self.say(
            f"{result.page.name:26} {result.who:6} {result.many.per_second:7.0f} "
            f"{result.many.p50_ms:7.1f} {result.many.p99_ms:7.1f} {result.one.mean_ms:9.1f} "
            f"{queries:>7}  {target:16} {met}  {result.note}".rstrip()
        )

    @staticmethod
    def load_average() -> str:
        return " ".join(f"{figure:.2f}" for figure in os.getloadavg())

    @staticmethod
    def elapsed(started: float) -> str:
        seconds = round(time.monotonic() - started)
        return f"{seconds // 60} min {seconds % 60} s"
