"""Issue #15's search at scale: the forums grown to ``SEARCH_POSTS`` posts in
``SEARCH_THREADS`` threads by ``SEARCH_MEMBERS`` members (times ``--search-scale``), in
English and Spanish, then the site search timed in this process for common, rare and
absent words and a Spanish stem, with the forum and thread pages at that size.

Built fast: the rows are made in Python in order of writing (so that ids follow time, as
on a live site) and streamed with COPY; the posts' vectors are made by their trigger as
they arrive (``forums.fulltext``), the GIN index dropped first and built once after.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from forums.models import Forum, Post, ReactionKind, Thread
from forums.models.discussion import path_segment
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from network import bench
from network.markup import render
from network.models import Profile
from network.timeouts import QueryTimedOut

SEARCH_POSTS = 1_000_000
SEARCH_THREADS = 100_000
SEARCH_MEMBERS = 2_000
# Targets (issue #15), for each search, timed in this process (the whole view).
P50_MS = 30
P99_MS = 150
SPANISH_SHARE = 0.3
RARE_WORD = "quetzalcoatl"  # in one post of RARE_EVERY
RARE_EVERY = 20_000
# Between the two: too few among the newest posts for a short walk, too many for the
# index to hand over in a moment (forums.search.newest_matches). Not one of the issue's
# targets; shown to say what such a word costs.
UNCOMMON_WORD = "sharecroppers"  # in one post of UNCOMMON_EVERY
UNCOMMON_EVERY = 200

ENGLISH = [
    "We knocked on every door in the building before the meeting.",
    "The tenants union voted to hold the rent strike until repairs are made.",
    "Our canvass covered three precincts on Saturday morning.",
    "The reading group finished the chapter on organizing the unorganized.",
    "Mutual aid volunteers delivered water and food after the storm.",
    "The contract campaign needs more shop stewards on the night shift.",
    "Childcare at meetings doubled the number of parents who came.",
    "We should write the budget questions down before the convention.",
    "Organizing a phone tree took a week and held during the strike.",
    "The county commission meets on Tuesday; bring your neighbors.",
    "Heat is the issue this summer: the landlord ignores the broken air units.",
    "Our newsletter reached four hundred members last month.",
]
SPANISH = [
    "Tocamos todas las puertas del edificio antes de la reunión.",
    "El sindicato de inquilinos votó mantener la huelga de alquileres.",
    "Estamos organizando una asamblea de vecinos para el sábado.",
    "El grupo de lectura terminó el capítulo sobre la organización obrera.",
    "Los voluntarios repartieron agua y comida después de la tormenta.",
    "Organizamos un árbol telefónico que funcionó durante la huelga.",
    "Necesitamos más delegados sindicales en el turno de noche.",
    "La comisión del condado se reúne el martes; traigan a sus vecinos.",
    "El calor es el problema de este verano y el casero no repara nada.",
    "Nuestro boletín llegó a cuatrocientos miembros el mes pasado.",
]
SUBJECTS = {
    "en": ["Tenant drive report", "Canvass notes", "Reading group", "Strike support"],
    "es": ["Informe de inquilinos", "Notas del sondeo", "Grupo de lectura", "Apoyo a la huelga"],
}
SEARCHES = [
    ("common word", "meeting", {}),
    ("common word, es", "huelga", {}),
    ("two words", "rent strike", {}),
    ("rare word", RARE_WORD, {}),
    ("uncommon word *", UNCOMMON_WORD, {}),
    ("absent word", "zeppelin", {}),
    ("Spanish stem", "organizando", {}),
    ("English stem", "organized", {}),
    ("common, in a forum", "meeting", {"in": "forums"}),
]


def searches() -> list[tuple[str, str, dict]]:
    """``SEARCHES``, and a common word between two dates long past (the bench's posts
    span the last year): the newest posts hold none of its matches there."""
    today = timezone.localdate()
    long_ago = {
        "from": (today - timedelta(days=300)).isoformat(),
        "to": (today - timedelta(days=200)).isoformat(),
    }
    return [*SEARCHES, ("common, months ago", "meeting", long_ago)]


def load_average() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def sources(rng: random.Random, sentences: list[str], count: int) -> list[tuple[str, str]]:
    """``count`` different posts of two to four sentences, rendered once each."""
    made = []
    for _ in range(count):
        source = " ".join(rng.sample(sentences, rng.randint(2, 4)))
        made.append((source, render(source).html))
    return made


def add_members(count: int) -> list[int]:
    """Bench members up to ``count`` (the site's own build made some), their ids."""
    User = get_user_model()
    have = User.objects.filter(username__startswith="bench").count()
    if have < count:
        joined = timezone.now() - timedelta(days=400)
        new = User.objects.bulk_create(
            (
                User(username=f"bench{n}", email=f"bench{n}@example.org", date_joined=joined)
                for n in range(have, count)
            ),
            batch_size=2_000,
        )
        Profile.objects.bulk_create(
            (Profile(user=user, display_name=f"Bench Member {user.username}") for user in new),
            batch_size=2_000,
        )
    return list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))


