"""Rate limits of the site's own (search, failed sign-ins, and whatever else a visitor can
make costly), counted in the cache as allauth counts its own.

Who is asking is :func:`client_address`: allauth's adapter's answer, so a site behind a
TLS proxy (``ALLAUTH_TRUSTED_PROXY_COUNT``) tells visitors apart for allauth's limits and
for ours alike. Limits on members' writing count their rows in the database instead
(forums.actions): those must hold even when the cache is away.
"""

from __future__ import annotations

import ipaddress
import math
import time

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.core.cache import cache


def client_address(request) -> str:
    """The visitor's address, as allauth derives it from the proxy settings; an IPv6
    address stands for its network (its /64 by default), as in allauth's own limits: one
    subscriber holds the whole network and could count afresh from each address in it."""
    address = get_adapter(request).get_client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{parsed}/{prefix}", strict=False).network_address)
    return address


def allow(scope: str, key: str, *, limit: int, period: int) -> bool:
    """Count one attempt by ``key`` (an address, a member's id) at ``scope`` ("search"),
    and say whether it is within ``limit`` attempts per ``period`` seconds: a fixed
    window, so a burst at a window's edge may reach twice the limit, never more."""
    return count(scope, key, period=period) <= limit


def count(scope: str, key: str, *, period: int) -> int:
    """Count one attempt by ``key`` at ``scope`` and say how many this ``period``'s window
    holds, this one included; 0 when the cache lost count (evicted, or away), which lets
    the attempt through."""
    counter = _counter(scope, key, period)
    cache.add(counter, 0, period)
    try:
        return cache.incr(counter)
    except ValueError:  # gone between add and incr
        return 0


def attempts(scope: str, key: str, *, period: int) -> int:
    """How many attempts by ``key`` at ``scope`` this ``period``'s window holds, counting
    none: for limits that count only what failed, checked before trying."""
    return cache.get(_counter(scope, key, period), 0)


def seconds_left(period: int) -> int:
    """Seconds until the current window of ``period`` seconds ends: when a key refused in
    it may try again (for a Retry-After header and the page)."""
    return max(1, math.ceil(period - time.time() % period))


def _counter(scope: str, key: str, period: int) -> str:
    window = int(time.time() // period)
    return f"ratelimit:{scope}:{key}:{window}"
