"""The Redis cache (production's) stores and reads back, on one client per pool."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache

from network.cache import NetworkRedisCache

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (CI sets it)")
def test_the_redis_cache_reads_what_it_wrote_on_one_client():
    cache = NetworkRedisCache(REDIS_URL, {"KEY_PREFIX": "network-test-cache"})
    plain = RedisCache(REDIS_URL, {"KEY_PREFIX": "network-test-cache"})

    cache.set("greeting", {"text": "solidarity"}, 30)

    assert cache.get("greeting") == {"text": "solidarity"}
    assert plain.get("greeting") == {"text": "solidarity"}  # the same format as Django's
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("greeting")
    assert plain.get("greeting") is None
