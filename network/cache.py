"""Django's Redis cache, for a site that must outlive its cache.

**An outage costs speed, never a page.** Every page reads the cache (Wagtail's site root
paths, the page cache, allauth's rate limits) and Django's backend raises when Redis
fails, so a stopped Redis made every page a 500. Here a read that fails (Redis stopped,
unreachable, loading, full, or not Redis at all) is a miss and a write is dropped, with a
warning in the log at most once a minute per process. After a failure the process
leaves Redis alone for a few seconds (``RETRY_AFTER_SECONDS``): a Redis host that does not
answer at all then costs one short timeout every few seconds, not one per cache call. The
socket timeouts are short unless the cache's ``OPTIONS`` say otherwise.

What a dropped write answers: ``add`` says it stored the value (allauth's rate limits lock
with ``add``; while the cache is away they allow rather than refuse everyone), ``incr``
raises ``ValueError`` as for a key that is not there.

**One client per connection pool.** Django makes a new ``redis.Redis`` client for every
operation, and building one (its table of response callbacks) costs about 0.15 ms: more
than the round trip to Redis, twice per page-cache hit. A client is safe to share
between threads (each command takes a connection from the pool).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
WARN_EVERY_SECONDS = 60
# Redis answers in a millisecond on a working network. One retry at once, for a pooled
# connection Redis closed when it restarted; redis-py's default is ten, with backoff.
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    "retry": Retry(NoBackoff(), 1),
}


class ReusedClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class Outage:
    """What this process knows of the cache being unreachable: since when, until when it
    leaves it alone, and when it last said so in the log. Shared by every thread's cache
    object for the same location."""

    def __init__(self, location: str):
        self.location = location
        self.since: float | None = None
        self.away_until = 0.0
        self.warned_at = float("-inf")

    def began(self, error: Exception) -> None:
        now = time.monotonic()
        if self.since is None:
            self.since = now
        self.away_until = now + RETRY_AFTER_SECONDS
        if now - self.warned_at >= WARN_EVERY_SECONDS:
            self.warned_at = now
            logger.warning(
                "The cache at %s failed (%s: %s): pages are served without it, more "
                "slowly, until it is back",
                self.location,
                type(error).__name__,
                error,
            )

    def ended(self) -> None:
        since, self.since = self.since, None
        self.warned_at = float("-inf")
        if since is not None:  # another thread may have said it already
            logger.info(
                "The cache at %s answers again, after %.0f s",
                self.location,
                time.monotonic() - since,
            )


_outages: dict[str, Outage] = {}


class Unreachable:
    """What :meth:`NetworkRedisCache._unless_away` answers instead of a result."""


class NetworkRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedClient
        location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outages.setdefault(location, Outage(location))

    def _unless_away(self, operation, *args, **kwargs):
        """``operation(*args, **kwargs)``, or ``Unreachable`` when Redis fails (or failed a
        moment ago)."""
        outage = self._outage
        if outage.since is not None and time.monotonic() < outage.away_until:
            return Unreachable
        try:
            result = operation(*args, **kwargs)
        except RedisError as error:
            outage.began(error)
            return Unreachable
        if outage.since is not None:
            outage.ended()
        return result

    def get(self, key, default=None, version=None):
        value = self._unless_away(super().get, key, default, version)
        return default if value is Unreachable else value

    def get_many(self, keys, version=None):
        values = self._unless_away(super().get_many, keys, version)
        return {} if values is Unreachable else values

    def has_key(self, key, version=None):
        return self._unless_away(super().has_key, key, version) is True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._unless_away(super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._unless_away(super().set_many, data, timeout, version)
        return list(data) if failed is Unreachable else failed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._unless_away(super().add, key, value, timeout, version)
        return True if added is Unreachable else added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        touched = self._unless_away(super().touch, key, timeout, version)
        return touched is True

    def incr(self, key, delta=1, version=None):
        value = self._unless_away(super().incr, key, delta, version)
        if value is Unreachable:
            raise ValueError(f"Key '{key}' not found: the cache cannot be reached.")
        return value

    def delete(self, key, version=None):
        return self._unless_away(super().delete, key, version) is True

    def delete_many(self, keys, version=None):
        self._unless_away(super().delete_many, keys, version)

    def clear(self):
        return self._unless_away(super().clear) is True
