"""Forum threads and posts for the site search (blog.search shows them beside articles).

A post matches when every word of the query starts a word of its text, or, for an
opening post, of its thread's title. Readers find only what they could open: public
forums for visitors, every forum for members, an article's discussion for those who
may read the article now; hidden and deleted posts never. The opening posts of article
discussions are left out: the site wrote them to point to the article, which the search
finds as an article.

On PostgreSQL, posts are found by their full-text vector (``forums.fulltext``: the
title over the words, in the thread's language's dictionary) through its GIN index, the
query read as a web search ("websearch": quotes, OR, -word) in English and in Spanish at
once (a reader's query says nothing of its language; a Spanish stem such as "organiz"
matches "organizando" only through the Spanish dictionary). Ranking every match of a
common word at a million posts costs more than a search may (p99 150 ms): the newest
``CANDIDATES`` matches are taken through the index of ids (the match tested on each, or
the GIN index for a rare word: PostgreSQL chooses), and only those are ranked, with
``ts_rank_cd`` (cover density, the title's weight A over the words' B). The passages are
``ts_headline``s, made only for the page of results shown (:func:`headline`).

On SQLite (development without PostgreSQL) matching is a regular expression over the
posts' text, as before the index. What keeps that affordable on a large
forum (issue #10: 50,000 posts, where a search of ten words took three seconds): a
cheap test before each expression, so that it runs only on texts that hold the word
somewhere; each post tested once per word, the titles in a subquery; one query for the
posts found, stopping at ``MOST_FOUND`` instead of counting every match; and the newest
posts searched first, so that a common word is found without reading the rest.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    F,
    Func,
    Max,
    Min,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Collate, Replace
from django.db.models.lookups import IContains
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from forums import access
from forums.fulltext import CONFIGS
from forums.models import Forum, Post, Thread
from forums.models.discussion import PostQuerySet
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG

# A search shows at most this many posts, the newest; past it, it says there are more.
MOST_FOUND = 100
# How many of the newest posts are searched before the rest (by id): enough to hold
# MOST_FOUND matches for any common word, few enough to read quickly.
NEWEST_FIRST = 5_000


def may_hold(field: str, word: str) -> Q:
    """A cheap test that a text *may* hold ``word``: its longest run of ASCII letters
    and digits, anywhere, in any case. It never refuses a text the regular expression
    would match (whose case folding of ASCII letters is ASCII's), and on PostgreSQL it
    costs a third of it or less, compared under the "C" collation: folding by the
    database's locale costs as much as the expression. SQLite's LIKE folds only ASCII
    anyway. None for a single character, which nearly every text holds."""
    run = max(re.findall(r"[A-Za-z0-9_]+", word), key=len, default="")
    if len(run) < 2:
        return Q()
    text = Collate(F(field), "C") if connection.vendor == "postgresql" else F(field)
    return Q(IContains(text, run))


def starts_a_word(field: str, word: str) -> Q:
    """A word of ``field`` starts with ``word``, in any case. Only for words of letters,
    digits and underscores (what the site search passes), which need no escaping.

    On PostgreSQL, ``regexp_like(field, '\\mword', 'i')``. Not the ``~*`` operator, which
    runs as fast but is planned by trying the pattern on the column's statistics: for a
    search of several words that took longer than the query. And ``\\m`` (the start of a
    word) runs a sixth faster than ``(^|\\W)``. Python's ``re`` (SQLite's REGEXP) has no
    ``\\m``: ``\\b`` before a word's first character means the same."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__iregex": rf"\b{word}"})
    pattern = Value(rf"\m{word}")
    return Q(
        Func(F(field), pattern, Value("i"), function="regexp_like", output_field=BooleanField())
    )


def holds_word(word: str) -> Q:
    """The post's text, or its thread's title for an opening post, has a word that
    starts with ``word``. The titles are matched in a subquery, once, so that the test
    needs no other table than the posts' and PostgreSQL makes it once a post."""
    titles = Thread.objects.filter(may_hold("title", word), starts_a_word("title", word))
    in_text = may_hold("source", word) & starts_a_word("source", word)
    return in_text | Q(seq=0, thread__in=titles.values("pk"))


def matching_posts(words: list[str], user, posts: PostQuerySet | None = None) -> PostQuerySet:
    """Posts ``user`` may read (of ``posts``, :func:`searchable_posts` by default) that
    match every word, in no order. The longest word is tested first: it is likely the
    rarest, and a post that lacks it is tested no further."""
    if not words:
        return Post.objects.none()
    if posts is None:
        posts = searchable_posts(user)
    for word in sorted(words, key=len, reverse=True):
        posts = posts.filter(holds_word(word))
    return posts


