"""Generations: counters kept in the cache that a change bumps, so that whatever was
kept under a key carrying the old count is never read again. The blog's page parts
(:mod:`blog.page_parts`) and what visitors see of the forums (:mod:`forums.kept`) are
kept this way.

A bump happens at once, for the rest of the transaction, and again once it commits: a
reader that read the data while the change was not yet visible kept it under the key
of the first bump, which the second retires. A generation starts from the clock, so one
the cache lost never comes back to find old data; a bump the cache missed (Redis away)
is outlived by the expiry of what was kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def current(keys: list[str]) -> str:
    """The generations named by ``keys``, read at once, as one part of a cache key."""
    found = cache.get_many(keys)
    return ":".join(
        str(found[key] if key in found else cache.get_or_set(key, time.time_ns, None))
        for key in keys
    )


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def bump(*keys: str) -> None:
    """What was kept under these generations is old: now, and again on commit."""
    for key in keys:
        _bump(key)
    if keys:
        transaction.on_commit(lambda: [_bump(key) for key in keys], robust=True)


def kept(key: str, seconds: int, make: Callable[[], T]) -> T:
    """``make()``, kept under ``key`` (which carries :func:`current` generations) for
    ``seconds``; a None it returns is kept too."""
    found = cache.get(key)
    if found is None:
        found = (make(),)
        cache.set(key, found, seconds)
    return found[0]
