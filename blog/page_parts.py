"""What a page shows beside its own row that is the same for every reader (an event's
related reading, regions and tags; a page's endorsement drive), read once and kept in
the cache, so that a view of the page reads only the page: four queries fewer on an
event with a drive.

**Invalidation.** Each page has a generation (:mod:`network.generations`), bumped when
the page or one of these parts is saved or deleted; all pages share another, bumped when
a region or a tag is (:mod:`blog.signals` says which models). A key carries both, read
before the parts are (:mod:`blog.endorsing` keeps the list of endorsers the same way). A
bump the cache missed (Redis away) is outlived within ``PARTS_SECONDS``. A preview reads
the page being edited, never the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from network import generations

PARTS_SECONDS = 10 * 60
SHARED_GENERATION_KEY = "blog.page-parts:generation"


def _generation_key(page_id: int) -> str:
    return f"blog.page-parts:{page_id}:generation"


def _generations(page) -> str:
    """The page's generation and the shared one, read once for each page object."""
    kept = getattr(page, "parts_generations", None)
    if kept is None:
        kept = generations.current([_generation_key(page.pk), SHARED_GENERATION_KEY])
        page.parts_generations = kept
    return kept


def kept(page, request, name: str, read: Callable[[], Any]) -> Any:
    """``read()`` for ``page`` (a value the cache can keep: plain data, not model
    instances), from the cache unless something it reads has changed since."""
    if page.pk is None or getattr(request, "is_preview", False):
        return read()
    key = f"blog.page-parts:{page.pk}:{name}:{_generations(page)}"
    return generations.kept(key, PARTS_SECONDS, read)


def page_changed(page_id: int | None) -> None:
    if page_id is not None:
        generations.bump(_generation_key(page_id))


def shared_changed() -> None:
    generations.bump(SHARED_GENERATION_KEY)