@dataclass
class FoundPosts:
    """The ids of the newest posts found (at most ``MOST_FOUND``, newest first), and
    whether there were more. Sliced, it gives the posts themselves with what a result
    shows (thread, forum, author) loaded, in a query of their own."""

    ids: list[int]
    more: bool
    written: dict[int, datetime] | None = None

    def dated(self) -> list[tuple[int, datetime]]:
        """The posts found, newest first, each with when it was written."""
        return [(pk, self.written[pk]) for pk in self.ids]

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        posts = Post.objects.filter(pk__in=ids).select_related("thread__forum", "author__profile")
        by_id = {post.pk: post for post in posts}
        found = [by_id[pk] for pk in ids if pk in by_id]
        return found if isinstance(index, slice) else found[0]


def find_posts(words: list[str], user, posts: PostQuerySet | None = None) -> FoundPosts:
    """The newest posts ``user`` may read that match every word, newest first, in one
    query. Newest means last written: posts' ids follow their writing. Where the
    database allows (PostgreSQL), the newest ``NEWEST_FIRST`` posts are searched first,
    through the index of ids, which stops at ``MOST_FOUND`` matches; the rest only when
    those hold too few: a common word is found without testing every post."""
    ids = matching_posts(words, user, posts).order_by("-pk").values_list("pk", "created_at")
    enough = MOST_FOUND + 1
    if connection.features.supports_slicing_ordering_in_compound:
        newest = Post.objects.order_by("-pk").values("pk")[:1]
        boundary = Subquery(newest, output_field=BigIntegerField()) - NEWEST_FIRST
        recent, older = ids.filter(pk__gt=boundary), ids.filter(pk__lte=boundary)
        ids = recent[:enough].union(older[:enough], all=True)[:enough]
    else:
        ids = ids[:enough]
    found = sorted(ids, reverse=True)
    return FoundPosts(
        ids=[pk for pk, _ in found[:MOST_FOUND]],
        more=len(found) > MOST_FOUND,
        written=dict(found),
    )


def post_text(post: Post) -> str:
    """The post's words as readers see them, without markup."""
    return unescape(strip_tags(post.html))


def post_url(post: Post) -> str:
    """The post in its thread, on the page that holds it (the permalink without its
    redirect)."""
    url = post.thread.get_absolute_url()
    if post.page_number > 1:
        url += f"?page={post.page_number}"
    return f"{url}#post-{post.pk}"


# --- PostgreSQL full-text search -----------------------------------------------------------

# How many of the newest matches are ranked: the rest of a common word's matches are older
# than any of them, and the recency boost would sink them below these anyway.
CANDIDATES = 200
# The newest posts walked first, newest first, each tested (newest_matches): a word in one
# post of ten has its candidates there. Then, when those held some matches but too few,
# as many older posts as the share found there says hold the rest (and a quarter more),
# when that stays within the LONGEST_WALK newest (a walk costs about half a microsecond a
# post); else the GIN index.
FIRST_WALK = 2_000
LONGEST_WALK = 50_000
# ts_rank_cd's weights for D, C, B, A: the words (B) count 0.4 of the title (A).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# Around each passage's marked words: two fragments of up to 30 words.
HEADLINE_OPTIONS = {"max_words": 30, "min_words": 12, "max_fragments": 2}
# What ts_headline puts around a marked word: characters of Unicode's private-use area,
# taken out of the text first (so nobody can write one), then turned into <mark> after the
# text is escaped (:func:`marked_passage`).
MARK_START, MARK_END = "\ue000", "\ue001"
FRAGMENT_DELIMITER = " … "


def full_text() -> bool:
    return connection.vendor == "postgresql"


def text_query(text: str) -> SearchQuery:
    """``text`` as a web-search query in both dictionaries: a post matches in either."""
    english = SearchQuery(text, config=CONFIGS["en"], search_type="websearch")
    spanish = SearchQuery(text, config=CONFIGS["es"], search_type="websearch")
    return english | spanish


def searchable_posts(user) -> PostQuerySet:
    """Posts ``user`` may read and a search may show (not hidden, deleted, or the site's
    opening post of an article's discussion)."""
    return (
        Post.objects.visible_to(user)
        .filter(is_hidden=False, is_deleted=False)
        .exclude(seq=0, thread__forum__slug=ARTICLE_DISCUSSIONS_SLUG)
    )


