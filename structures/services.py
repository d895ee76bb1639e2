"""Writes with business meaning for structures and the press dossier."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode
from urllib.request import urlopen

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from structures import dossier as dossier_pdf
from structures.geography import locate_city
from structures.models import PressDossier, Structure

logger = logging.getLogger(__name__)


def place_structure(structure: Structure) -> bool:
    """Give a structure the coordinates of its city, unless a coordinator placed it by hand.

    Returns whether the structure stands where its address says (False when its city was
    not found: an earlier pin, if any, is left for a coordinator to move).
    Side effects: latitude, longitude and coordinates_source saved.
    """
    if structure.coordinates_source == Structure.CoordinatesSource.MANUAL and structure.placed:
        return True
    if settings.GEOCODER_URL and structure.address:
        found = geocode_address(structure)
        if found is not None:
            structure.latitude, structure.longitude = found
            structure.coordinates_source = Structure.CoordinatesSource.GEOCODER
            structure.save(
                update_fields=["latitude", "longitude", "coordinates_source", "updated_at"]
            )
            return True
    place = locate_city(structure.city, structure.departement)
    if place is None:
        return False
    structure.latitude, structure.longitude = place.latitude, place.longitude
    structure.coordinates_source = Structure.CoordinatesSource.GAZETTEER
    structure.save(update_fields=["latitude", "longitude", "coordinates_source", "updated_at"])
    return True


def geocode_address(structure: Structure) -> tuple[float, float] | None:
    """Ask the national address base (``GEOCODER_URL``) for the full address; None on any
    failure, so the offline gazetteer takes over. Never called unless the setting is set."""
    query = urlencode(
        {"q": f"{structure.address} {structure.postcode} {structure.city}", "limit": "1"}
    )
    try:
        # GEOCODER_URL is checked to be http(s) by the settings.
        with urlopen(f"{settings.GEOCODER_URL}?{query}", timeout=5) as response:  # noqa: S310
            features = json.load(response).get("features") or []
    except (OSError, ValueError) as error:
        logger.warning("geocoder failed for %s: %s", structure.pk, error)
        return None
    if not features or features[0].get("properties", {}).get("score", 0) < 0.5:
        return None
    longitude, latitude = features[0]["geometry"]["coordinates"]
    return float(latitude), float(longitude)


def move_pin(structure: Structure, *, latitude: float, longitude: float) -> None:
    """A coordinator places the structure by hand; the gazetteer will not move it back.

    Side effects: coordinates saved; the map's GeoJSON changes its ETag.
    """
    structure.latitude, structure.longitude = latitude, longitude
    structure.coordinates_source = Structure.CoordinatesSource.MANUAL
    structure.save(update_fields=["latitude", "longitude", "coordinates_source", "updated_at"])


def request_dossier_rendering(dossier: PressDossier, *, force: bool = False) -> bool:
    """Queue a rendering of the dossier unless its PDF is up to date or one is under way.

    Returns whether a rendering was queued. Raises ``ValidationError`` for an edition that
    a later one replaced: its PDF stays as it was published.
    Side effects: status "queued"; after commit, one ``render_dossier`` task.
    """
    if PressDossier.objects.filter(edition__gt=dossier.edition).exists():
        raise ValidationError(
            _(
                "L'édition de %(edition)s a été remplacée par une plus récente : son PDF reste "
                "tel qu'il a été publié."
            )
            % {"edition": date_format(dossier.edition, "F Y")}
        )
    if not force and dossier.file and dossier.fingerprint == current_fingerprint(dossier):
        return False
    waiting = PressDossier.objects.filter(pk=dossier.pk)
    if not force:  # a forced rendering also takes over one under way
        waiting = waiting.exclude(status=PressDossier.Status.QUEUED).exclude(
            PressDossier.rendering_now()
        )
    queued = waiting.update(status=PressDossier.Status.QUEUED, progress=0, error="")
    if not queued:
        return False
    dossier_id = dossier.pk
    transaction.on_commit(lambda: _queue_rendering(dossier_id))
    return True


def _queue_rendering(dossier_id: int) -> None:
    """Hand the rendering to a worker. If the broker is unreachable (Redis down), the
    dossier is marked failed with a message the coordinator can act on, rather than left
    "queued" for a task that was never sent."""
    from structures.tasks import render_dossier

    try:
        render_dossier.delay(dossier_id)
    except KombuOperationalError:
        logger.warning("dossier %s not queued: broker unavailable", dossier_id, exc_info=True)
        PressDossier.objects.filter(pk=dossier_id, status=PressDossier.Status.QUEUED).update(
            status=PressDossier.Status.FAILED,
            error=_(
                "La file des tâches est indisponible : relancez la fabrication dans quelques "
                "minutes."
            ),
        )


def current_fingerprint(dossier: PressDossier) -> str:
    return dossier_pdf.fingerprint(dossier_pdf.collect(dossier))


def render_dossier(dossier_id: int) -> PressDossier.Status | None:
    """Render the PDF (the Celery task's work). Returns the final status, or None if the
    dossier was not waiting for a rendering.

    Side effects: progress and status saved as it goes; the PDF file stored under a name
    holding its fingerprint; the previous file removed.
    """
    # Waiting, or left "rendering" by a worker that died (its task comes back, acks_late).
    claimed = (
        PressDossier.objects.filter(pk=dossier_id)
        .filter(status__in=[PressDossier.Status.QUEUED, PressDossier.Status.RENDERING])
        .exclude(PressDossier.rendering_now())
        .update(status=PressDossier.Status.RENDERING, progress=5, rendering_since=timezone.now())
    )
    if not claimed:
        return None
    dossier = PressDossier.objects.get(pk=dossier_id)
    started = time.monotonic()

    def progress(percent: int) -> None:
        PressDossier.objects.filter(pk=dossier_id).update(progress=percent)

    try:
        data = dossier_pdf.collect(dossier)
        progress(10)
        rendered = dossier_pdf.render_pdf(data, progress=progress)
    except Exception as error:
        logger.exception("press dossier %s failed", dossier_id)
        dossier.status = PressDossier.Status.FAILED
        dossier.error = f"{type(error).__name__}: {error}"[:2000]
        dossier.save(update_fields=["status", "error"])
        return PressDossier.Status.FAILED
    old_file = dossier.file.name if dossier.file else ""
    digest = dossier_pdf.fingerprint(data)
    dossier.file.save(
        f"dossier-de-presse-{dossier.edition:%Y-%m}-{digest[:12]}.pdf",
        ContentFile(rendered.pdf),
        save=False,
    )
    dossier.fingerprint = digest
    dossier.page_count = rendered.pages
    dossier.status = PressDossier.Status.DONE
    dossier.progress = 100
    dossier.rendered_at = timezone.now()
    dossier.render_seconds = round(time.monotonic() - started, 3)
    dossier.save(
        update_fields=[
            "file",
            "fingerprint",
            "page_count",
            "status",
            "progress",
            "rendered_at",
            "render_seconds",
        ]
    )
    if old_file and old_file != dossier.file.name:
        dossier.file.storage.delete(old_file)
    return PressDossier.Status.DONE