def grow(scale: float, say: bench.Say, rng: random.Random) -> None:
    """Add threads and posts until the forums hold ``SEARCH_POSTS`` times ``scale`` posts."""
    target_posts = scaled(SEARCH_POSTS, scale)
    target_threads = scaled(SEARCH_THREADS, scale)
    have_posts, have_threads = Post.objects.count(), Thread.objects.count()
    if have_posts >= target_posts:
        say(f"  the forums hold {have_posts:,} posts already")
        return
    threads = max(1, target_threads - have_threads)
    replies = max(0, target_posts - have_posts - threads)
    members = add_members(scaled(SEARCH_MEMBERS, scale))
    forums = list(Forum.objects.exclude(slug=ARTICLE_DISCUSSIONS_SLUG).values_list("pk", flat=True))
    texts = {
        "en": sources(rng, ENGLISH, 300),
        "es": sources(rng, SPANISH, 200),
    }
    rare, uncommon = (
        {
            language: [(f"{source} {word}.", f"{html}<p>{word}.</p>") for source, html in made[:5]]
            for language, made in texts.items()
        }
        for word in (RARE_WORD, UNCOMMON_WORD)
    )
    now = timezone.now()
    start = time.perf_counter()

    # Each thread: a start in the last year, replies spread over up to three weeks after.
    weights = [min(rng.paretovariate(1.2), 50) for _ in range(threads)]
    total = sum(weights)
    counts = [int(replies * weight / total) for weight in weights]
    counts[0] += replies - sum(counts)
    events = []  # (written, thread, seq)
    started = []
    for n in range(threads):
        begun = now - timedelta(seconds=rng.randrange(3_600, 365 * 86_400))
        started.append(begun)
        events.append((begun, n, 0))
        span = min((now - begun).total_seconds() - 60, 21 * 86_400)
        for seq, offset in enumerate(sorted(rng.random() * span for _ in range(counts[n])), 1):
            events.append((begun + timedelta(seconds=offset), n, seq))
    events.sort()

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM forums_thread")
        first_thread = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM forums_post")
        first_post = cursor.fetchone()[0] + 1
    languages = ["es" if rng.random() < SPANISH_SHARE else "en" for _ in range(threads)]
    authors = [rng.choice(members) for _ in range(threads)]
    opening_ids = [0] * threads
    last = [(0, None)] * threads

    # Columns without a default in the database (Django's defaults are Python's): no
    # reactions yet.
    REACTION_COLUMNS = [kind.count_field for kind in ReactionKind]
    REACTIONS_NONE = [0] * len(REACTION_COLUMNS)

    def post_rows():
        for offset, (written, n, seq) in enumerate(events):
            pk = first_post + offset
            language = languages[n]
            pool = texts[language]
            if rng.randrange(RARE_EVERY) == 0:
                pool = rare[language]
            elif rng.randrange(UNCOMMON_EVERY) == 0:
                pool = uncommon[language]
            source, html = pool[rng.randrange(len(pool))]
            if seq == 0:
                opening_ids[n] = pk
                author, parent, depth, root = authors[n], None, 0, 0
            else:
                author, parent, depth, root = rng.choice(members), opening_ids[n], 1, seq
            last[n] = (pk, written)
            yield (
                pk, first_thread + n, author, parent, seq, path_segment(seq), depth, root,
                source, html, written, False, False, "", *REACTIONS_NONE,
            )  # fmt: skip

    def thread_rows():
        for n in range(threads):
            language = languages[n]
            title = f"{rng.choice(SUBJECTS[language])} {n + 1}"
            last_id, last_at = last[n]
            yield (
                first_thread + n, forums[n % len(forums)], authors[n], title,
                slugify(title), "[]", started[n], False, False, counts[n], last_id, last_at,
                counts[n] + 1, counts[n], language, False,
            )  # fmt: skip

    # Threads first (the posts' trigger reads their title and language), with their last
    # posts, known only once the posts are made: so the posts' rows are made first, in
    # memory, then both are copied.
    posts = list(post_rows())
    say(
        f"  made {len(posts):,} posts in {threads:,} threads in {time.perf_counter() - start:.0f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS forums_post_search")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        with cursor.copy(
            "COPY forums_thread (id, forum_id, author_id, title, slug, shown_tags, created_at,"
            " pinned, locked, reply_count, last_post_id, last_post_at, next_seq,"
            " top_level_count, language, has_poll) FROM STDIN"
        ) as copy:
            for row in thread_rows():
                copy.write_row(row)
        with cursor.copy(
            "COPY forums_post (id, thread_id, author_id, parent_id, seq, path, depth,"
            " root_position, source, html, created_at, is_deleted, is_hidden, hidden_reason,"
            f" {', '.join(REACTION_COLUMNS)}) FROM STDIN"
        ) as copy:
            for row in posts:
                copy.write_row(row)
        say(f"  copied, vectors made: {time.perf_counter() - start:.0f} s")
        for table in ("forums_thread", "forums_post"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        cursor.execute(
            "UPDATE forums_forum f SET thread_count = c.threads, post_count = c.posts"
            " FROM (SELECT t.forum_id, count(DISTINCT t.id) AS threads, count(*) AS posts"
            " FROM forums_thread t JOIN forums_post p ON p.thread_id = t.id"
            " GROUP BY t.forum_id) c WHERE c.forum_id = f.id"
        )
        # The deferred foreign keys checked now: an index is not built with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "CREATE INDEX forums_post_search ON forums_post USING gin (search_vector)"
            " WITH (fastupdate = off)"
        )
        cursor.execute("RESET maintenance_work_mem")
    say(f"  GIN index built: {time.perf_counter() - start:.0f} s")


