"""What the directory page needs, computed for as little as possible per request.

- The filter fields' selects (about 150 options) are rendered by Django's form templates
  once per language, version of the directory and option shown, then kept in the cache;
  a value a filter did not understand selects nothing, so it costs no new rendering.
- The number of matching structures is kept in the cache per version and filters, and the
  items of the pages last shown by this process: a second look at a page costs no query
  for its rows.
- The items are written in Python, not through the template language: labels and URLs come
  from dictionaries built once per page, the missions from one query that returns their
  names.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from html import escape  # Django's escape() less its lazy wrapper: a hundred rows a page
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from network import fragments
from network.cache import Recent
from structures.filters import StructureFilter
from structures.geography import DEPARTEMENTS
from structures.models import Structure
from structures.queries import StructureQuerySet

FRAGMENT_SECONDS = 3600
ROW_FIELDS = (
    "pk",
    "name",
    "slug",
    "city",
    "departement",
    "kind",
    "secpa",
    "secpa_since",
    "relation",
)


def _key(kind: str, version: str, query: str) -> str:
    digest = hashlib.sha256(query.encode()).hexdigest()[:24]
    return f"structures:{kind}:{version}:{get_language()}:{digest}"


def filter_fields(filterset: StructureFilter, *, version: str) -> SafeString:
    """The rendered filter fields, their selects from the cache (``fragments.filter_fields``)."""
    return fragments.filter_fields(filterset, kind="structures-filters", version=version)


class KnownCount:
    """A queryset for the paginator whose count comes from the cache when it can."""

    def __init__(self, queryset: StructureQuerySet, key: str) -> None:
        self.queryset = queryset
        self.key = key

    def count(self) -> int:
        counted: int | None = cache.get(self.key)
        if counted is None:
            counted = self.queryset.count()
            cache.set(self.key, counted, FRAGMENT_SECONDS)
        return counted

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        return self.queryset[index]


def with_known_count(queryset: StructureQuerySet, *, version: str) -> KnownCount:
    """``queryset`` for the paginator, its count kept per version of the directory."""
    return KnownCount(queryset, _key("count", version, str(queryset.query)))


ROW = (
    '<li class="structure" data-slug="{slug}">\n'
    '<h3><a href="{url}">{name}</a></h3>\n'
    "<p>{place} · {kind}</p>{tags}{missions}\n"
    "</li>"
)


def rows(structures: Any, *, version: str) -> SafeString:
    """One page's structures (a sliced queryset) as the list's items, kept by this process
    per version of the directory, language and page.

    Side effects, when they are not kept: two queries (the page's rows, their missions)."""
    try:
        key = _key("rows", version, str(structures.query))
    except EmptyResultSet:  # the empty page of an empty list
        return SafeString()
    items: str | None = _pages.get(key)
    if items is None:
        items = _items(structures)
        _pages.put(key, items)
    return mark_safe(items)  # noqa: S308 - written by _items, every text escaped


# The pages of the list this process wrote last (about 30 KiB each): kept here rather than
# in Redis, whose memory any number of distinct searches would otherwise fill.
_pages = Recent(64)


def _items(structures: StructureQuerySet) -> str:
    """The list's items, with their missions' names. A hundred rows through the template
    language cost about as much as the rest of the page: they are written here, every text
    escaped, the labels translated once."""
    page = list(structures.values(*ROW_FIELDS))
    missions: defaultdict[int, list[str]] = defaultdict(list)
    through = Structure.missions.through.objects.filter(structure_id__in=[r["pk"] for r in page])
    ordered = through.order_by("mission__position", "mission__name")
    for structure_id, name in ordered.values_list("structure_id", "mission__name"):
        missions[structure_id].append(name)
    kinds = {kind: escape(str(label)) for kind, label in Structure.Kind.choices}
    url = reverse("structure-detail", kwargs={"slug": "__slug__"})
    since = _("depuis %(year)s")
    secpa = escape(_("Expérimentation SECPa"))
    supporter = f'\n<p class="tag">{escape(str(Structure.Relation.SUPPORTER.label))}</p>'
    missions_label = escape(_("Missions :"))
    items = []
    for row in page:
        place = escape(row["city"])
        if row["departement"]:
            name = DEPARTEMENTS.get(row["departement"], ("", ""))[0]
            place += f" ({escape(name)})"
        tags = ""
        if row["secpa"]:
            year = " " + escape(since % {"year": row["secpa_since"]}) if row["secpa_since"] else ""
            tags = f'\n<p class="tag">{secpa}{year}</p>'
        if row["relation"] == Structure.Relation.SUPPORTER:
            tags += supporter
        names = missions[row["pk"]]
        listed = (
            f'\n<p class="missions"><span class="label">{missions_label}</span> '
            f"{escape(', '.join(names))}</p>"
            if names
            else ""
        )
        items.append(
            ROW.format(
                slug=escape(row["slug"]),
                url=escape(url.replace("__slug__", row["slug"])),
                name=escape(row["name"]),
                place=place,
                kind=kinds.get(row["kind"], escape(row["kind"])),
                tags=tags,
                missions=listed,
            )
        )
    return "\n".join(items)


def unplaced(*, version: str) -> list[dict[str, str]]:
    """The published structures with no pin, each with why, kept per version of the
    directory (one query when the cache does not have them)."""
    key = _key("unplaced", version, "")
    found: list[dict[str, str]] | None = cache.get(key)
    if found is None:
        url = reverse("structure-detail", kwargs={"slug": "__slug__"})
        found = [
            {"name": name, "city": city, "url": url.replace("__slug__", slug)}
            for name, city, slug in Structure.objects.published()
            .filter(models.Q(latitude__isnull=True) | models.Q(longitude__isnull=True))
            .order_by("name")
            .values_list("name", "city", "slug")
        ]
        cache.set(key, found, FRAGMENT_SECONDS)
    return found
