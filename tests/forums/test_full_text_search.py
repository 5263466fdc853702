"""Issue #15: the site search on PostgreSQL's full-text index. Each way a post or a
thread is written keeps its vector (the trigger, in the same statement); a Spanish word
finds a Spanish post by its stem, an English one an English post; a title hit ranks
above a body hit and a recent post above an old one; the filters narrow and refuse bad
values with a message; a visitor never sees a members-only post, its title or its words;
the passages are escaped, with only our own marks.

PostgreSQL only: on SQLite the search is the regular-expression fallback, tested with
the forums' other search tests.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from blog.search import recency_boost
from forums import actions, moderation
from forums.models import Forum, Post, Thread
from forums.search import marked_passage
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("no_pause_between_posts"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index"),
]

PASSAGE = re.compile(r'<p class="search-result__passage"(?: lang="\w+")?>(.*?)</p>', re.DOTALL)
TITLE = re.compile(r'<h2(?: lang="\w+")?><a href="[^"]*">(.*?)</a></h2>', re.DOTALL)


def member(**fields):
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30), **fields)


@pytest.fixture
def housing(db):
    return Forum.objects.get(slug="housing")


@pytest.fixture
def georgia(db):
    """Members only."""
    return Forum.objects.get(slug="georgia")


def search(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return TITLE.findall(response.text)


def vector(post) -> str:
    return str(Post.objects.values_list("search_vector", flat=True).get(pk=post.pk))


# --- The vector follows every write ------------------------------------------------


def test_starting_a_thread_indexes_its_title_and_opening_post(housing):
    thread = actions.start_thread(housing, member(), "Eviction defense", "Court watch Monday.")
    opening = thread.posts.get(seq=0)
    assert "'evict':1A" in vector(opening)
    assert "'court':3B" in vector(opening)


def test_a_reply_is_indexed_without_the_title(housing):
    thread = actions.start_thread(housing, member(), "Eviction defense", "Opening.")
    answer = actions.post_reply(thread, member(), "Bring folding chairs.")
    assert "chair" in vector(answer)
    assert "evict" not in vector(answer)


def test_editing_a_post_reindexes_it(housing):
    author = member()
    thread = actions.start_thread(housing, author, "Title", "Original words.")
    opening = thread.posts.get(seq=0)
    actions.edit_post(opening, author, "Replacement sentence.")
    assert "replac" in vector(opening)
    assert "origin" not in vector(opening)


def test_retitling_a_thread_reindexes_its_opening_post(housing):
    thread = actions.start_thread(housing, member(), "Old name", "Words.")
    Thread.objects.filter(pk=thread.pk).update(title="Renamed gathering")
    assert "gather" in vector(thread.posts.get(seq=0))
    assert "'old'" not in vector(thread.posts.get(seq=0))


def test_a_moderators_update_of_the_html_reindexes_the_post(housing):
    thread = actions.start_thread(housing, member(), "Title", "Words.")
    Post.objects.filter(thread=thread).update(html="<p>Redacted statement</p>")
    assert "statement" in vector(thread.posts.get(seq=0))


def test_changing_a_threads_language_reindexes_every_post(housing):
    thread = actions.start_thread(housing, member(), "Title", "Opening.", language="en")
    answer = actions.post_reply(thread, member(), "Estamos organizando.")
    thread.language = "es"
    thread.save(update_fields=["language"])
    assert "'organiz'" in vector(answer)


def test_a_thread_is_in_its_authors_language_unless_chosen(housing):
    author = member()
    author.profile.language = "es"
    author.profile.save()
    assert actions.start_thread(housing, author, "Hola", "Texto.").language == "es"
    assert actions.start_thread(housing, author, "Hi", "Text.", language="en").language == "en"


def test_the_new_thread_form_keeps_the_chosen_language(client, housing):
    author = member()
    client.force_login(author)
    client.post(
        reverse("forums:new_thread", args=[housing.slug]),
        {"title": "Asamblea", "source": "Nos vemos.", "language": "es"},
    )
    assert Thread.objects.get(title="Asamblea").language == "es"


# --- Finding by stem ---------------------------------------------------------------


def test_a_spanish_query_finds_a_spanish_post_by_its_stem(client, housing):
    actions.start_thread(housing, member(), "Vivienda", "Organizamos la asamblea.", language="es")
    actions.start_thread(housing, member(), "Other", "Nothing of the kind.", language="en")

    assert titles(search(client, "organizando", **{"in": "forums"})) == ["Vivienda"]


def test_an_english_query_finds_an_english_post_by_its_stem(client, housing):
    actions.start_thread(housing, member(), "Drive", "We organized the tenants.", language="en")

    assert titles(search(client, "organizing", **{"in": "forums"})) == ["Drive"]


# --- Ranking -----------------------------------------------------------------------


def test_a_title_hit_ranks_above_a_body_hit(client, housing):
    titled = actions.start_thread(housing, member(), "Canvassing", "Saturday plans.")
    actions.start_thread(housing, member(), "Weekend", "We go canvassing on Saturday.")
    found = titles(search(client, "canvassing", **{"in": "forums"}))
    assert found == ["Canvassing", "Weekend"]
    # Written first, older: the title still wins.
    assert titled.pk < Thread.objects.get(title="Weekend").pk


def test_a_recent_post_ranks_above_an_old_one_that_matches_as_well(client, housing):
    old = actions.start_thread(housing, member(), "Potluck one", "Bring a dish.")
    Post.objects.filter(thread=old).update(created_at=timezone.now() - datetime.timedelta(days=400))
    actions.start_thread(housing, member(), "Potluck two", "Bring a dish.")

    assert titles(search(client, "potluck", **{"in": "forums"})) == ["Potluck two", "Potluck one"]


def test_recency_boost_halves_at_its_half_life():
    now = timezone.now()
    assert recency_boost(now, now) == 1
    assert recency_boost(now - datetime.timedelta(days=90), now) == pytest.approx(0.5)


# --- Filters -----------------------------------------------------------------------


def test_the_forum_filter_keeps_that_forums_posts(client, housing):
    other = Forum.objects.get(slug="labor")
    actions.start_thread(housing, member(), "Picnic in housing", "Picnic.")
    actions.start_thread(other, member(), "Picnic in labor", "Picnic.")

    assert titles(search(client, "picnic", forum="labor")) == ["Picnic in labor"]


def test_a_quiet_forums_posts_are_found_past_the_newest_posts_elsewhere(
    client, housing, monkeypatch
):
    """The newest posts walked first are all in another forum: the search then asks for
    the forum's newest matches by date, not for every match of the word."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from forums import search as forum_search

    monkeypatch.setattr(forum_search, "FIRST_WALK", 2)
    monkeypatch.setattr(forum_search, "CANDIDATES", 2)
    labor = Forum.objects.get(slug="labor")
    for number in range(3):
        actions.start_thread(labor, member(), f"Picnic {number} in labor", "Picnic.")
    for number in range(4):
        actions.start_thread(housing, member(), f"Picnic {number} in housing", "Picnic.")

    with CaptureQueriesContext(db) as queries:
        found = search(client, "picnic", forum="labor")

    assert titles(found) == ["Picnic 2 in labor", "Picnic 1 in labor"]
    assert "More than 2 results" in found.text
    by_date = re.compile(r'@@.*ORDER BY \w+\."created_at" DESC', re.DOTALL)
    assert any(by_date.search(query["sql"]) for query in queries.captured_queries)