@dataclass(frozen=True)
class RankedPost:
    pk: int
    created_at: datetime
    rank: float
    thread_id: int
    forum_id: int


@dataclass(frozen=True)
class Narrowing:
    """What the search's filters leave of the forums' posts (``blog.search_filters``)."""

    forum: Forum | None = None
    region: object | None = None
    author: object | None = None
    since: datetime | None = None
    before: datetime | None = None

    def applied(self, posts: PostQuerySet, *, through_threads: bool = False) -> PostQuerySet:
        """``posts`` by the author and between the dates, and, ``through_threads``, in
        the forum and the region by their threads' (on SQLite, where ``Post.forum`` stays
        empty; the full-text search keeps to the forums by the posts' own copy)."""
        if through_threads and self.forum is not None:
            posts = posts.filter(thread__forum=self.forum)
        if through_threads and self.region is not None:
            posts = posts.filter(thread__forum__region=self.region)
        if self.author is not None:
            posts = posts.filter(author=self.author)
        if self.since is not None:
            posts = posts.filter(created_at__gte=self.since)
        if self.before is not None:
            posts = posts.filter(created_at__lt=self.before)
        return posts


def ranked_posts(text: str, user, narrowing: Narrowing) -> tuple[list[RankedPost], bool]:
    """The newest ``CANDIDATES`` posts ``user`` may read (and a search may show) that
    match ``text`` and ``narrowing``, each with its ts_rank_cd (cover density, the
    title's weight A over the words' B), newest first; and whether there were more.

    Who may read what is asked in two steps, so that the query that finds the posts
    reads nothing but the posts (joining each post's thread cost as much as the rest for
    a word in one post of fifty; and the whole rule, with the articles' privacy, cost 4 to
    6 ms to plan): the forums ``user`` may read, by the posts' copy of their thread's
    forum (``Post.forum``); then ``Thread.objects.visible_to`` on the threads found in
    forums that an access rule concerns (``forums.access.concerns``: comments on
    articles), if any."""
    readable = Forum.objects.visible_to(user).order_by().only("slug", "visibility", "region")
    forums = {forum.pk: forum for forum in readable}
    searched = [
        pk
        for pk, forum in forums.items()
        if (narrowing.forum is None or pk == narrowing.forum.pk)
        and (narrowing.region is None or forum.region_id == narrowing.region.pk)
    ]
    opening = [pk for pk, forum in forums.items() if forum.slug == ARTICLE_DISCUSSIONS_SLUG]
    posts = narrowing.applied(
        Post.objects.filter(is_hidden=False, is_deleted=False, forum_id__in=searched).exclude(
            seq=0, forum_id__in=opening
        )
    )
    narrowed = any(
        value is not None
        for value in (narrowing.forum, narrowing.region, narrowing.since, narrowing.before)
    )
    found, more = newest_matches(text_query(text), posts, narrowed=narrowed)
    concerned = {post.thread_id for post in found if access.concerns(forums[post.forum_id])}
    if concerned:
        readable_threads = Thread.objects.visible_to(user).filter(pk__in=concerned)
        hidden = concerned - set(readable_threads.values_list("pk", flat=True))
        found = [post for post in found if post.thread_id not in hidden]
    return found[:CANDIDATES], more


