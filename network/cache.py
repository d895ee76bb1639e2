"""The cache as an optimisation only: when it is unreachable (Redis down), a read misses and
a write is dropped, with a warning in the logs, and the page is computed as if nothing had
been cached. A public page never fails because of the cache.

(Rate limits have their own fail-open rule: ``network.ratelimit``.)
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key: str, default: Any = None) -> Any:
    """The cached value, or ``default`` when it is missing or the cache is down."""
    try:
        return cache.get(key, default)
    except Exception:
        logger.warning("cache unavailable, %s read as a miss", key, exc_info=True)
        return default


def cache_set(key: str, value: Any, timeout: int) -> None:
    """Store ``value``; when the cache is down, nothing is stored."""
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache unavailable, %s not stored", key, exc_info=True)
