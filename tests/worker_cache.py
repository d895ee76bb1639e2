"""The cache of one pytest-xdist worker: the platform's Redis cache under a key prefix of the
worker's own, whose ``clear()`` deletes only that worker's keys (Django's empties the whole
Redis database, the other workers' rate-limit counters with it)."""

from __future__ import annotations

from redis.exceptions import RedisError

from network.cache import FailOpenRedisCache


class WorkerRedisCache(FailOpenRedisCache):
    def clear(self) -> None:
        try:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except RedisError:  # as the platform's cache does: a cache down is no error
            pass
