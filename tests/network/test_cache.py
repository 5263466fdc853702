"""The Redis cache (production's) stores and reads back, on one client per pool; when
Redis fails (gone, full), a read is a miss and a write is dropped, and the log says so
once."""

import logging
import os

import pytest
from django.core.cache.backends.redis import RedisCache

from network import cache as network_cache
from network.cache import NetworkRedisCache
from tests.processes import free_port

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


def test_a_cache_nobody_answers_is_a_miss_and_the_log_says_so_once(caplog):
    cache = NetworkRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"KEY_PREFIX": "away"})

    with caplog.at_level(logging.INFO, logger="network.cache"):
        assert cache.get("menu") is None
        assert cache.get("menu", "the default") == "the default"
        assert cache.get_many(["menu", "footer"]) == {}
        assert cache.has_key("menu") is False
        cache.set("menu", "kept?", 30)
        assert cache.set_many({"menu": 1, "footer": 2}) == ["menu", "footer"]
        assert cache.add("lock", True) is True  # allauth's rate limits go on: they allow
        assert cache.get_or_set("generation", 1, None) == 1
        with pytest.raises(ValueError, match="not found"):
            cache.incr("generation")
        assert cache.touch("menu") is False
        assert cache.delete("menu") is False
        cache.delete_many(["menu", "footer"])
        assert cache.clear() is False

    [warning] = caplog.records
    assert warning.levelname == "WARNING"
    assert "failed (ConnectionError" in warning.getMessage()


def test_a_dead_cache_host_costs_a_short_timeout_not_a_hung_page():
    cache = NetworkRedisCache("redis://127.0.0.1:6379/0", {})
    options = cache._cache._get_connection_pool(False).connection_kwargs

    assert options["socket_connect_timeout"] <= 0.5
    assert options["socket_timeout"] <= 1
    assert options["retry"].get_retries() <= 1


def test_the_cache_serves_again_when_redis_is_back(own_redis, monkeypatch, caplog):
    monkeypatch.setattr(network_cache, "RETRY_AFTER_SECONDS", 0)
    cache = NetworkRedisCache(own_redis.url, {"KEY_PREFIX": "back"})
    cache.set("greeting", "solidarity", 60)

    own_redis.stop()
    try:
        assert cache.get("greeting") is None
        cache.set("greeting", "lost", 60)
    finally:
        own_redis.start()

    with caplog.at_level(logging.INFO, logger="network.cache"):
        cache.set("greeting", "again", 60)
    assert cache.get("greeting") == "again"
    assert "answers again" in caplog.text


def test_a_full_redis_that_refuses_writes_costs_a_page_nothing(own_redis, monkeypatch, caplog):
    monkeypatch.setattr(network_cache, "RETRY_AFTER_SECONDS", 0)
    cache = NetworkRedisCache(own_redis.url, {"KEY_PREFIX": "full"})
    own_redis.client.config_set("maxmemory", 1)
    own_redis.client.config_set("maxmemory-policy", "noeviction")
    try:
        with caplog.at_level(logging.WARNING, logger="network.cache"):
            cache.set("page", "x" * 1000, 60)
            assert cache.get("page") is None
    finally:
        own_redis.client.config_set("maxmemory", 0)
    assert "OutOfMemoryError" in caplog.text
