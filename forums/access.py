"""Who may read a thread: the one rule that every thread page, listing, feed, search and
notification asks, at the moment it reads.

The forums' own part is the forum's: public forums for anyone, members-only ones for
members (``Forum.is_visible_to``). An app that opens threads for content of its own adds
its part: the blog's article discussions follow their article's privacy, so a thread
whose article is unpublished, or restricted to members, to a group or by a password,
is read by exactly those who may read the article now. Forums imports no app above it,
so that app registers a :class:`ThreadPrivacy` here from its ``AppConfig.ready``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q


class ThreadPrivacy:
    """What an app that owns some threads says about who may read them. Override all."""

    def applies_to(self, forum) -> bool:
        """Whether ``forum`` may hold such threads: forum pages elsewhere skip the rest."""
        raise NotImplementedError

    def readable_by(self, user) -> Q:
        """The condition on a thread (in the thread's own query: a listing reads it
        row by row) that ``user`` may read it now, as far as this rule goes: true for
        the threads it does not concern."""
        raise NotImplementedError

    def readers(self, thread_id: int, user_ids: Iterable[int]) -> set[int]:
        """Of ``user_ids`` (members the forum lets in), those who may read the thread."""
        raise NotImplementedError

    def private(self, thread_ids: Iterable[int]) -> set[int]:
        """Of ``thread_ids``, those not everyone may read: emails about them carry only
        a link, as for a members-only forum."""
        raise NotImplementedError


_privacies: list[ThreadPrivacy] = []


def register(privacy: ThreadPrivacy) -> None:
    _privacies.append(privacy)


def readable_by(user) -> Sequence[Q]:
    """The conditions on a thread, beyond its forum's, that ``user`` may read it now:
    ``Thread.objects.visible_to`` filters by each."""
    if not user.is_authenticated:
        return _readable_by_visitors(tuple(_privacies))
    return [privacy.readable_by(user) for privacy in _privacies]


@functools.cache
def _readable_by_visitors(privacies: tuple[ThreadPrivacy, ...]) -> tuple[Q, ...]:
    """The conditions for any visitor, built once per process (each query copies them
    as it resolves them): they do not change from one visitor to the next, and building
    them cost more than the rest of a visitor's forum index."""
    return tuple(privacy.readable_by(AnonymousUser()) for privacy in privacies)


def concerns(forum) -> bool:
    """Whether some threads of ``forum`` follow a rule of their own."""
    return any(privacy.applies_to(forum) for privacy in _privacies)


def readers(thread, user_ids: Iterable[int]) -> set[int]:
    """Of ``user_ids``, the members who may read ``thread`` (its forum loaded) now."""
    allowed = set(user_ids)
    for privacy in _privacies:
        if allowed and privacy.applies_to(thread.forum):
            allowed = privacy.readers(thread.pk, allowed)
    return allowed


def private_threads(threads: Iterable) -> set[int]:
    """The ids of those of ``threads`` (their forums loaded) that not everyone who may
    read their forum may read: emails about them carry only a link. No query for
    threads in forums no rule concerns."""
    threads = list(threads)
    found: set[int] = set()
    for privacy in _privacies:
        ids = {thread.pk for thread in threads if privacy.applies_to(thread.forum)}
        if ids:
            found |= privacy.private(ids)
    return found
