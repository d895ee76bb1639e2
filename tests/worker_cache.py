"""The Redis cache of one pytest-xdist worker: its own key prefix, and ``clear()`` deletes
only its own keys (Django's clears the whole Redis database, the other workers' keys too)."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache


class WorkerRedisCache(RedisCache):
    def clear(self) -> None:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
