"""The site's identity for every page, read from the database at most once per change.

Every page shows the logo and the favicon, so the identity must not cost a query per page.
Each process keeps a copy (a plain, immutable snapshot) with the *generation* it was read
at; the generation lives in the shared cache (Redis) and changes whenever the identity is
saved, so every process reads the row again on its next page. If the cache has lost the
generation (emptied, restarted, unreachable), the copy is kept: the identity did not change
for that. A process reads the row only when it starts or after a save.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:identity:generation"


@dataclass(frozen=True)
class Identity:
    site_name: str = ""
    logo_url: str = ""
    logo_alt: str = ""
    favicon_url: str = ""
    favicon_type: str = ""
    social_image_url: str = ""
    share_image_url: str = ""  # absolute: the social image, else the logo
    contact_email: str = ""
    press_contact_name: str = ""
    press_contact_email: str = ""
    press_contact_phone: str = ""


@dataclass(frozen=True)
class _Copy:
    generation: str
    identity: Identity


_lock = threading.Lock()
_copy: _Copy | None = None


def _generation() -> str | None:
    try:
        value = cache.get(GENERATION_KEY)
    except Exception:  # the cache is down: keep what we have
        logger.warning("site identity: cache unavailable", exc_info=True)
        return None
    return str(value) if value else None


def _read() -> Identity:
    from pages.models import SiteIdentity

    row = SiteIdentity.objects.filter(pk=1).first()
    if row is None:
        return Identity()
    favicon = row.favicon.name if row.favicon else ""
    share = row.social_image or row.logo
    return Identity(
        site_name=row.site_name,
        logo_url=row.logo.url if row.logo else "",
        logo_alt=row.logo_alt,
        favicon_url=row.favicon.url if row.favicon else "",
        favicon_type="image/jpeg" if favicon.lower().endswith((".jpg", ".jpeg")) else "image/png",
        social_image_url=row.social_image.url if row.social_image else "",
        share_image_url=absolute(share.url) if share else "",
        contact_email=row.contact_email,
        press_contact_name=row.press_contact_name,
        press_contact_email=row.press_contact_email,
        press_contact_phone=row.press_contact_phone,
    )


def current() -> Identity:
    """The site's identity: no query once this process has read it, until the next save."""
    global _copy
    generation = _generation()
    copy = _copy
    if copy is not None and (generation is None or generation == copy.generation):
        return copy.identity
    with _lock:
        identity = _read()
        if generation is None:
            generation = uuid.uuid4().hex
            try:
                cache.add(GENERATION_KEY, generation, timeout=None)
                generation = _generation() or generation  # another process may have won
            except Exception:
                logger.warning("site identity: cache unavailable", exc_info=True)
        _copy = _Copy(generation, identity)
    return identity


def forget() -> None:
    """The identity changed: every process reads it again on its next page."""
    global _copy
    _copy = None
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning(
            "site identity: cache unavailable, other processes keep theirs", exc_info=True
        )


def absolute(url: str) -> str:
    """An address of this site as seen from outside (social networks need full URLs)."""
    return url if url.startswith(("https://", "http://")) else settings.SITE_URL + url


def site_identity(request: HttpRequest) -> dict[str, object]:
    """Context processor: ``site`` (the identity) and ``site_url`` (the public address)."""
    return {"site": current(), "site_url": settings.SITE_URL}
