"""Replies that arrive without a reload (issue #15): a thread page asks every few seconds
(``static/js/live.js``) whether the thread has changed, and is told "no" for almost
nothing.

**How.** Short polling of a conditional request: ``GET /forums/t/<id>/live/?after=<the
newest post the page shows>&page=<n>&part=<m>`` with ``If-None-Match``. The page carries
the thread's ETag as it rendered it, so the first question is already conditional.

- *Unchanged* (nearly every question): :class:`UnchangedThreadMiddleware` answers 304
  before the session, the member or anything else is read, with **one query** (the
  thread's state, :func:`state`).
- *Changed*: the question goes on to the view (``forums.views.live``), which is the
  thread page's own path: the thread as this reader may read it (a visitor, or a member
  signed out, on a members-only forum: 404, as the page), the page of its posts as it
  now is for them (hidden posts, blocked authors, their own buttons:
  ``forums.reading.thread_page``, marked read as far as it goes), and of those, the
  posts newer than ``after``, each with the post it follows, rendered by the same
  partial as the page.

**The ETag** is an HMAC, with a key made from ``SECRET_KEY``, over the reader's session
cookie (nothing for a visitor without one), the thread and its state: its forum, whether
that forum is members-only, its last post and its count of replies. Nobody can make one,
so a 304 only ever answers someone who was given that ETag by a 200 for the same
session, thread and state, that is, someone the thread page or the view let read the
thread in that very state; it tells them that nothing has changed since, and nothing
else. Anything that could let in or keep out a reader and that a 304 could hide changes
the state: a thread moved, a forum made members-only; a new post, which is all the
endpoint ever reveals, always does, and is then only given out by the view after its
checks. (A member suspended from posting still reads, as on the page; one whose account
is closed signs out, and a new session makes another ETag.)

Why polling and not server-sent events: see the README (*Replies that arrive without a
reload*): measured, with ``manage.py bench``.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re

from django.conf import settings
from django.http import HttpResponseNotModified
from django.urls import reverse

from forums import reading
from forums.models import Thread
from forums.pagination import MAX_PK
from forums.permissions import Standing

# How often a thread page asks (static/js/live.js, which says it again): the bench
# reports what 500 open tabs at this pace cost the workers.
POLL_SECONDS = 6


@functools.cache
def _states():
    """The thread's state as the ETag names it, as a query (built once per process)."""
    return Thread.objects.values_list(
        "forum_id", "forum__visibility", "last_post_id", "reply_count"
    )


def state(thread_id: int) -> tuple | None:
    """What an ETag says of thread ``thread_id``, in one query; None for no such thread."""
    if not 0 < thread_id <= MAX_PK:
        return None
    for found in _states().filter(pk=thread_id):  # not first(): no ORDER BY, no LIMIT
        return found
    return None


def state_of(thread: Thread) -> tuple:
    """:func:`state` of a thread already loaded with its forum (no query). The forum's
    visibility as the database gives it, a string, even when set in code as a choice."""
    visibility = str(thread.forum.visibility)
    return (thread.forum_id, visibility, thread.last_post_id, thread.reply_count)


def etag(request, thread_id: int, thread_state: tuple) -> str:
    """The ETag of ``thread_id`` in ``thread_state`` for the reader of ``request``."""
    reader = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    message = repr((reader, thread_id, thread_state)).encode()
    return '"' + hmac.new(_key(), message, hashlib.sha256).hexdigest()[:40] + '"'


@functools.cache
def _key() -> bytes:
    return hashlib.sha256(f"forums.live:{settings.SECRET_KEY}".encode()).digest()


def matches(request, tag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``tag``."""
    asked = request.META.get("HTTP_IF_NONE_MATCH", "")
    return any(hmac.compare_digest(given.strip(), tag) for given in asked.split(",")[:4])


def not_modified(tag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    headers(response, tag)
    return response


def headers(response, tag: str) -> None:
    """Each reader's own answer, asked again every time, never kept by a shared cache."""
    response["ETag"] = tag
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"


class UnchangedThreadMiddleware:
    """Answers a thread page's question "anything new?" with 304 when its ETag still
    holds, before the session and the member are read (two queries every other page
    of a member's costs): one query in all. Placed before ``SessionMiddleware``. Any
    other request passes on untouched, at the cost of a look at its method and headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and "HTTP_IF_NONE_MATCH" in request.META:
            address = _live_address().fullmatch(request.path)
            if address is not None:
                thread_id = int(address[1])
                thread_state = state(thread_id)
                if thread_state is not None:
                    tag = etag(request, thread_id, thread_state)
                    if matches(request, tag):
                        return not_modified(tag)
        return self.get_response(request)


@functools.cache
def _live_address() -> re.Pattern:
    """``forums:live``'s address as a pattern, its thread's id in a group: matched here,
    where resolving the address took a tenth of the answer's time."""
    sample = "987654321"
    return re.compile(
        re.escape(reverse("forums:live", args=[sample])).replace(sample, "([0-9]{1,19})")
    )


def arrivals(
    thread: Thread, user, query, after: int, member: Standing
) -> tuple[reading.ThreadPage, list[tuple[reading.ShownPost, int]]]:
    """The page of ``thread`` that ``query`` names as ``user`` now reads it (marked read
    as far as it goes, as when they load it), and its posts newer than post ``after``,
    in tree order, each with the post it comes after there (the one before it in tree
    order: its parent, or the last of the replies its parent already had). A post that
    opens the part of the page is left out: it follows a post the reader's part does
    not show."""
    page = reading.thread_page(thread, user, query, member=member)
    found, previous = [], None
    for post in page.posts:
        if post.pk > after and previous is not None:
            found.append((post, previous.pk))
        previous = post
    return page, found
