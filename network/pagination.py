"""One way to page a public list: ``?page=`` read leniently (a wrong number gives the
nearest page, never an error) and the template ``includes/pagination.html``."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int) -> Page[Any]:
    """The page of ``items`` that ``request`` asks for (the first one by default)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
