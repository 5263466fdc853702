"""Django's Redis cache, keeping one client per connection pool.

Django makes a new ``redis.Redis`` client for every operation, and building one (its
table of response callbacks) costs about 0.15 ms: more than the round trip to Redis,
on every page (the navigation's cached address) and twice per page-cache hit. A client
is safe to share between threads (each command takes a connection from the pool)."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class NetworkRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
