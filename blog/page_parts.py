"""What a page shows beside its own row that is the same for every reader (an event's
related reading, regions and tags; a page's endorsement drive), read once and kept in
the cache, so that a view of the page reads only the page: four queries fewer on an
event with a drive.

**Invalidation.** Each page has a generation, bumped when the page or one of these parts
is saved or deleted; all pages share another, bumped when a region or a tag is
(:mod:`blog.signals` says which models). A key carries both, read before the parts are.
A bump happens at once, for the rest of the transaction, and again once it commits: a
reader that read the parts while the change was not yet visible stored them under the
key of the first bump, which the second retires (:mod:`blog.endorsing` keeps the list of
endorsers the same way). A generation starts from the clock, so one the cache lost never
comes back to find old parts; a bump the cache missed (Redis away) is outlived within
``PARTS_SECONDS``. A preview reads the page being edited, never the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

PARTS_SECONDS = 10 * 60
SHARED_GENERATION_KEY = "blog.page-parts:generation"


def _generation_key(page_id: int) -> str:
    return f"blog.page-parts:{page_id}:generation"


def _generations(page) -> str:
    """The page's generation and the shared one, read once for each page object."""
    kept = getattr(page, "parts_generations", None)
    if kept is None:
        keys = [_generation_key(page.pk), SHARED_GENERATION_KEY]
        found = cache.get_many(keys)
        kept = ":".join(
            str(found[key] if key in found else cache.get_or_set(key, time.time_ns, None))
            for key in keys
        )
        page.parts_generations = kept
    return kept


def kept(page, request, name: str, read: Callable[[], Any]) -> Any:
    """``read()`` for ``page`` (a value the cache can keep: plain data, not model
    instances), from the cache unless something it reads has changed since."""
    if page.pk is None or getattr(request, "is_preview", False):
        return read()
    key = f"blog.page-parts:{page.pk}:{name}:{_generations(page)}"
    found = cache.get(key)
    if found is None:
        found = (read(),)
        cache.set(key, found, PARTS_SECONDS)
    return found[0]


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def page_changed(page_id: int | None) -> None:
    if page_id is None:
        return
    key = _generation_key(page_id)
    _bump(key)
    transaction.on_commit(lambda: _bump(key), robust=True)


def shared_changed() -> None:
    _bump(SHARED_GENERATION_KEY)
    transaction.on_commit(lambda: _bump(SHARED_GENERATION_KEY), robust=True)
