"""Where a reader is in a forum's list of threads (a cursor) and in a thread's pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
MAX_PK = 2**63 - 1
# Parts of a page asked for past this are asked as this one, which is past any thread
# (two million posts under one page): no huge offset reaches the database. A part past
# the page's last shows its first (forums.reading.thread_page).
MAX_PART = 10_000


@dataclass
class Cursor:
    """A place in a forum's list of threads, by last activity: keyset pagination, so
    page 100 costs what page 1 does (no growing OFFSET). Encoded as whole microseconds
    since the epoch and the thread's id, in integers: exact, whatever the date."""

    last_post_at: datetime
    pk: int

    def encode(self) -> str:
        return f"{(self.last_post_at - EPOCH) // MICROSECOND}.{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        """The cursor in ``value``, or None for anything else: an address someone typed
        or trimmed shows the first page rather than an error."""
        try:
            micros, pk = (value or "").split(".")
            moment = EPOCH + timedelta(microseconds=int(micros))
            pk = int(pk)
        except (ValueError, OverflowError):
            return None
        return cls(moment, pk) if 0 < pk <= MAX_PK else None


@dataclass(frozen=True)
class ThreadList:
    """A page of a forum's threads as its page shows them: the rows, rendered, and the
    cursors to the pages either side (encoded), plain data the cache can keep for
    visitors (forums.kept)."""

    rows_html: str
    newer: str | None
    older: str | None

    @classmethod
    def of(cls, page, rows: SafeString) -> ThreadList:
        """``page``: a forums.reading.ForumPage; ``rows``: its threads rendered."""
        encoded = [cursor.encode() if cursor else None for cursor in (page.newer, page.older)]
        return cls(str(rows) if page.shown else "", *encoded)

    @property
    def rows(self) -> SafeString:
        # Escaped by Jinja2 as it rendered (forums.partials).
        return mark_safe(self.rows_html)


@dataclass(frozen=True)
class ShownPosts:
    """A page of a thread's posts as its page shows them: the posts, rendered, where
    they are in the thread, and the page's description (the opening post's start, on
    the first page), plain data the cache can keep (forums.kept). With them, what a
    page made from them for one reader needs: the newest post's time (marked read) and
    who wrote the posts (a page of one's own posts, or of a member one blocked, is one's
    own), and which posts they are (a page where one reacted is one's own too: the
    reactions one left show pressed, ``forums.views._thread_page``)."""

    posts_html: str
    pages: Pages
    description: str
    newest: datetime | None = None
    author_ids: frozenset[int] = frozenset()
    post_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, posts: list, pages: Pages, html: SafeString) -> ShownPosts:
        """``posts``: the page's forums.reading.ShownPost; ``html``: them rendered."""
        first = posts[0] if posts else None
        opening = pages.number == 1 and pages.part == 1
        shown = first is not None and opening and not first.is_hidden
        return cls(
            str(html),
            pages,
            Truncator(first.source).chars(200) if shown else "",
            newest=max((post.created_at for post in posts), default=None),
            author_ids=frozenset(post.author_id for post in posts if post.author_id),
            post_ids=frozenset(post.pk for post in posts),
        )

    @property
    def html(self) -> SafeString:
        # Escaped by Jinja2 as it rendered (forums.partials).
        return mark_safe(self.posts_html)

    def concern(self, user) -> bool:
        """Whether the posts show ``user`` anything of their own: one of their posts, or
        one by a member they blocked (each shown differently to them)."""
        if not user.is_authenticated or not self.author_ids:
            return False
        return user.pk in self.author_ids or not self.author_ids.isdisjoint(
            user.profile.blocked_member_ids
        )


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap, shown as "…"
    current: bool = False


@dataclass(frozen=True)
class Pages:
    """Where a reader is in a thread's pages, and the pages its pagination names: the
    first, the last, two either side of this one, and a gap for the rest. Worked out
    here once, not in a template loop over every page (a 40-page thread made that loop
    a good part of the page's time).

    A page that holds more posts than one page may (a reply that drew hundreds of
    replies) goes on in parts: ``part`` is the one shown, ``more_parts`` whether another
    follows."""

    number: int
    count: int
    part: int = 1
    more_parts: bool = False

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    @property
    def previous_part(self) -> int | None:
        return self.part - 1 if self.part > 1 else None

    @property
    def next_part(self) -> int | None:
        return self.part + 1 if self.more_parts else None

    @property
    def links(self) -> list[PageLink]:
        near = range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)
        links, shown = [], 0
        for number in sorted({1, self.count, *near}):
            if number - shown > 1:
                links.append(PageLink(None))
            links.append(PageLink(number, current=number == self.number))
            shown = number
        return links


def requested_place(query, page_count: int) -> tuple[int, int]:
    """The page and the part of it that ``query`` (a request's GET) asks for, within
    the thread's ``page_count`` pages: the first for anything that is not a number."""
    try:
        number = min(max(1, int(query.get("page", 1))), page_count)
    except (ValueError, OverflowError):
        number = 1
    try:
        part = min(max(1, int(query.get("part", 1))), MAX_PART)
    except (ValueError, OverflowError):
        part = 1
    return number, part