def timed(client: Client, path: str, repeat: int) -> tuple[list[float], int, int]:
    """Milliseconds of each of ``repeat`` views of ``path`` (after one to warm), the
    number of queries of one, its status."""
    with bench.counted_queries() as captured:
        response = client.get(path)
    times = []
    for _ in range(repeat):
        begun = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - begun) * 1000)
    return times, len(captured.captured_queries), response.status_code


def timed_search(query: str, params: dict, repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` searches for a visitor, without the page around
    them: the filters checked, every source searched and ranked, and the page of results
    made (its passages too), as the view does before it renders."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from blog.search import run_search
    from blog.search_filters import SearchFilterForm

    times = []
    for _ in range(repeat + 1):
        request = RequestFactory().get(reverse("search"), {"q": query, **params})
        request.user = AnonymousUser()
        begun = time.perf_counter()
        form = SearchFilterForm(request.GET, request.user)
        form.is_valid()
        try:
            list(run_search(query, request, form.filters(), 1).page.object_list)
        except QueryTimedOut:
            times.append(float(settings.SEARCH_TIMEOUT_MS))  # stopped: at least that
            continue
        times.append((time.perf_counter() - begun) * 1000)
    return times[1:]


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(say: bench.Say, repeat: int) -> None:
    """The search table, then the forum and thread pages at this size."""
    from django.test.utils import override_settings

    # As a served process does (network.wsgi): what is loaded by now lives as long as the
    # process, out of the garbage collector's full passes, each of which took 80 to 110 ms
    # here, one search in fifty (every search's p99).
    gc.collect()
    gc.freeze()

    say(
        f"\nSearch at {Post.objects.count():,} posts in {Thread.objects.count():,} threads, "
        f"signed out, in this process, {repeat} runs each. search: the search and its page "
        f"of results (target p50 ≤{P50_MS} ms, p99 ≤{P99_MS} ms); page: the whole response "
        f"(the site's layout, the form). Load average {load_average()}."
    )
    say(
        f"{'search':20} {'query':13} {'p50 ms':>7} {'p99 ms':>7}  {'page p50':>8} "
        f"{'page p99':>8} {'queries':>7} {'shown':>5}  met"
    )
    client = Client()
    with override_settings(SEARCH_PER_MINUTE=1_000_000):
        for name, query, params in searches():
            path = f"{reverse('search')}?" + "&".join(
                f"{key}={value}" for key, value in {"q": query, **params}.items()
            )
            found = client.get(path).content.decode().count('class="search-result"')
            times, queries, status = timed(client, path, repeat)
            taken = timed_search(query, params, repeat)
            p50, p99 = statistics.median(taken), percentile(taken, 0.99)
            met = status == 200 and p50 <= P50_MS and p99 <= P99_MS
            verdict = ("yes" if met else "NO") if not name.endswith("*") else ""
            say(
                f"{name:20} {query[:13]:13} {p50:7.1f} {p99:7.1f}  "
                f"{statistics.median(times):8.1f} {percentile(times, 0.99):8.1f} "
                f"{queries:7} {found:5}  {verdict}"
            )
    say(
        f"* Not one of issue #15's targets: a word in one post of {UNCOMMON_EVERY}, too rare "
        "for a short walk back through the newest posts, found through the index."
    )
    busiest = (
        Thread.objects.filter(forum__visibility=Forum.Visibility.PUBLIC)
        .exclude(forum__slug=ARTICLE_DISCUSSIONS_SLUG)
        .order_by("-reply_count")
        .select_related("forum")
        .first()
    )
    forum = busiest.forum
    say(f"Load average {load_average()}.")
    say(f"\nForum and thread pages at this size, signed out, {repeat} runs each")
    say(f"{'page':40} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7}")
    for name, path in [
        (f"forum page ({forum.thread_count:,} threads)", forum.get_absolute_url()),
        (f"thread, first page ({busiest.reply_count:,} replies)", busiest.get_absolute_url()),
        (
            f"thread, last page ({busiest.page_count})",
            f"{busiest.get_absolute_url()}?page={busiest.page_count}",
        ),
    ]:
        times, queries, status = timed(client, path, repeat)
        note = "" if status == 200 else f"  answers {status}"
        say(
            f"{name:40} {statistics.median(times):7.1f} {percentile(times, 0.99):7.1f} "
            f"{queries:7}{note}"
        )
