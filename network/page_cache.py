"""A whole-page cache for anonymous readers, shared by every app whose pages change
when content is published (articles now, comments and threads later).

Every cached page's key carries a *generation* number; :func:`invalidate` bumps it, so
one publish makes every cached page stale at once without tracking which pages show
what. Stale entries age out. On only when ``PAGE_CACHE_SECONDS`` is set (it is when
``REDIS_URL`` is: an in-process cache could not hear a publish made by the worker).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
BROWSER_MAX_AGE = 60


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def serve_cached(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """Return the cached page for ``request`` when there is one, otherwise ``render()``
    it and keep it. Signed-in members always get a fresh, private page."""
    if not _cacheable(request):
        response = render()
        patch_cache_control(response, private=True)
        return response
    # One page for each language, at the same address (network.language).
    where = f"{request.get_host()}:{get_language()}:{request.get_full_path()}"
    key = f"page-cache:{_generation()}:{where}"
    response = cache.get(key)
    if response is not None:
        response["X-Page-Cache"] = "hit"
        return response
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    # A page that handed out a CSRF token (any form that posts) belongs to one visitor.
    if response.status_code != 200 or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        patch_cache_control(response, private=True)
        return response
    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    # The language comes from the switcher's cookie or the browser's Accept-Language:
    # a browser that switched must not be shown the other language's copy.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    cache.set(key, response, settings.PAGE_CACHE_SECONDS)
    response["X-Page-Cache"] = "miss"
    return response


def cached_for_anonymous(view):
    """Serve ``view`` through the page cache: wraps Wagtail's page-serving view, so a
    hit costs no routing and no queries."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve_cached(request, lambda: view(request, *args, **kwargs))

    return wrapped
