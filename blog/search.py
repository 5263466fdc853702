"""Site search: one box, one page of results from every part of the site that has
something to find, ranked together: articles, events and the network's own pages
(Wagtail's search index), forum threads and posts (``forums.search``: on PostgreSQL a
full-text index of their own). Filters (``blog.search_filters``) are GET parameters.

Ranking across sources: each source ranks its own (Wagtail's score for pages,
``ts_rank_cd`` for posts), scaled so that its best counts 1, then times a recency boost
(:func:`recency_boost`), and all are sorted by that. A source's scale says nothing of
another's, so the best article and the best post start even and recency and relevance
within each decide. At most the ``forum_search.CANDIDATES`` newest matching posts and
``PAGES_RANKED`` best pages (of every kind) are ranked: a search shows those, best first.
Only the page shown becomes results (its passages, the posts' ``ts_headline``).

What one search may cost is bounded (issue #10): each different word is searched once,
at most ``MAX_WORDS`` of them; the queries run under ``SEARCH_TIMEOUT_MS``
(network.timeouts); one address searches at most ``SEARCH_PER_MINUTE`` times a minute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext
from wagtail import blocks

from blog import search_filters
from blog.search_filters import Filters
from forums import search as forum_search
from forums.models import Post
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from forums.search import post_text, post_url
from network import ratelimit
from network.timeouts import time_limit

RESULTS_PER_PAGE = 10
PASSAGE_CHARS = 240
# Each word is one more test of every forum post read: a query's words past this are left
# out (the page says which were searched).
MAX_WORDS = 8
SEARCH_PERIOD = 60  # seconds, the period SEARCH_PER_MINUTE counts in
# How many of the best articles, events and pages (together) are ranked with the posts.
PAGES_RANKED = 100
# A match this many days old counts half as much as today's (see recency_boost).
RECENCY_HALF_DAYS = 90


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    passage: SafeString
    date: date | None
    note: str = ""
    # The language a page is written in (blog.languages): its title and passage say it.
    language: str = ""


def clean_query(text: str) -> str:
    """The query as typed, its spaces collapsed. Control characters (a NUL byte in a
    hand-made link, which PostgreSQL refuses in a query) count as spaces."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def distinct_words(query: str) -> list[str]:
    """The different words of a query (case aside; each as first typed), without its
    punctuation. Only words reach the search backend: with punctuation SQLite's full-text
    search fails on a lone double quote, PostgreSQL on a NUL byte, and "rent & strike"
    finds nothing on SQLite but rent strikes on PostgreSQL."""
    words: dict[str, str] = {}
    for word in re.findall(r"\w+", query):
        words.setdefault(word.lower(), word)
    return list(words.values())


def query_words(query: str) -> list[str]:
    """The words searched: the first ``MAX_WORDS`` different ones. A word repeated adds
    nothing to what every word must match, and each costs the forums a scan."""
    return distinct_words(query)[:MAX_WORDS]


def query_terms(query: str) -> list[str]:
    """The words to mark in passages: one letter would mark half the text."""
    return [word.lower() for word in query_words(query) if len(word) > 1]


def terms_pattern(terms: list[str]) -> re.Pattern | None:
    """Matches a term at the start of a word (so "tenant" marks "Tenants", as PostgreSQL's
    stemming finds it, but "art" does not mark "party"), the longest term first."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})", re.IGNORECASE)


def mark_terms(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` escaped, with each match of ``pattern`` in ``<mark>``. Matching happens
    before escaping, so a term such as "amp" or "lt" never lands inside an entity."""
    if pattern is None:
        return escape(text)
    html, end = [], 0
    for match in pattern.finditer(text):
        html.append(escape(text[end : match.start()]))
        html.append(format_html("<mark>{}</mark>", match.group(0)))
        end = match.end()
    html.append(escape(text[end:]))
    return mark_safe("".join(html))


