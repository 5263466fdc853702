"""Site search: one page, results from every part of the site that has something to
find: articles, forum threads and posts (found by forums.search), and the network's own
pages. Each source is a function that takes the query and the reader and returns
:class:`LazyResults`.

What one search may cost is bounded (issue #10): each different word is searched once,
at most ``MAX_WORDS`` of them; the queries run under ``SEARCH_TIMEOUT_MS``
(network.timeouts); one address searches at most ``SEARCH_PER_MINUTE`` times a minute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, pgettext
from wagtail import blocks

from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from forums.search import find_posts, post_text, post_url
from network import ratelimit
from network.timeouts import time_limit

RESULTS_PER_PAGE = 10
PASSAGE_CHARS = 240
# Each word is one more test of every forum post read: a query's words past this are left
# out (the page says which were searched).
MAX_WORDS = 8
SEARCH_PERIOD = 60  # seconds, the period SEARCH_PER_MINUTE counts in


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


class LazyResults:
    """Search hits that turn into :class:`SearchResult` objects only for the page shown,
    so a query matching thousands of items costs one count and one page of rows.
    ``to_results`` turns a page of hits into results at once, so what they share (the
    articles that forum comments belong to) costs a query per page, not per result.
    ``more``: the hits are the first of more matches than a search shows."""

    def __init__(self, hits, to_results: Callable[[list], list[SearchResult]], more=False):
        self.hits = hits
        self.to_results = to_results
        self.more = more

    def count(self) -> int:
        return self.hits.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.to_results(list(self.hits[index]))
        return self.to_results([self.hits[index]])[0]


def private_sections(request) -> Q:
    """What Wagtail's ``.public()`` leaves out (the pages under a view restriction), read
    once for all the sources of one search instead of once by each."""
    if not hasattr(request, "_private_sections"):
        from wagtail.models import Page

        request._private_sections = Page.objects.private_q()
    return request._private_sections


def search_articles(query: str, request) -> LazyResults:
    from blog.models import ArticlePage

    terms = query_terms(query)

    def to_result(page) -> SearchResult:
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

    words = query_words(query)
    articles = ArticlePage.objects.live().exclude(private_sections(request))
    hits = articles.search(" ".join(words)) if words else articles.none()
    return LazyResults(hits, lambda pages: [to_result(page) for page in pages])


def search_pages(query: str, request) -> LazyResults:
    """The network's own pages (about, points of unity, code of conduct …)."""
    from blog.models import StandardPage

    terms = query_terms(query)

    def to_result(page) -> SearchResult:
        body_text = " ".join(block_text(page.body.stream_block, list(page.body.raw_data)))
        return SearchResult(
            kind=gettext("Page"),
            title=page.title,
            url=page.get_url(request),
            passage=passage(f"{page.introduction} {body_text}", terms),
            date=page.last_updated,
            language=page.language,
        )

    words = query_words(query)
    pages = StandardPage.objects.live().exclude(private_sections(request))
    hits = pages.search(" ".join(words)) if words else pages.none()
    return LazyResults(hits, lambda found: [to_result(page) for page in found])


def search_events(query: str, request) -> LazyResults:
    from blog.models import EventPage

    terms = query_terms(query)

    def to_result(page) -> SearchResult:
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

    words = query_words(query)
    events = EventPage.objects.live().exclude(private_sections(request))
    hits = events.search(" ".join(words)) if words else events.none()
    return LazyResults(hits, lambda pages: [to_result(page) for page in pages])


def search_forums(query: str, request) -> LazyResults:
    """Forum threads and posts the reader may open. A comment on an article links to
    the comment under the article (on the same page of comments as in the forum)."""
    from blog.models import ArticlePage

    terms = query_terms(query)

    def to_result(post, article) -> SearchResult:
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
        return SearchResult(
            kind=kind,
            title=title,
            url=url,
            passage=passage(post_text(post), terms),
            date=timezone.localdate(post.created_at),
            note=note,
        )

    def to_results(posts) -> list[SearchResult]:
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
        return [to_result(post, articles.get(post.thread_id)) for post in posts]

    found = find_posts(query_words(query), request.user)
    return LazyResults(found, to_results, more=found.more)


# Each source: key -> (label, search function).
SOURCES = {
    "articles": (gettext_lazy("Articles"), search_articles),
    "events": (gettext_lazy("Events"), search_events),
    "pages": (gettext_lazy("Pages"), search_pages),
    "forums": (gettext_lazy("Forums"), search_forums),
}


class Tab(NamedTuple):
    key: str
    label: str
    count: int
    more: bool  # more found than ``count``, which are all a search shows


@dataclass
class Search:
    page: Page
    source: str
    tabs: list[Tab]
    # The words searched, when the query had more than MAX_WORDS different ones.
    searched_words: list[str] | None


def search_allowed(request) -> bool:
    """Count a search by the visitor's address: false past ``SEARCH_PER_MINUTE``."""
    address = ratelimit.client_address(request)
    limit = settings.SEARCH_PER_MINUTE
    return ratelimit.allow("search", address, limit=limit, period=SEARCH_PERIOD)


def run_search(query: str, request, source_key: str | None, page_number) -> Search:
    """Counts for every source, and the requested page of results from one source (the
    one asked for, or the first with results). Every query under the search's time
    limit: raises :class:`network.timeouts.QueryTimedOut` past it."""
    with time_limit(settings.SEARCH_TIMEOUT_MS):
        found = {key: search(query, request) for key, (_, search) in SOURCES.items()}
        counts = {key: results.count() for key, results in found.items()}
        if source_key not in found:
            source_key = next((key for key, n in counts.items() if n), next(iter(SOURCES)))
        page = Paginator(found[source_key], RESULTS_PER_PAGE).get_page(page_number)
    tabs = [Tab(key, SOURCES[key][0], counts[key], found[key].more) for key in SOURCES]
    cut = len(distinct_words(query)) > MAX_WORDS
    return Search(page, source_key, tabs, query_words(query) if cut else None)
