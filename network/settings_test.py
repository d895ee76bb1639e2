"""Settings of the test suite: pyproject's pytest section selects this module explicitly.

They are the development settings (``network.settings`` with the test run's environment),
with what a test process needs whatever that environment says: static files served from the
finders, not from a collected manifest. pytest-django swaps in the in-memory mail backend.
"""

from __future__ import annotations

from network.settings import *  # noqa: F403
from network.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
