"""PDFs of attendance, by WeasyPrint (called from Celery tasks, never in a request): the
sign-in sheet of a session and a registrant's attendance certificate."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def sort_key(name: str) -> str:
    """Names sorted as a French reader expects: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf() or b""


def certificate_pdf(data: dict[str, Any]) -> bytes:
    return _pdf("events/pdf/certificate.html", data)


def sign_in_sheet_pdf(data: dict[str, Any]) -> bytes:
    return _pdf("events/pdf/sign_in_sheet.html", data)
