"""The cache as an optimisation only: when Redis is unreachable, a read misses, a write is
dropped and a counter starts again, each with a warning in the logs. Pages are computed as
if nothing had been cached, and rate limits (ours and allauth's) let requests through
rather than refuse them: a public page or a login never fails because of the cache.

``FailOpenRedisCache`` is the ``default`` cache in production (settings.CACHES).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _fail_open(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except RedisError:
            logger.warning("cache unavailable: %s degraded", name, exc_info=True)
            return fallback(*args, **kwargs)

    return wrapper


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _delta(key: Any, delta: int = 1, *args: Any, **kwargs: Any) -> int:
    return delta  # as if the counter had just started


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, one ``redis.Redis`` per connection pool instead of one per
    operation: each new one copies some 200 response callbacks (about 0.1 ms), and a page
    makes several cache operations. A ``redis.Redis`` is thread-safe: its pool hands each
    command a connection of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # The pools and the client class are Django's own (private: not in django-stubs).
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, whose every operation degrades instead of raising."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _fail_open("get", _default)
    # As if added: callers use add() as a lock (allauth's rate limits) and go ahead on True.
    add = _fail_open("add", lambda *a, **k: True)
    set = _fail_open("set", lambda *a, **k: None)
    touch = _fail_open("touch", lambda *a, **k: False)
    delete = _fail_open("delete", lambda *a, **k: False)
    has_key = _fail_open("has_key", lambda *a, **k: False)
    incr = _fail_open("incr", _delta)
    get_many = _fail_open("get_many", lambda *a, **k: {})
    set_many = _fail_open("set_many", lambda keys, *a, **k: list(keys))
    delete_many = _fail_open("delete_many", lambda *a, **k: None)
    clear = _fail_open("clear", lambda *a, **k: None)


def answers(alias: str = "default") -> bool:
    """Whether the cache's server answers: the fail-open cache never says so on its own (its
    writes are dropped in silence). A cache in the process (development) always answers."""
    cache = caches[alias]
    if not isinstance(cache, RedisCache):
        return True
    try:
        # Django's client of the cache (private: not in django-stubs), its own timeouts.
        return bool(cache._cache.get_client(write=True).ping())  # type: ignore[attr-defined]
    except RedisError:
        return False


class Recent:
    """The last values this process computed, at most ``size`` of them and ``max_bytes`` in
    all (their ``len``), the least recently used dropped first: bounded memory whatever the
    addresses asked for, and no network round trip. Keys must name what makes a value
    current (a version of the data, a language), so a value is never served stale."""

    def __init__(self, size: int, *, max_bytes: int = 16 * 1024 * 1024) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # gunicorn's threads share the process

    def get(self, key: str) -> Any:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: str, value: Any) -> None:
        if len(value) > self.max_bytes:
            return  # not kept: it alone would push out everything else
        with self._lock:
            replaced = self._values.pop(key, None)
            self._bytes -= 0 if replaced is None else len(replaced)
            self._values[key] = value
            self._bytes += len(value)
            while len(self._values) > self.size or self._bytes > self.max_bytes:
                _key, dropped = self._values.popitem(last=False)
                self._bytes -= len(dropped)
