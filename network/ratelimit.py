"""Rate limits of the site's own (search, and whatever else an anonymous visitor can
make costly), counted in the cache as allauth counts its own.

Who is asking is :func:`client_address`: allauth's adapter's answer, so a site behind a
TLS proxy (``ALLAUTH_TRUSTED_PROXY_COUNT``) tells visitors apart for allauth's limits and
for ours alike. Limits on members' writing count their rows in the database instead
(forums.actions): those must hold even when the cache is away.
"""

from __future__ import annotations

import math
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def client_address(request) -> str:
    """The visitor's address, as allauth derives it from the proxy settings."""
    return get_adapter(request).get_client_ip(request)


def allow(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Count one attempt by ``key`` (an address, a member's id) at ``scope`` ("search"),
    and say whether it is within ``limit`` attempts per ``period`` seconds: a fixed
    window, so a burst at a window's edge may reach twice the limit, never more."""
    window = int(time.time() // period)
    counter = f"ratelimit:{scope}:{key}:{window}"
    cache.add(counter, 0, period)
    try:
        count = cache.incr(counter)
    except ValueError:  # gone between add and incr (evicted, or the cache is away)
        return True
    return count <= limit


def retry_after(period: int) -> int:
    """Seconds until the window of ``period`` seconds that :func:`allow` counts in ends,
    when a refused visitor may try again (for a Retry-After header and the page)."""
    return max(1, math.ceil(period - time.time() % period))
