"""A short shared cache of public pages for anonymous visitors, with conditional answers.

An anonymous visitor is a request that carries no cookie but the CSRF and language ones:
no session (so nobody logged in, nothing personal), no message waiting. Such a request for
an HTML page is answered from the cache when another anonymous visitor asked for the same
address in the same language less than ``PUBLIC_PAGE_CACHE_SECONDS`` ago (60 by default)
and nothing changed since; with ``If-None-Match`` or ``If-Modified-Since`` it gets a 304.

A page is stored only when nothing in it can belong to one visitor: status 200, HTML, no
cookie set, no CSRF token used (a page with a POST form carries its visitor's token, so it
is never stored), no message, and no ``private``/``no-store``/``no-cache`` of its own.

An empty form that is the same for every visitor (a questionnaire, a registration) is the
exception: its view renders it with ``render_for_everyone``, a placeholder in place of the
token. That version is stored, and each visitor's copy is filled with their own token: it is
``private`` and has no ETag (a copy kept by a browser holds the token of its cookie).

Every other request is computed as before; one that carries a session cookie gets
``Cache-Control: private`` (its page may show who is logged in: no shared cache keeps it).

Any saved or deleted row of the platform's apps bumps the pages' version (``connect()``),
so a change shows at once; bulk updates, which send no signal, show within the delay.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "pages:version"
REFUSED = ("private", "no-store", "no-cache")
# In place of the CSRF token in a page rendered for everyone: what ``{% csrf_token %}``
# writes when the context gives it this value.
HOLE = "csrf-token-of-the-visitor"
CSRF_FIELD = 'name="csrfmiddlewaretoken" value="'


def _seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60))


def bump_version(**kwargs: Any) -> None:
    """Every stored page is out of date (a signal receiver, or called after bulk changes)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet, or the cache lost it
        cache.set(VERSION_KEY, time.time_ns(), None)


def current_version() -> int:
    """The pages' version; a fresh one when the cache lost it (never an old page back)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY) or 0
    return int(version)


def connect() -> None:
    """Bump the pages' version whenever a row of the platform's apps changes."""
    for config in _project_apps():
        for model in config.get_models(include_auto_created=True):
            uid = f"pages-{model._meta.label}"
            post_save.connect(bump_version, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"{uid}-delete")
            m2m_changed.connect(bump_version, sender=model, dispatch_uid=f"{uid}-m2m")


def _project_apps() -> list[AppConfig]:
    """The project's own apps (pages, territories… included as they are added), not
    Django's nor the libraries'."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and "site-packages" not in Path(config.path).parts
    ]


def _anonymous(request: HttpRequest) -> bool:
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def _key(request: HttpRequest) -> str:
    version = current_version()
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pages:{version}:{get_language()}:{path}"


def render_for_everyone(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """A page whose only personal part is the CSRF token of its forms, rendered with a
    placeholder for the token and filled with this visitor's; the middleware may keep the
    placeholder version (``page_for_everyone``) and fill it for the next visitors."""
    page = render_to_string(template_name, {**context, "csrf_token": HOLE}, request)
    response = HttpResponse(_fill(request, page), status=status)
    response.page_for_everyone = page  # type: ignore[attr-defined]
    return response


def _fill(request: HttpRequest, page: str) -> str:
    return page.replace(HOLE, get_token(request)) if HOLE in page else page


def _holds_no_token(page: str) -> bool:
    """Every CSRF field of the page holds the placeholder (none was rendered with a real
    token by a template of its own)."""
    return page.count(CSRF_FIELD) == page.count(CSRF_FIELD + HOLE + '"')


def _storable(request: HttpRequest, response: HttpResponse, *, for_everyone: bool) -> bool:
    control = response.get("Cache-Control", "")
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and (for_everyone or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        and not getattr(messages, "_queued_messages", None)
        and not any(word in control for word in REFUSED)
    )


def _private(response: HttpResponse) -> HttpResponse:
    """A page filled with one visitor's token: for their browser only."""
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _shared(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, no_cache=True, public=True)
    return response


class AnonymousPageCacheMiddleware:
    """Stores and serves anonymous visitors' public pages (see the module's docstring).

    Placed last in ``MIDDLEWARE``: the middleware around it (security headers, CSP, frame
    options, language) still handle a page that comes from the cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _seconds() <= 0 or not _anonymous(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response
        key = _key(request)
        stored: dict[str, Any] | None = cache.get(key)
        if stored is not None:
            return self._from_cache(request, stored)
        response = self.get_response(request)
        page = getattr(response, "page_for_everyone", None)
        if page is not None:
            if _storable(request, response, for_everyone=True) and _holds_no_token(page):
                stored = {"page": page, "headers": dict(response.items())}
                cache.set(key, stored, _seconds())
            return _private(response)
        if not _storable(request, response, for_everyone=False):
            return response
        modified = int(time.time())
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response.headers.setdefault("ETag", f'"{digest}"')
        response.headers.setdefault("Last-Modified", http_date(modified))
        _shared(response)
        stored = {"content": response.content, "headers": dict(response.items()), "at": modified}
        cache.set(key, stored, _seconds())
        return self._conditional(request, response, modified)

    def _from_cache(self, request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
        page = stored.get("page")
        response = HttpResponse(stored["content"] if page is None else _fill(request, page))
        for name, value in stored["headers"].items():
            response[name] = value
        if page is not None:
            return _private(response)
        return self._conditional(request, response, stored["at"])

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse, at: int) -> HttpResponse:
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=at, response=response
        )
        return conditional or response