def newest_matches(
    query: SearchQuery, posts: PostQuerySet, *, narrowed: bool = False
) -> tuple[list[RankedPost], bool]:
    """The newest ``CANDIDATES`` + 1 of ``posts`` that match ``query``, ranked, newest
    first, and whether there may be more than ``CANDIDATES``, in queries whose cost does
    not depend on the planner's guess of how common the words are. Left to choose,
    PostgreSQL (which cannot tell) walked the ids back past a million posts for an absent
    word, or read the GIN index's half a million entries of a common word (35 ms) to keep
    its newest two hundred.

    First the newest ``FIRST_WALK`` posts, newest first, each tested with the match's
    function (``ts_match_vq``, which no index offers to answer): a common word has its
    candidates in the first few hundred. A word with some matches there but too few
    walks on through as many posts as the share found there says hold the rest, if
    that stays within the ``LONGEST_WALK`` newest, and on again by the share found so far
    if that was not enough, never past those (what matches further back is not ranked:
    there may be more). Else every match, through the GIN index (ordered by an
    expression, ``id + 0``, so that no walk back through every post is on offer), ranked
    once the newest are kept: the word is rare, so its matches are few. Or, when
    ``posts`` are ``narrowed`` to some forums or between dates (where the newest posts
    walked may hold none of a common word's matches: a small forum, dates long past),
    newest by date, PostgreSQL choosing between the GIN index and a walk back through
    the index of the posts' dates (``forums_post_created``, or
    ``forums_post_forum_created`` in one forum) by what its statistics say of the words,
    the forums and the dates: both bounded, where the GIN index alone read every match
    of a common word (half a million) past the search's time limit.

    For the rest of the search's transaction (``SET LOCAL``): parallel workers and JIT
    compilation are off (starting workers cost 6 ms, and compiling 7 ms, for queries
    that take a tenth of that or read pages rather than compute); and every statement is
    planned for its own words and dates, even once prepared (``network.settings``:
    ``PREPARE_THRESHOLD``), where PostgreSQL's plan for any words and dates read every
    match of a common word between dates long past, past the time limit, one search in
    ten."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off;"
            " SET LOCAL plan_cache_mode = force_custom_plan"
        )
    enough = CANDIDATES + 1
    ids = Post.objects.aggregate(newest=Max("pk"), oldest=Min("pk"))
    if ids["newest"] is None:
        return [], False
    newest, every = ids["newest"], ids["newest"] - ids["oldest"] + 1
    walked = Func(F("search_vector"), query, function="ts_match_vq", output_field=BooleanField())
    distance = min(FIRST_WALK, every)
    found = ranked(query, posts.filter(walked, pk__gt=newest - distance), enough)
    if len(found) == enough or distance == every:
        return found, len(found) == enough
    longest = min(LONGEST_WALK, every)

    def further() -> int:
        """How many more posts the share found so far says hold the rest, and a quarter."""
        return math.ceil((enough - len(found)) * distance / len(found) * 1.25)

    if not found or distance + further() > longest:  # a rare word: the index
        newest_first = F("created_at").desc() if narrowed else (F("pk") + 0).desc()
        indexed = posts.filter(search_vector=query).order_by(newest_first)
        found = ranked(query, Post.objects.filter(pk__in=indexed.values("pk")[:enough]))
        return found, len(found) == enough
    while len(found) < enough and distance < longest:
        step = min(further(), longest - distance)
        older = posts.filter(walked, pk__lte=newest - distance, pk__gt=newest - distance - step)
        found += ranked(query, older, enough - len(found))
        distance += step
    return found, len(found) == enough or distance < every


def ranked(query: SearchQuery, posts: PostQuerySet, limit: int | None = None) -> list[RankedPost]:
    """The newest ``limit`` of ``posts`` (all of them: None), newest first, each with its
    rank (made only for those: PostgreSQL ranks the rows it returns)."""
    rank = SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS, cover_density=True)
    rows = posts.annotate(rank=rank).order_by("-pk")[:limit]
    fields = ("pk", "created_at", "rank", "thread_id", "forum_id")
    return [RankedPost(*row) for row in rows.values_list(*fields)]


def headline(text: str) -> SearchHeadline:
    """The passage of a post (annotated on a query of the page of results shown:
    ts_headline is costly) where ``text`` matched, in its thread's dictionary, the
    matched words between ``MARK_START`` and ``MARK_END``: :func:`marked_passage` makes it
    safe HTML."""
    query = text_query(text)
    config = Func(F("thread__language"), function="forums_search_config")
    words = Func(F("html"), function="forums_post_text", output_field=TextField())
    for sentinel in (MARK_START, MARK_END):
        words = Replace(words, Value(sentinel), Value(""))
    return SearchHeadline(
        words,
        query,
        config=config,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        fragment_delimiter=FRAGMENT_DELIMITER,
        **HEADLINE_OPTIONS,
    )


def marked_passage(headline: str) -> SafeString:
    """A headline of the post's HTML without its tags (entities still in), as safe HTML:
    cut at our marks first, so that no text, whatever it holds once its entities are read,
    can open or close a mark; each piece read and escaped; our marks made ``<mark>``."""
    html = []
    for n, piece in enumerate(headline.split(MARK_START)):
        marked, _, rest = piece.rpartition(MARK_END) if n else ("", "", piece)
        if marked:
            html.append(format_html("<mark>{}</mark>", clean_text(marked)))
        html.append(escape(clean_text(rest)))
    return mark_safe(" ".join("".join(html).split()))


def clean_text(text: str) -> str:
    """Text with its entities read and no stray mark characters."""
    return unescape(text).replace(MARK_START, "").replace(MARK_END, "")
