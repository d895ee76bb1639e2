"""The glossary as data: grouping for the A–Z index, the comparison table, schema.org JSON-LD."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from network.models import EngagementRole, Source
from network.text import normalise_for_search

COMPARE_MAX = 6


def sort_entries(entries: Iterable[EngagementRole]) -> list[EngagementRole]:
    return sorted(entries, key=lambda entry: normalise_for_search(entry.name))


@dataclass(frozen=True)
class Letter:
    letter: str
    entries: list[EngagementRole]


def alphabet(entries: Iterable[EngagementRole]) -> tuple[list[str], list[Letter]]:
    """All letters A–Z (for the index bar) and the groups of entries under each used letter."""
    groups: dict[str, list[EngagementRole]] = {}
    for entry in sort_entries(entries):
        groups.setdefault(entry.initial, []).append(entry)
    return list(string.ascii_uppercase), [Letter(k, v) for k, v in sorted(groups.items())]


def parse_compared_slugs(values: Sequence[str]) -> list[str]:
    """``?roles=a,b&roles=c`` → ["a", "b", "c"]: commas (shared links) and repeated
    parameters (the form without JavaScript) both work; order kept, duplicates dropped."""
    slugs: list[str] = []
    for value in values:
        for slug in value.split(","):
            slug = slug.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


@dataclass(frozen=True)
class Criterion:
    label: Promise
    values: list[str]


COMPARISON_CRITERIA: list[tuple[Promise, str]] = [
    (_("Objectif"), "objective"),
    (_("Vécu relatif à la vie avec la maladie"), "lived_experience"),
    (_("Source de légitimité"), "legitimacy_source"),
    (_("Source de compétences"), "competence_source"),
    (_("Formation ou désignation"), "training"),
]


@dataclass
class Comparison:
    """What the comparison page shows: the entries compared (two or more, or none), the
    published entries to choose from, and what was not understood."""

    compared: list[EngagementRole]
    selected: set[str]
    all_entries: list[EngagementRole]
    errors: list[str]

    @property
    def sources(self) -> list[Source]:
        chosen = [entry.comparison_source or entry.source for entry in self.compared]
        return list({source.pk: source for source in chosen}.values())


def compare(values: Sequence[str]) -> Comparison:
    """The comparison asked for by ``?roles=`` values (one query): at most ``COMPARE_MAX``
    published entries, unknown slugs and too few entries said in French."""
    slugs = parse_compared_slugs(values)
    errors: list[str] = []
    if len(slugs) > COMPARE_MAX:
        errors.append(
            gettext(
                "On peut comparer %(max)d entrées au plus : les suivantes ont été laissées de côté."
            )
            % {"max": COMPARE_MAX}
        )
        slugs = slugs[:COMPARE_MAX]
    all_entries = sort_entries(
        EngagementRole.objects.published().select_related("source", "comparison_source")
    )
    by_slug = {entry.slug: entry for entry in all_entries}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        errors.append(
            ngettext(
                "Aucune entrée du glossaire ne correspond à %(slugs)s.",
                "Aucune entrée du glossaire ne correspond à %(slugs)s.",
                len(unknown),
            )
            % {"slugs": ", ".join(gettext("« %(slug)s »") % {"slug": slug} for slug in unknown)}
        )
    chosen = [by_slug[slug] for slug in slugs if slug in by_slug]
    if slugs and len(chosen) < 2:  # a first visit chooses nothing yet: the legend guides it
        errors.append(gettext("Choisissez au moins deux entrées à comparer."))
    return Comparison(
        compared=chosen if len(chosen) >= 2 else [],
        selected={entry.slug for entry in chosen},
        all_entries=all_entries,
        errors=errors,
    )


def comparison_rows(entries: Sequence[EngagementRole]) -> list[Criterion]:
    """The table of the comparison: a line per criterion (none when nothing is compared)."""
    if not entries:
        return []
    rows = [
        Criterion(label, [getattr(entry, field) for entry in entries])
        for label, field in COMPARISON_CRITERIA
    ]
    rows.append(Criterion(_("Dimension"), [", ".join(entry.dimensions) for entry in entries]))
    rows.append(Criterion(_("Secteurs"), [", ".join(entry.sectors) for entry in entries]))
    return rows


# --- schema.org ----------------------------------------------------------------------------


def _citation(source: Source) -> dict[str, Any]:
    citation: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "datePublished": str(source.year),
    }
    if source.url:
        citation["url"] = source.url
    return citation


def defined_term_set(base_url: str, *, glossary_url: str) -> dict[str, Any]:
    return {
        "@type": "DefinedTermSet",
        "@id": base_url + glossary_url,
        "name": gettext("Glossaire des rôles d'engagement des usagers"),
        "url": base_url + glossary_url,
        "inLanguage": "fr",
    }


def defined_term(
    entry: EngagementRole, base_url: str, *, glossary_url: str, full: bool = False
) -> dict[str, Any]:
    """The entry as a schema.org ``DefinedTerm``; ``full`` adds every criterion of the seed."""
    url = base_url + entry.get_absolute_url()
    term: dict[str, Any] = {
        "@type": "DefinedTerm",
        "@id": url,
        "url": url,
        "name": entry.name,
        "description": entry.summary,
        "inDefinedTermSet": base_url + glossary_url,
        "citation": _citation(entry.source),
    }
    if entry.acronym:
        term["termCode"] = entry.acronym
    if entry.other_names_list:
        term["alternateName"] = entry.other_names_list
    if full:
        term["additionalProperty"] = [
            {"@type": "PropertyValue", "propertyID": key, "name": str(label), "value": value}
            for key, label, value in (
                ("kind", _("Type d'entrée"), entry.get_kind_display()),
                ("definition", _("Définition"), entry.definition),
                ("dimension", _("Dimension"), entry.dimensions),
                ("sectors", _("Secteurs"), entry.sectors),
                ("objective", _("Objectif"), entry.objective),
                (
                    "lived_experience",
                    _("Vécu relatif à la vie avec la maladie"),
                    entry.lived_experience,
                ),
                (
                    "lived_experience_required",
                    _("Vécu de la maladie requis"),
                    entry.lived_experience_required,
                ),
                ("legitimacy_source", _("Source de légitimité"), entry.legitimacy_source),
                ("competence_source", _("Source de compétences"), entry.competence_source),
                ("training_required", _("Formation requise"), entry.training_required),
                ("appointment_required", _("Désignation requise"), entry.appointment_required),
                ("training", _("Formation ou désignation"), entry.training),
            )
            if value not in ("", None, [])
        ]
        if parent := entry.published_parent:
            term["isPartOf"] = base_url + parent.get_absolute_url()
    return term


def jsonld_document(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": list(nodes)}
