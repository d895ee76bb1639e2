from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from network.text import render_markdown

register = template.Library()

# The escapes of Django's json_script: nothing in the data can close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")


@register.simple_tag
def jsonld(data: dict[str, Any]) -> SafeString:
    """A schema.org data block; not executed, so the Content-Security-Policy allows it."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    # <, > and & are escaped as \u003c… by _JSON_ESCAPES: the payload cannot close the tag.
    return format_html('<script type="application/ld+json">{}</script>', SafeString(payload))