def passage(text: str, terms: list[str], length: int = PASSAGE_CHARS) -> SafeString:
    """The part of ``text`` around the first matching term, escaped, with every term
    marked. The start of the text when nothing matches."""
    text = " ".join(text.split())
    pattern = terms_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 3:
        # Begin at a word a third of the window before the match, or at the match itself
        # when a single long "word" (a URL) fills that third.
        space = text.find(" ", match.start() - length // 3, match.start())
        start = space + 1 if space != -1 else match.start()
    html = mark_terms(Truncator(text[start:]).chars(length), pattern)
    return mark_safe(("… " if start else "") + html)


def block_text(block: blocks.Block, raw) -> Iterator[str]:
    """The searchable text of a block, read from its stored (JSON) value.

    ``StreamBlock.get_searchable_content`` first turns every value into Python objects,
    which for an image (a chooser block, even inside a struct) costs a query per article:
    a page of results would cost one query per result. Chooser blocks hold no text of
    their own, so they are skipped here and nothing is fetched."""
    if raw is None or isinstance(block, blocks.ChooserBlock):
        return
    if not getattr(block, "search_index", True):
        return
    if isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from block_text(child_block, child.get("value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from block_text(child_block, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            # Lists are stored as {"type": "item", "value": …, "id": …} (or, from before
            # Wagtail 2.16, as bare values).
            is_list_item = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            yield from block_text(block.child_block, item["value"] if is_list_item else item)
    else:
        yield from (str(text) for text in block.get_searchable_content(block.to_python(raw)))


def private_sections(request) -> Q:
    """What Wagtail's ``.public()`` leaves out (the pages under a view restriction), read
    once for all the sources of one search instead of once by each."""
    if not hasattr(request, "_private_sections"):
        from wagtail.models import Page

        request._private_sections = Page.objects.private_q()
    return request._private_sections


# --- Finding ---------------------------------------------------------------------------


@dataclass
class Hit:
    """One thing found, before it is shown: its source's key, its score (its source's
    rank, scaled so that each source's best is 1, times the recency boost), when it was
    written or happens, and the page found or the post's id."""

    source: str
    score: float
    when: datetime | date | None
    item: object


def recency_boost(when, now: datetime) -> float:
    """1 for today (and for events to come), a half at ``RECENCY_HALF_DAYS`` old, a third
    at twice that: an old match must rank much better to come above a recent one."""
    if when is None:
        return 1.0
    if not isinstance(when, datetime):
        when = datetime.combine(when, time(12), tzinfo=now.tzinfo)
    age_days = max((now - when).total_seconds() / 86_400, 0)
    return 1 / (1 + age_days / RECENCY_HALF_DAYS)


def scored(source: str, found: list[tuple[object, float, object]], now) -> list[Hit]:
    """``(item, rank, when)`` as hits, each rank scaled by the source's best."""
    best = max((rank for _item, rank, _when in found), default=0) or 1
    return [
        Hit(source, (rank or 0) / best * recency_boost(when, now), when, item)
        for item, rank, when in found
    ]


def page_kinds() -> dict[str, type]:
    """The sources that are Wagtail pages, each with its page model."""
    from blog.models import ArticlePage, EventPage, StandardPage

    return {"articles": ArticlePage, "events": EventPage, "pages": StandardPage}


def kind_condition(kind: str, model, filters: Filters) -> Q:
    """The pages of ``kind`` that ``filters`` leave in, as a condition on pages: of a kind
    a filter narrows, the ids of those it leaves (at most 10,000: Wagtail's index filters
    pages by their own fields only)."""
    from blog.models import ArticlePage, EventPage

    if kind == "pages" or not (filters.region or filters.author or filters.since or filters.until):
        return Q(content_type=ContentType.objects.get_for_model(model))
    if kind == "articles":
        narrowed = ArticlePage.objects.all()
        if filters.region:
            narrowed = narrowed.filter(regions=filters.region)
        if filters.author:
            narrowed = narrowed.filter(article_authors__author__member=filters.author)
        if filters.since:
            narrowed = narrowed.filter(display_date__gte=filters.since)
        if filters.until:
            narrowed = narrowed.filter(display_date__lte=filters.until)
    else:
        narrowed = EventPage.objects.all()
        if filters.region:
            narrowed = narrowed.in_region(filters.region)
        if filters.since:
            narrowed = narrowed.filter(start__gte=day_start(filters.since))
        if filters.until:
            narrowed = narrowed.filter(start__lt=day_start(filters.until + timedelta(days=1)))
    ids = narrowed.order_by().values_list("pk", flat=True).distinct()
    return Q(pk__in=list(ids[:10_000]))


def page_hits(words, request, filters: Filters, now) -> dict[str, list[Hit]]:
    """The best ``PAGES_RANKED`` live pages of the kinds ``filters`` leave in (articles,
    events, the network's own pages) that match ``words`` and that ``request`` may
    read, by kind, in one search of Wagtail's index (the title over the body, a GIN
    index on PostgreSQL): one search of every kind costs a third of a search of each.
    Each hit's item is the page's id; only the page of results shown loads its pages
    (:func:`show`)."""
    from wagtail.models import Page

    kinds = {kind: model for kind, model in page_kinds().items() if kind in filters.kinds}
    if not kinds:
        return {}
    found: dict[str, list[tuple[int, float, object]]] = {kind: [] for kind in kinds}
    if words:
        condition = Q()
        for kind, model in kinds.items():
            condition |= kind_condition(kind, model, filters)
        pages = (
            Page.objects.live()
            .exclude(private_sections(request))
            .filter(condition)
            .annotate(display_date=F("articlepage__display_date"), start=F("eventpage__start"))
            .only("pk", "content_type")
        )
        source = {
            ContentType.objects.get_for_model(model).pk: kind for kind, model in kinds.items()
        }
        for page in pages.search(" ".join(words)).annotate_score("_score")[:PAGES_RANKED]:
            kind = source[page.content_type_id]
            when = page.display_date if kind == "articles" else page.start
            found[kind].append((page.pk, page._score, when))
    return {kind: scored(kind, pages, now) for kind, pages in found.items()}


def post_hits(words, request, filters: Filters, now) -> tuple[list[Hit], bool]:
    """Forum posts the reader may read (``forums.search``): on PostgreSQL the newest
    matches ranked by ts_rank_cd, on SQLite the newest matches (each ranked alike)."""
    if not words:
        return [], False
    since = day_start(filters.since) if filters.since else None
    before = day_start(filters.until + timedelta(days=1)) if filters.until else None
    narrowing = forum_search.Narrowing(filters.forum, filters.region, filters.author, since, before)
    if forum_search.full_text():
        ranked, more = forum_search.ranked_posts(" ".join(words), request.user, narrowing)
        found = [(post.pk, post.rank, post.created_at) for post in ranked]
    else:
        posts = forum_search.searchable_posts(request.user)
        posts = narrowing.applied(posts, through_threads=True)
        newest = forum_search.find_posts(words, request.user, posts)
        found, more = [(pk, 1.0, when) for pk, when in newest.dated()], newest.more
    return scored("forums", found, now), more


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


# --- Showing ---------------------------------------------------------------------------


def article_result(page, request, terms) -> SearchResult:
    body_text = " ".join(block_text(page.body.stream_block, list(page.body.raw_data)))
    return SearchResult(
        kind=gettext("Article"),
        title=page.title,
        url=page.get_url(request),
        passage=passage(f"{page.introduction} {body_text}", terms),
        date=page.display_date,
        note=gettext("Cross-posted from %(source)s") % {"source": page.source_name}
        if page.is_cross_post
        else "",
        language=page.language,
    )


def event_result(page, request, terms) -> SearchResult:
    text = " ".join(block_text(page.description.stream_block, list(page.description.raw_data)))
    return SearchResult(
        kind=gettext("Event"),
        title=page.title,
        url=page.get_url(request),
        passage=passage(f"{page.introduction} {text}", terms),
        date=page.when.event.start.date(),
        note=page.status_label,
        language=page.language,
    )


def standard_page_result(page, request, terms) -> SearchResult:
    body_text = " ".join(block_text(page.body.stream_block, list(page.body.raw_data)))
    return SearchResult(
        kind=gettext("Page"),
        title=page.title,
        url=page.get_url(request),
        passage=passage(f"{page.introduction} {body_text}", terms),
        date=page.last_updated,
        language=page.language,
    )


def post_results(ids: list[int], query: str, request) -> dict[int, SearchResult]:
    """The posts of a page of results, in one query (two when some are comments on
    articles): the posts with what they show and their passages (PostgreSQL:
    ts_headline, for these posts only); the articles that comments belong to."""
    from blog.models import ArticlePage

    posts = Post.objects.filter(pk__in=ids).select_related("thread__forum")
    posts = posts.defer("source", "search_vector")
    full_text = forum_search.full_text()
    if full_text:
        text = " ".join(query_words(query))
        posts = posts.annotate(headline=forum_search.headline(text)).defer("html")
    posts = list(posts)
    discussions = {
        post.thread_id for post in posts if post.thread.forum.slug == ARTICLE_DISCUSSIONS_SLUG
    }
    articles = {}
    if discussions:
        pages = (
            ArticlePage.objects.live()
            .exclude(private_sections(request))
            .filter(discussion_id__in=discussions)
        )
        articles = {page.discussion_id: page for page in pages.defer_streamfields()}
    terms = query_terms(query)
    results = {}
    for post in posts:
        article = articles.get(post.thread_id)
        if article is not None:
            url = article.get_url(request)
            if post.page_number > 1:
                url += f"?page={post.page_number}"
            kind = pgettext("a search result", "Comment")
            title, url, note = article.title, f"{url}#post-{post.pk}", ""
        else:
            kind = gettext("Forum thread") if post.is_opening else gettext("Forum reply")
            title, url = post.thread.title, post_url(post)
            note = gettext("In %(forum)s") % {"forum": post.thread.forum.name}
        results[post.pk] = SearchResult(
            kind=kind,
            title=title,
            url=url,
            passage=forum_search.marked_passage(post.headline)
            if full_text
            else passage(post_text(post), terms),
            date=timezone.localdate(post.created_at),
            note=note,
            language=post.thread.language,
        )
    return results


def show(hits: list[Hit], query: str, request) -> list[SearchResult]:
    """A page of hits as results: the posts' in one go, each kind of page in one query."""
    terms = query_terms(query)
    posts = post_results([hit.item for hit in hits if hit.source == "forums"], query, request)
    pages = {}
    for kind, model in page_kinds().items():
        ids = [hit.item for hit in hits if hit.source == kind]
        if ids:
            pages[kind] = model.objects.in_bulk(ids)
    shown = {"articles": article_result, "events": event_result, "pages": standard_page_result}
    results = []
    for hit in hits:
        if hit.source == "forums":
            if hit.item in posts:
                results.append(posts[hit.item])
        elif hit.item in pages[hit.source]:
            results.append(shown[hit.source](pages[hit.source][hit.item], request, terms))
    return results


class RankedHits:
    """The hits of every source, best first, for a :class:`Paginator`: only the page
    shown becomes results. ``more``: the forums had more matches than are ranked."""

    def __init__(self, hits: list[Hit], query: str, request, more: bool):
        self.hits, self.query, self.request, self.more = hits, query, request, more

    def count(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return show(self.hits[index], self.query, self.request)
        return show([self.hits[index]], self.query, self.request)[0]


class Tab(NamedTuple):
    key: str
    label: str
    count: int
    more: bool  # more found than ``count``, which are all a search shows


@dataclass
class Search:
    page: Page
    tabs: list[Tab]
    # The words searched, when the query had more than MAX_WORDS different ones.
    searched_words: list[str] | None


def search_allowed(request) -> bool:
    """Count a search by the visitor's address: false past ``SEARCH_PER_MINUTE``."""
    address = ratelimit.client_address(request)
    limit = settings.SEARCH_PER_MINUTE
    return ratelimit.allow("search", address, limit=limit, period=SEARCH_PERIOD)


def run_search(query: str, request, filters: Filters, page_number) -> Search:
    """Every source ``filters`` leave in, its hits ranked together, and the page asked
    for. Every query under the search's time limit: raises
    :class:`network.timeouts.QueryTimedOut` past it."""
    words, now = query_words(query), timezone.now()
    hits: list[Hit] = []
    counts: dict[str, tuple[int, bool]] = {}
    with time_limit(settings.SEARCH_TIMEOUT_MS):
        if "forums" in filters.kinds:
            found, more = post_hits(words, request, filters, now)
            hits += found
            counts["forums"] = (len(found), more)
        for key, found in page_hits(words, request, filters, now).items():
            hits += found
            counts[key] = (len(found), False)
        hits.sort(key=lambda hit: hit.score, reverse=True)
        more = counts.get("forums", (0, False))[1]
        page = Paginator(RankedHits(hits, query, request, more), RESULTS_PER_PAGE).get_page(
            page_number
        )
    tabs = [Tab(key, label, *counts[key]) for key, label in search_filters.WHERE if key in counts]
    cut = len(distinct_words(query)) > MAX_WORDS
    return Search(page, tabs, query_words(query) if cut else None)
