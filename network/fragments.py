"""Rendered HTML fragments kept in the cache: what Django's form templates produce for a
form that is the same for every visitor (a list's filter fields, an empty questionnaire).

A fragment is keyed by what it was rendered from (a version of the data, the language and
the values it shows) and never holds anything personal: the CSRF token, a visitor's
answers, what they typed and a form's errors stay outside.
``version()`` is the pages' version (``network.pagecache``): any saved or deleted row of
the platform's apps makes every fragment out of date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.forms import BoundField
from django.forms.widgets import ChoiceWidget
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from network import pagecache

FRAGMENT_SECONDS = 3600


def version() -> str:
    return str(pagecache.current_version())


def _key(kind: str, version: str, shape: str) -> str:
    digest = hashlib.sha256(shape.encode()).hexdigest()[:24]
    return f"fragments:{kind}:{version}:{get_language()}:{digest}"


def cached(kind: str, version: str, shape: str, render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML, kept per ``kind``, ``version``, language and ``shape`` (the
    values that change the fragment)."""
    key = _key(kind, version, shape)
    html: str | None = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own templates' output, escaped when rendered


def _widget_shape(bound: BoundField) -> str | None:
    """What a choice widget's HTML depends on besides the version and the language, as a
    cache key; None for a widget rendered every time (a text input costs little; a multiple
    choice with an error could select some of its values).

    A select shows the chosen value when the form took it. When the form refused it as an
    unknown choice, the widget selects no option whatever the value was: every such value
    has the same HTML, so the key never holds what a visitor typed."""
    widget = bound.field.widget
    if not isinstance(widget, ChoiceWidget) or widget.allow_multiple_selected:
        return None
    errors = bound.form.errors.as_data().get(bound.name, [])
    if not errors:
        return "=" + "\x1f".join(widget.format_value(bound.value()))
    if all(error.code == "invalid_choice" for error in errors):
        return "?"
    return None


def filter_fields(filterset: Any, *, kind: str, version: str) -> SafeString:
    """A filter set's rendered fields. Each select (up to a hundred options rendered through
    Django's form templates) comes from the cache, kept per ``kind``, ``version``, language
    and the option it shows (see ``_widget_shape``); labels, text inputs and error messages
    are rendered for each request. Side effects: one cache read, one write for the misses."""
    fields = list(filterset.form)
    keys: dict[str, str] = {}
    for bound in fields:
        shape = _widget_shape(bound)
        if shape is not None:
            keys[bound.name] = _key(kind, version, f"{bound.name}:{bool(bound.errors)}:{shape}")
    found: dict[str, str] = cache.get_many(list(keys.values())) if keys else {}
    missing: dict[str, str] = {}
    widgets = []
    for bound in fields:
        key = keys.get(bound.name)
        html = found.get(key) if key else None
        if html is None:
            html = str(bound.as_widget())
            if key:
                missing[key] = html
        widgets.append((bound, mark_safe(html)))  # noqa: S308 - Django's widget templates' output
    if missing:
        cache.set_many(missing, FRAGMENT_SECONDS)
    return render_to_string("network/_filter_fields.html", {"fields": widgets})
