"""The layers of the territorial view: a figure per département, and what it means.

A layer is a function returning a :class:`LayerData`. Adding one is a function and a line
in :data:`FIXED_LAYERS`; each published survey is a layer of its own, ``enquete-<slug>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from experiences.models import PublishedExperience
from structures.geography import DEPARTEMENTS, REGIONS
from structures.models import Structure
from territories.maps import MapPoint
from territories.models import Survey, SurveyRow

Number = int | float | Decimal
SURVEY_PREFIX = "enquete-"


@dataclass(frozen=True)
class Row:
    """A line of the table beside the map."""

    code: str
    name: str
    region: str
    value: Number
    extra: Sequence[str] = ()
    link: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class LayerData:
    key: str
    title: str
    legend: str
    value_heading: str
    values: dict[str, Number]
    rows: list[Row]
    value_label: Callable[[Number | None], str]
    extra_headings: Sequence[str] = ()
    note: str = ""
    survey: Survey | None = None
    findings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Layer:
    key: str
    label: str | Promise
    build: Callable[[], LayerData]


def directory_link(code: str, count: int | None = None) -> tuple[str, str]:
    url = reverse("structure-list") + "?" + urlencode({"departement": code})
    if count is None:
        return url, _("Structures du département")
    text = ngettext("Voir la structure", "Voir les %(count)d structures", count) % {"count": count}
    return url, text


def _row(code: str, value: Number, extra: Sequence[str] = (), count: int | None = None) -> Row:
    name, region = DEPARTEMENTS.get(code, (code, ""))
    link, text = directory_link(code, count)
    return Row(code, name, REGIONS.get(region, ""), value, extra, link, text)


def structures_layer() -> LayerData:
    """Published structures per département (one query)."""
    counts = dict(
        Structure.objects.published()
        .exclude(departement="")
        .values_list("departement")
        .annotate(count=Count("pk"))
        .order_by()
    )

    def say(value: Number | None) -> str:
        count = int(value or 0)
        return ngettext("%(count)d structure", "%(count)d structures", count) % {"count": count}

    return LayerData(
        key="structures",
        title=_("Structures du réseau par département"),
        legend=_("Structures publiées dans l'annuaire"),
        value_heading=_("Structures"),
        values={code: counts.get(code, 0) for code in DEPARTEMENTS},
        rows=[_row(code, count, count=count) for code, count in sorted(counts.items())],
        value_label=say,
        note=_("Les départements absents du tableau n'ont aucune structure publiée."),
    )


def experiences_layer() -> LayerData:
    """Published experiences per département, from their commune or their structure (one
    query); each row links to the published experiences of that département."""
    counts = dict(
        PublishedExperience.objects.published()
        .exclude(departement="")
        .values_list("departement")
        .annotate(count=Count("pk"))
        .order_by()
    )
    experiences_url = reverse("published-experiences")

    def say(value: Number | None) -> str:
        count = int(value or 0)
        return ngettext("%(count)d expérience publiée", "%(count)d expériences publiées", count) % {
            "count": count
        }

    def row(code: str, count: int) -> Row:
        name, region = DEPARTEMENTS.get(code, (code, ""))
        text = ngettext("Voir l'expérience", "Voir les %(count)d expériences", count) % {
            "count": count
        }
        link = experiences_url + "?" + urlencode({"departement": code})
        return Row(code, name, REGIONS.get(region, ""), count, (), link, text)

    return LayerData(
        key="experiences",
        title=_("Expériences publiées par département"),
        legend=_("Expériences publiées"),
        value_heading=_("Expériences"),
        values={code: counts.get(code, 0) for code in DEPARTEMENTS},
        rows=[row(code, count) for code, count in sorted(counts.items())],
        value_label=say,
        note=_("Les départements absents du tableau n'ont aucune expérience publiée."),
    )


def survey_layer(survey: Survey) -> LayerData:
    """A survey's respondents per département (one query); its other figures in the table."""
    rows = list(SurveyRow.objects.filter(survey=survey).order_by("departement"))

    def say(value: Number | None) -> str:
        if value is None:
            return _("hors de l'enquête")
        count = int(value)
        return ngettext("%(count)d répondant", "%(count)d répondants", count) % {"count": count}

    return LayerData(
        key=SURVEY_PREFIX + survey.slug,
        title=f"{survey.title} ({survey.year})",
        legend=_("Répondants à l'enquête"),
        value_heading=_("Répondants"),
        values={row.departement: row.respondents for row in rows},
        rows=[
            _row(
                row.departement,
                row.respondents,
                [
                    "" if row.share is None else f"{number_format(row.share, 2)} %",
                    "" if row.projects is None else number_format(row.projects),
                ],
            )
            for row in rows
        ],
        value_label=say,
        extra_headings=[_("Part des répondants"), _("Projets en cours ou à venir")],
        note=_("Les départements hors du tableau n'étaient pas dans l'enquête."),
        survey=survey,
        findings=survey.findings_list,
    )


# Layers that are always there; surveys are added by available_layers().
FIXED_LAYERS = [
    Layer("structures", gettext_lazy("Structures du réseau"), structures_layer),
    Layer("experiences", gettext_lazy("Expériences publiées"), experiences_layer),
]


def available_layers() -> list[Layer]:
    """Every layer one may choose (one query, for the published surveys)."""
    layers = [Layer(layer.key, str(layer.label), layer.build) for layer in FIXED_LAYERS]
    for survey in Survey.objects.published():
        layers.append(
            Layer(
                SURVEY_PREFIX + survey.slug,
                _("Enquête : %(title)s (%(year)d)") % {"title": survey.title, "year": survey.year},
                lambda survey=survey: survey_layer(survey),  # type: ignore[misc]
            )
        )
    return layers


def structure_points(*, departements: Sequence[str] = ()) -> list[MapPoint]:
    """The published structures as points for a map (one query): for the press dossier."""
    queryset = Structure.objects.published()
    if departements:
        queryset = queryset.filter(departement__in=departements)
    return [
        MapPoint(f"{name} ({city})", departement, longitude, latitude)
        for name, city, departement, longitude, latitude in queryset.values_list(
            "name", "city", "departement", "longitude", "latitude"
        )
    ]