def test_the_author_and_date_filters(client, housing):
    alice, bob = member(username="alice"), member(username="bob")
    actions.start_thread(housing, alice, "Picnic by Alice", "Picnic.")
    old = actions.start_thread(housing, bob, "Picnic by Bob", "Picnic.")
    Post.objects.filter(thread=old).update(created_at=timezone.now() - datetime.timedelta(days=40))

    assert titles(search(client, "picnic", author="@alice")) == ["Picnic by Alice"]
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert titles(search(client, "picnic", **{"from": since})) == ["Picnic by Alice"]
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert titles(search(client, "picnic", to=until)) == ["Picnic by Bob"]


def test_a_search_between_past_dates_finds_old_posts_past_the_newest_ones(
    client, housing, monkeypatch
):
    """The newest posts walked first hold none of the dates' posts: the search then asks
    for the newest between the dates by date, not for every match of the word."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from forums import search as forum_search

    monkeypatch.setattr(forum_search, "FIRST_WALK", 2)
    monkeypatch.setattr(forum_search, "CANDIDATES", 2)
    for number in range(4):
        old = actions.start_thread(housing, member(), f"Picnic {number} last year", "Picnic.")
        written = timezone.now() - datetime.timedelta(days=400 - number)
        Post.objects.filter(thread=old).update(created_at=written)
    for number in range(4):
        actions.start_thread(housing, member(), f"Picnic {number} this week", "Picnic.")
    since = (timezone.localdate() - datetime.timedelta(days=500)).isoformat()
    until = (timezone.localdate() - datetime.timedelta(days=300)).isoformat()

    with CaptureQueriesContext(db) as queries:
        found = search(client, "picnic", **{"from": since, "to": until, "in": "forums"})

    assert titles(found) == ["Picnic 3 last year", "Picnic 2 last year"]
    assert "More than 2 results" in found.text
    by_date = re.compile(r'@@.*ORDER BY \w+\."created_at" DESC', re.DOTALL)
    assert any(by_date.search(query["sql"]) for query in queries.captured_queries)


def test_the_region_filter(client, housing, georgia):
    client.force_login(member())
    actions.start_thread(georgia, member(), "Picnic in Georgia", "Picnic.")
    actions.start_thread(housing, member(), "Picnic anywhere", "Picnic.")

    assert titles(search(client, "picnic", region=georgia.region.slug)) == ["Picnic in Georgia"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"in": "everywhere"}, "Choose where to search from the list."),
        ({"forum": "no-such-forum"}, "There is no such forum to search."),
        ({"region": "atlantis"}, "There is no such region."),
        ({"author": "@nobody-here"}, "There is no member with that handle."),
        ({"from": "yesterday"}, "Enter a date as YYYY-MM-DD."),
        ({"from": "2026-05-02", "to": "2026-05-01"}, "The end date comes before the start date."),
        ({"from": "99999-01-01"}, "Enter a date as YYYY-MM-DD."),
    ],
)
def test_a_bad_filter_gets_a_message_and_keeps_the_query(client, params, message):
    response = search(client, "picnic", **params)
    assert message in response.text
    assert 'value="picnic"' in response.text


def test_a_visitor_cannot_filter_by_a_members_only_forum(client, georgia):
    actions.start_thread(georgia, member(), "Secret picnic", "Picnic.")
    response = search(client, "picnic", forum=georgia.slug)
    assert "There is no such forum to search." in response.text
    assert "Secret picnic" not in response.text


# --- Who sees what -----------------------------------------------------------------


def test_a_visitor_never_finds_a_members_only_post_its_title_or_words(client, georgia):
    thread = actions.start_thread(georgia, member(), "Quarantined strategy", "Zanzibar plan.")
    actions.post_reply(thread, member(), "More about zanzibar.")

    for query in ("quarantined", "zanzibar", "strategy"):
        for where in ("all", "forums"):
            response = search(client, query, **{"in": where})
            assert "Quarantined" not in response.text
            assert "anzibar" not in response.text.replace(query, "")
            assert titles(response) == []


def test_a_member_finds_the_members_only_post(client, georgia):
    actions.start_thread(georgia, member(), "Quarantined strategy", "Zanzibar plan.")
    client.force_login(member())
    assert titles(search(client, "zanzibar")) == ["Quarantined strategy"]


def test_a_thread_moved_to_a_members_only_forum_is_no_longer_found_by_visitors(
    client, housing, georgia
):
    """The search keeps to the forums a reader may read by each post's copy of its
    thread's forum: moving the thread must move every copy, replies included."""
    thread = actions.start_thread(housing, member(), "Picket schedule", "Zanzibar plan.")
    reply = actions.post_reply(thread, member(), "More about zanzibar.")
    assert len(titles(search(client, "zanzibar"))) == 2
    moderator = UserFactory(is_staff=True, is_superuser=True)

    moderation.move_thread(thread, moderator, georgia, "Members only.")

    assert set(Post.objects.filter(thread=thread).values_list("forum", flat=True)) == {georgia.pk}
    assert titles(search(client, "zanzibar")) == []
    assert titles(search(client, "picket")) == []
    client.force_login(member())
    found = search(client, "zanzibar")
    assert titles(found) == ["Picket schedule", "Picket schedule"]
    assert f"#post-{reply.pk}" in found.text


