"""Text helpers shared by the apps: search normalisation and safe Markdown."""

from __future__ import annotations

import unicodedata

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "li",
    "ol",
    "p",
    "strong",
    "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def normalise_for_search(text: str) -> str:
    """Lower case, accents removed, so "Mediateur" finds "médiateur"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def render_markdown(text: str) -> SafeString:
    """Markdown written by people, rendered then cleaned by nh3: safe to show as HTML."""
    html = markdown_lib.markdown(text, extensions=["sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # Cleaned by nh3 just above.
    return mark_safe(cleaned)  # noqa: S308
