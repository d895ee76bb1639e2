"""Rendered HTML fragments kept in the cache: what Django's form templates produce for a
form that is the same for every visitor (a list's filter fields, an empty questionnaire).

A fragment is keyed by what it was rendered from (a version of the data, the language and
the values it shows) and never holds anything personal: the CSRF token, a visitor's
answers or a form's errors stay outside (a form with errors is rendered every time).
``version()`` is the pages' version (``network.pagecache``): any saved or deleted row of
the platform's apps makes every fragment out of date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from network import pagecache

FRAGMENT_SECONDS = 3600


def version() -> str:
    return str(pagecache.current_version())


def cached(kind: str, version: str, shape: str, render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML, kept per ``kind``, ``version``, language and ``shape`` (the
    values that change the fragment)."""
    digest = hashlib.sha256(shape.encode()).hexdigest()[:24]
    key = f"fragments:{kind}:{version}:{get_language()}:{digest}"
    html: str | None = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own templates' output, escaped when rendered


def _chosen(form: Any) -> str:
    """The filter values that shape the fields, in a stable order."""
    data = form.data
    return "&".join(f"{name}={data.get(name, '')}" for name in form.fields)


def filter_fields(filterset: Any, *, kind: str, version: str) -> SafeString:
    """A filter set's rendered fields, from the cache unless the form has errors."""

    def render() -> str:
        return render_to_string("network/_filter_fields.html", {"filter": filterset})

    if filterset.form.errors:
        return mark_safe(render())  # noqa: S308 - our own template's output
    return cached(kind, version, _chosen(filterset.form), render)
