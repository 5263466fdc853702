"""What one search may cost (issue #10): a visitor could make a search take six seconds
by typing the same word a hundred times, and hold both web workers with two of them.

So each different word is searched once, and no more than eight of them (the page says
which); PostgreSQL stops a search that runs too long and the reader is asked to narrow
it; one address may search only so often; and the forums' search stops at the newest
hundred posts it finds instead of counting every match.

Everyone here is a member of a month's standing, and the pause between posts is off.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums import actions
from forums import search as forum_search
from forums.models import Forum, Thread
from network import ratelimit
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause_between_posts")]

SAVEPOINT = re.compile(r'SAVEPOINT "\w+"')


@pytest.fixture
def housing(db):
    return Forum.objects.get(slug="housing")


def start(forum, title, text="The opening post.") -> Thread:
    author = UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30))
    return actions.start_thread(forum, author, title, text)


def search(client, query, **params):
    return client.get(reverse("search"), {"q": query, **params})


def titles(response) -> list[str]:
    return [result.title for result in response.context["results"].object_list]


# --- Words --------------------------------------------------------------------------


def test_a_word_typed_many_times_is_searched_once(client, housing):
    start(housing, "Rent strike in Memphis")

    def queries_for(query):
        with CaptureQueriesContext(connection) as captured:
            response = search(client, query, **{"in": "forums"})
        assert titles(response) == ["Rent strike in Memphis"]
        return [SAVEPOINT.sub("SAVEPOINT", entry["sql"]) for entry in captured.captured_queries]

    search(client, "strike")  # warm what a running server has warm (the site, the footer)
    once = queries_for("strike")
    assert queries_for(" ".join(["strike", "Strike", "STRIKE"] * 9)) == once


def test_only_eight_different_words_are_searched_and_the_page_says_which(client, housing):
    start(housing, "Tenants", "We organized eleven buildings across Memphis before winter came.")
    words = "we organized eleven buildings across memphis before winter zeppelins"

    response = search(client, words, **{"in": "forums"})

    assert response.status_code == 200
    assert titles(response) == ["Tenants"]
    assert (
        "Only the first 8 different words were searched: "
        "we, organized, eleven, buildings, across, memphis, before, winter."
    ) in response.text
    assert 'value="we organized eleven buildings across memphis before winter zeppelins"' in (
        response.text
    )


def test_repeating_words_beyond_eight_drops_nothing_and_says_nothing(client, housing):
    start(housing, "Tenants", "We organized eleven buildings across Memphis.")

    response = search(client, "we we organized organized Memphis memphis MEMPHIS we")

    assert titles(response) == ["Tenants"]
    assert "Only the first" not in response.text


# --- Time ---------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's statement_timeout; SQLite's searches have no time limit",
)
def test_a_search_that_runs_too_long_is_stopped_and_the_reader_asked_to_narrow_it(
    client, housing, settings, monkeypatch
):
    start(housing, "Rent strike in Memphis")
    settings.SEARCH_TIMEOUT_MS = 50
    newest_matches = forum_search.newest_matches
    # A second's sleep in the forums' query, where a costly match would be.
    slow = RawSQL("(SELECT pg_sleep(1))::text IS NOT NULL", [], output_field=BooleanField())
    monkeypatch.setattr(
        forum_search,
        "newest_matches",
        lambda query, posts, **how: newest_matches(query, posts.filter(slow), **how),
    )

    response = search(client, "rent strike")

    assert response.status_code == 503
    assert "That search took too long" in response.text
    assert 'value="rent strike"' in response.text
    assert "search-results" not in response.text

    monkeypatch.setattr(forum_search, "newest_matches", newest_matches)
    response = search(client, "rent strike", **{"in": "forums"})
    assert response.status_code == 200
    assert titles(response) == ["Rent strike in Memphis"]


# --- How often ----------------------------------------------------------------------


def test_a_visitor_who_searches_too_often_is_told_when_to_try_again(client, settings, monkeypatch):
    settings.SEARCH_PER_MINUTE = 3
    # The clock stands still half way through a minute.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 60 * 100_000 + 30.0))
    for _ in range(3):
        assert search(client, "rent").status_code == 200

    response = search(client, "rent strike")

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Try again in 30 seconds." in response.text
    assert 'value="rent strike"' in response.text
    assert '<link rel="stylesheet"' in response.text  # the site's own page
    elsewhere = client.get(reverse("search"), {"q": "rent"}, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 200
    assert client.get(reverse("search")).status_code == 200  # the empty form costs nothing


# --- How many -----------------------------------------------------------------------


# The full-text search (PostgreSQL) finds its candidates (CANDIDATES and one) in the
# first walk back through the newest posts (1,000); in a second (the first, of 2, found
# half of what it needs: 3 more posts promise the rest, within the 10 newest); or through
# the index (the 2 newest are as far as it may walk).
@pytest.mark.parametrize(
    ("newest_first", "longest_walk", "walks", "through_index"),
    [(2, 2, 1, True), (2, 10, 2, False), (1_000, 1_000, 1, False)],
)
def test_the_forums_show_their_newest_matches_and_say_when_there_are_more(
    client, housing, monkeypatch, newest_first, longest_walk, walks, through_index
):
    # The regular expressions' limits (SQLite), and the full-text search's (PostgreSQL).
    monkeypatch.setattr(forum_search, "MOST_FOUND", 3)
    monkeypatch.setattr(forum_search, "NEWEST_FIRST", newest_first)
    monkeypatch.setattr(forum_search, "CANDIDATES", 3)
    monkeypatch.setattr(forum_search, "FIRST_WALK", newest_first)
    monkeypatch.setattr(forum_search, "LONGEST_WALK", longest_walk)
    for number in range(5):
        start(housing, f"Rent strike, day {number}")

    with CaptureQueriesContext(connection) as queries:
        response = search(client, "rent", **{"in": "forums"})

    assert titles(response) == ["Rent strike, day 4", "Rent strike, day 3", "Rent strike, day 2"]
    assert "More than 3 results for “rent”: the best of the newest are shown." in response.text
    assert "Forums (3+)" in response.text
    if connection.vendor == "postgresql":
        sql = [query["sql"] for query in queries.captured_queries if "ts_rank_cd" in query["sql"]]
        assert sum("ts_match_vq" in query for query in sql) == walks
        assert any('"search_vector" @@' in query for query in sql) == through_index
