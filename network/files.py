"""Uploaded files are what their content says, not what their name or browser claims.

One place for every upload of the platform (call documents, proposal attachments, experience
attachments): :func:`sniff` reads the content's signature, :func:`check_upload` refuses, with a
French message naming the file, what is too large, not of an accepted type, or a PDF that does
not parse as a whole (a file starting with ``%PDF-`` and carrying HTML after it is not a PDF).
"""

from __future__ import annotations

import logging

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
# What a file must start with to be what it says it is, and the names it may carry.
SIGNATURES = {PDF: (b"%PDF-",), PNG: (b"\x89PNG\r\n\x1a\n",), JPEG: (b"\xff\xd8\xff",)}
EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg")}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

logger = logging.getLogger(__name__)


def sniff(upload: UploadedFile, *, accepted: tuple[str, ...] = (PDF, PNG, JPEG)) -> str | None:
    """The accepted type the file's content shows, if its name agrees; None otherwise."""
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").lower()
    for content_type in accepted:
        if any(head.startswith(signature) for signature in SIGNATURES[content_type]):
            return content_type if name.endswith(EXTENSIONS[content_type]) else None
    return None


def is_whole_pdf(upload: UploadedFile) -> bool:
    """True when the whole file parses as a PDF with at least one page."""
    try:
        reader = PdfReader(upload, strict=False)
        return len(reader.pages) > 0
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, OSError):
        return False
    except RecursionError:  # a hostile file nesting objects without end
        logger.warning("upload %s refused: nested too deep to parse", upload.name)
        return False
    finally:
        upload.seek(0)


def check_upload(
    upload: UploadedFile,
    *,
    accepted: tuple[str, ...] = (PDF,),
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> str:
    """Return the upload's content type, or raise a ``ValidationError`` in French that names
    the file: too large, not of an accepted type, or a PDF that does not parse."""
    name = upload.name or _("le fichier")
    if (upload.size or 0) > max_bytes:
        raise forms.ValidationError(
            _("« %(name)s » dépasse %(size)d Mo.") % {"name": name, "size": max_bytes // 2**20}
        )
    content_type = sniff(upload, accepted=accepted)
    if content_type is None:
        kinds = ", ".join(sorted(t.split("/")[1].upper() for t in accepted))
        raise forms.ValidationError(
            _(
                "« %(name)s » n'est pas un document %(kinds)s (son contenu ne correspond pas à "
                "son nom)."
            )
            % {"name": name, "kinds": kinds}
        )
    if content_type == PDF and not is_whole_pdf(upload):
        raise forms.ValidationError(
            _("« %(name)s » n'est pas un PDF lisible : enregistrez-le de nouveau en PDF.")
            % {"name": name}
        )
    return content_type
