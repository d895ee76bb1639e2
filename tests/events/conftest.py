from __future__ import annotations

import uuid
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings: Any) -> None:
    """Rate limits counted in a cache of the test's own: tests running in parallel on the
    same Redis never clear or fill each other's counters."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
    }
