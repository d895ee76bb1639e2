"""Fixed-window rate limits for public forms and logins, counted in the cache (Redis in
production).

If the cache is down the limit is not enforced rather than the form refused: a public
page must keep answering (the honeypot and validation still apply).
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The visitor's address: behind ``TRUSTED_PROXIES`` proxies, the one the outermost
    of them saw (X-Forwarded-For is read from the right, never trusted beyond them)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _cache_key(scope: str, key: str) -> str:
    """Hashed: the cache never holds an address or an e-mail in clear."""
    return f"ratelimit:{scope}:{hashlib.sha256(f'{scope}:{key}'.encode()).hexdigest()[:32]}"


def record(scope: str, key: str, *, window: int) -> int:
    """Count one hit of ``key`` in ``scope``; return the hits in the current window."""
    cache_key = _cache_key(scope, key)
    try:
        cache.add(cache_key, 0, timeout=window)
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr: this is the window's first hit
        cache.set(cache_key, 1, timeout=window)
        return 1
    except Exception:  # the cache is down: let the request through, say so in the logs
        logger.warning("rate limit %s not enforced: cache unavailable", scope, exc_info=True)
        return 0


def count(scope: str, key: str) -> int:
    """Hits of ``key`` in the current window, without counting one more."""
    try:
        return int(cache.get(_cache_key(scope, key)) or 0)
    except Exception:
        logger.warning("rate limit %s not enforced: cache unavailable", scope, exc_info=True)
        return 0


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False once ``limit`` hits fall in ``window`` seconds."""
    return record(scope, key, window=window) <= limit
