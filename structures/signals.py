"""Keeps the directory's cached answers (GeoJSON, counts, filter fields) in step with the
data: any change to a structure, its missions or a mission bumps the directory's version.

The version is bumped at once (this process's next read sees the change) and again when
the transaction commits (a request that read the old rows meanwhile cached them under a
version nobody asks for any more); then the unfiltered GeoJSON is rebuilt by a task, at
most one every ``REBUILD_DELAY`` seconds (until it has run, the first request builds it).
Bulk operations (``update()``, ``bulk_create()``) send no signal: who uses them calls
``structures.geojson.bump_version()``.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from structures import geojson
from structures.models import Mission, Structure

REBUILD_DELAY = 2  # seconds: a burst of changes (an import, the demo) costs one rebuild
PENDING_KEY = "structures:geojson:rebuild-pending"


def _after_commit() -> None:
    from structures.tasks import rebuild_geojson

    geojson.bump_version()
    if cache.add(PENDING_KEY, 1, REBUILD_DELAY):
        rebuild_geojson.apply_async(countdown=REBUILD_DELAY)


def directory_changed(**kwargs: Any) -> None:
    geojson.bump_version()
    transaction.on_commit(_after_commit)


def connect() -> None:
    for model in (Structure, Mission):
        post_save.connect(directory_changed, sender=model, dispatch_uid=f"dir-save-{model}")
        post_delete.connect(directory_changed, sender=model, dispatch_uid=f"dir-del-{model}")
    m2m_changed.connect(
        directory_changed, sender=Structure.missions.through, dispatch_uid="dir-missions"
    )