def test_a_new_post_carries_its_threads_forum(housing):
    thread = actions.start_thread(housing, member(), "Picket schedule", "Zanzibar plan.")
    reply = actions.post_reply(thread, member(), "More about zanzibar.")

    assert Post.objects.get(pk=reply.pk).forum_id == housing.pk
    assert Post.objects.get(pk=thread.posts.get(seq=0).pk).forum_id == housing.pk


def test_hidden_posts_are_never_found(client, housing):
    thread = actions.start_thread(housing, member(), "Title", "Opening.")
    answer = actions.post_reply(thread, member(), "Zanzibar spam.")
    Post.objects.filter(pk=answer.pk).update(is_hidden=True)
    assert titles(search(client, "zanzibar")) == []


# --- Passages ----------------------------------------------------------------------


def test_the_passage_is_escaped_with_only_our_marks(client, housing):
    source = (
        "Zanzibar `<script>alert(1)</script>` and `<b>bold</b>` and "
        "&lt;mark&gt; and \ue000fake\ue001 and &#xE000;entity"
    )
    actions.start_thread(housing, member(), "Title", source)

    passage = PASSAGE.findall(search(client, "zanzibar").text)[0]

    assert passage.count("<mark>") == 1
    assert "<mark>Zanzibar</mark>" in passage
    assert "<script>" not in passage
    assert "<b>" not in passage
    assert "&lt;script&gt;" in passage
    assert "\ue000" not in passage
    assert "\ue001" not in passage


