"""The map's GeoJSON: built once per version of the directory, stored compressed, served
with the encoding the browser accepts.

The version lives in the cache (``structures:version``) and is bumped by signals whenever a
structure, its missions or a mission change (see ``structures.signals``); the ETag derives
from it, so a conditional request is answered without any database query. The unfiltered
collection is rebuilt by a Celery task right after the change, off the request path, and
shared through the cache; a filtered one is built on its first request and kept by the
process that built it (a bounded number of them) until the next change.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from network.cache import Recent
from structures.models import Structure
from structures.queries import StructureQuerySet

try:  # optional: browsers that accept br get a smaller answer
    import brotli  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - brotli is a declared dependency
    brotli = None

VERSION_KEY = "structures:version"
BODY_SECONDS = 24 * 3600  # a version's bodies: until the next change, at most a day
ENCODINGS = ("br", "gzip") if brotli is not None else ("gzip",)


def current_version() -> str:
    """The directory's version: a fresh one when the cache lost it (one rebuild, never stale)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = f"{time.time_ns():x}"
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return str(version)


def bump_version() -> str:
    """A new version: every cached body, ETag and cached count of the directory is outdated."""
    version = f"{time.time_ns():x}"
    cache.set(VERSION_KEY, version, None)
    return version


def etag(request: HttpRequest) -> str:
    """The ETag of this request's collection: the version, the filters, the language."""
    cached: str | None = getattr(request, "_geojson_etag", None)
    if cached is None:
        cached = tag_for(current_version(), request.GET.urlencode(), get_language())
        request._geojson_etag = cached  # type: ignore[attr-defined]
    return cached


def tag_for(version: str, query: str, language: str) -> str:
    digest = hashlib.sha256(f"{query}|{language}".encode()).hexdigest()[:16]
    return f"{version}-{digest}"


def features(structures: StructureQuerySet) -> list[dict[str, Any]]:
    rows = (
        structures.placed()
        .order_by("name")
        .values_list("slug", "name", "city", "kind", "secpa", "longitude", "latitude")
    )
    kinds = {kind: str(label) for kind, label in Structure.Kind.choices}
    url = reverse("structure-detail", kwargs={"slug": "__slug__"})
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "slug": slug,
                "name": name,
                "city": city,
                "kind": kinds[kind],
                "secpa": secpa,
                "url": url.replace("__slug__", slug),
            },
        }
        for slug, name, city, kind, secpa, longitude, latitude in rows
    ]


def encode(
    structures: StructureQuerySet, *, encodings: tuple[str, ...] = ENCODINGS
) -> dict[str, bytes]:
    """The collection as bytes, plain and in ``encodings`` (by default, every one we serve)."""
    body = json.dumps(
        {"type": "FeatureCollection", "features": features(structures)},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    bodies = {"identity": body}
    if "gzip" in encodings:
        bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
    if "br" in encodings and brotli is not None:
        bodies["br"] = brotli.compress(body, quality=5)
    return bodies


def cache_key(tag: str) -> str:
    return f"structures:geojson:{tag}"


def stored_or_built(
    request: HttpRequest, structures: Callable[[], StructureQuerySet], encoding: str
) -> bytes:
    """This request's body in ``encoding``: from this process's memory, else built from
    ``structures()`` and kept there. The unfiltered collection, built by a task after each
    change, is shared through the cache (one key per encoding: a request reads only the
    bytes it sends); a filtered one stays in the process, because any number of distinct
    filters (a free-text search) must not fill Redis's memory. The key holds the version,
    so a change is never served stale; a kept body costs no filter form."""
    prefix = cache_key(etag(request))
    key = f"{prefix}:{encoding}"
    body: bytes | None = _served.get(key)
    if body is None:
        shared = not request.GET
        body = cache.get(key) if shared else None
        if body is None:
            bodies = encode(structures(), encodings=ENCODINGS if shared else (encoding,))
            if shared:
                _store(prefix, bodies)
            body = bodies[encoding]
        _served.put(key, body)
    return body


# The bodies this process served last (at 10,000 structures about 300 KiB compressed, 3 MiB
# plain): the next request for the same version, filters, language and encoding reads no
# cache.
_served = Recent(16, max_bytes=32 * 1024 * 1024)


def _store(key: str, bodies: dict[str, bytes]) -> None:
    cache.set_many({f"{key}:{name}": body for name, body in bodies.items()}, BODY_SECONDS)


def rebuild(*, version: str) -> None:
    """Build and store the unfiltered collection of ``version`` in every language.

    Side effects: one query and one cache write per language."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            bodies = encode(Structure.objects.published())
            _store(cache_key(tag_for(version, "", language)), bodies)


def accepted_encoding(request: HttpRequest) -> str:
    """The best encoding among ours that the request accepts (q=0 refuses one)."""
    accepted: dict[str, float] = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip().lower()] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return "identity"
