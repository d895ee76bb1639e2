from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from pages import identity


@pytest.fixture(autouse=True)
def _identity_restored() -> Iterator[None]:
    """Tests here change the site identity: the process's copy is put back afterwards (the
    database rolls back, and the other tests' query counts expect a warm copy)."""
    cache.clear()  # rate limits
    saved = identity._copy
    yield
    identity._copy = saved
    cache.delete(identity.GENERATION_KEY)