def test_marked_passage_cannot_be_forged_by_entities():
    html = marked_passage("a \ue000word\ue001 &lt;b&gt; &#xE000;x&#xE001; &amp;lt;")
    assert str(html) == "a <mark>word</mark> &lt;b&gt; x &amp;lt;"


# --- Query budget ------------------------------------------------------------------


def test_the_results_page_costs_the_same_for_few_and_many(
    client, housing, django_assert_max_num_queries, django_assert_num_queries
):
    author = member()
    for number in range(2):
        actions.start_thread(housing, author, f"Picket {number}", "Picket.")
    for number in range(25):
        actions.start_thread(housing, author, f"Boycott {number}", "Boycott.")
    search(client, "picket", region=housing.region.slug if housing.region else "")

    params = {"author": author.username, "from": "2020-01-01"}
    with django_assert_max_num_queries(13) as few:
        search(client, "picket", **params)
    with django_assert_num_queries(len(few.captured_queries)):
        many = search(client, "boycott", **params)
    assert len(titles(many)) == 10


# --- The bench ---------------------------------------------------------------------


def test_the_bench_grows_the_forums_with_their_vectors_and_index():
    import random

    from network.bench.search import grow

    grow(0.0002, lambda line: None, random.Random(1))

    assert Post.objects.count() == 200
    assert Thread.objects.count() == 20
    assert not Post.objects.filter(search_vector=None).exists()
    assert Thread.objects.filter(language="es").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'forums_post_search'")
        assert cursor.fetchone()
