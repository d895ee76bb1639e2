"""Middleware of the platform: the Content-Security-Policy, and the refusal of requests whose
body or query string no form could ever read."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# C0 control characters but tab, line feed and carriage return. PostgreSQL refuses NUL in
# any text (a lookup with it raises DataError); the others are never typed in a filter.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy of the settings: no inline script or style anywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def bad_request_page(request: HttpRequest) -> HttpResponseBadRequest:
    """The site's 400 page (``templates/400.html``), in the language of the request."""
    return HttpResponseBadRequest(render_to_string("400.html", {"request": request}))


def _has_control_characters(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in pairs
    )


class RequestDataMiddleware:
    """Refuses with the 400 page, before any view or query runs:

    - a POST body that cannot be read: urlencoded in another charset than UTF-8, multipart
      without its boundary, too big, too many fields or files. Django raises ``BadRequest``
      when ``request.POST`` is first read, and again when its 400 view (which checks the
      CSRF token) reads it a second time: unhandled here, that became a 500;
    - a query string carrying a control character (NUL among them), and, in the admin, a
      form value carrying NUL. Public forms refuse NUL themselves, field by field, with a
      message on the page and what was typed kept.

    Placed before ``CsrfViewMiddleware``, the first to read ``request.POST``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        if refusal:
            logger.warning("bad request refused (%s): %s", refusal, request.path)
            return bad_request_page(request)
        return self.get_response(request)

    def refusal(self, request: HttpRequest) -> str | None:
        """Why the request is refused, or None."""
        if _has_control_characters(request.GET.lists()):
            return "control character in the query string"
        if request.method != "POST":
            return None
        try:
            post = request.POST
        except (BadRequest, SuspiciousOperation, MultiPartParserError) as error:
            return f"unreadable body: {type(error).__name__}"
        in_admin = request.path.startswith(admin_prefixes())
        if in_admin and any("\x00" in k or "\x00" in "".join(v) for k, v in post.lists()):
            return "NUL in an admin form"
        return None


def admin_prefixes() -> tuple[str, ...]:
    """The admin's paths, in every language of the site."""
    return (*(f"/{code}/admin/" for code, _name in settings.LANGUAGES), "/admin/")
