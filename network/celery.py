"""The Celery application: configured from Django's settings (``CELERY_*``), tasks found per
app. The worker and beat refuse to start on a broker that would evict queued tasks."""

import logging
import os
from typing import Any

import redis
from celery import Celery
from celery.signals import beat_init, celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")

app = Celery("network")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def broker_refusal(url: str) -> str | None:
    """Why a worker must not run on the broker at ``url``, or None. A Redis whose
    ``maxmemory-policy`` evicts keys drops queued tasks when its memory is full; a Redis
    that hides its configuration (some managed services) or cannot be reached yet is let
    through, with a warning for the first and Celery's own retries for the second."""
    if not url.startswith(REDIS_SCHEMES):
        return None
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5) as client:
            policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.ResponseError:
        logger.warning("the broker hides its configuration: its eviction policy is unchecked")
        return None
    except redis.RedisError:
        return None
    if policy in (None, "noeviction"):
        return None
    return (
        f"The broker's Redis evicts keys (maxmemory-policy {policy}): queued tasks would be "
        "lost when its memory is full. Set maxmemory-policy noeviction on it, and give the "
        "cache a Redis of its own (CACHE_URL)."
    )


def broker_answers() -> bool:
    """Whether the broker's Redis answers (tasks run in the process without one)."""
    url = str(app.conf.broker_url or "")
    if not url.startswith(REDIS_SCHEMES):
        return True
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


@celeryd_init.connect
@beat_init.connect
def refuse_an_evicting_broker(**kwargs: Any) -> None:
    refusal = broker_refusal(str(app.conf.broker_url or ""))
    if refusal:
        raise SystemExit(refusal)  # Celery's signals log an Exception and go on: not this
