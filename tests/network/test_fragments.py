"""The filter fields of the directory and of the published experiences (network.fragments):
their selects come from the cache, yet the page shows exactly what Django's form templates
render for the same query, whatever a visitor typed; and nothing typed is kept for others."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.forms import BoundField
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from experiences.filters import PublishedExperienceFilter
from experiences.models import Context as ExperienceContext
from experiences.models import PublishedExperience
from network import fragments
from structures.filters import StructureFilter
from structures.models import Structure
from tests.factories import MissionFactory

pytestmark = pytest.mark.django_db

# What every filter page rendered before the selects were cached: Django's templates only.
DJANGO_RENDERING = Template(
    '<div class="filter-fields">{% for field in filter.form %}<div class="field">'
    '<label for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}'
    '{% for error in field.errors %}<p class="errorlist" id="{{ field.auto_id }}_error">'
    "{{ error }}</p>{% endfor %}</div>{% endfor %}</div>"
)

HOSTILE = "<script>alert(1)</script>"
STRUCTURE_QUERIES = [
    "",
    "type=msp",
    "type=msp&region=84&departement=69&secpa=oui&lien=membre",
    "type=zz",
    f"type={HOSTILE}&region=99&q={HOSTILE}",
    "mission=soins",
    "mission=inconnue",
    "mission=soins&departement=2A&secpa=peut-etre",
]
EXPERIENCE_QUERIES = ["", "niveau=collaborer", "niveau=zz&organisation=information", "contexte=zz"]


def _same_markup(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


def _both(filterset_class: type, queryset: Any, query: str, kind: str) -> tuple[str, str]:
    def filterset() -> Any:
        return filterset_class(QueryDict(query), queryset=queryset)

    django = DJANGO_RENDERING.render(Context({"filter": filterset()}))
    ours = fragments.filter_fields(filterset(), kind=kind, version="test")
    return _same_markup(django), _same_markup(ours)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_directory_filters_are_what_django_renders_for_any_query_cold_or_cached(
    language: str,
) -> None:
    MissionFactory(slug="soins", name="Soins")
    with translation.override(language):
        for _round in ("cold", "cached"):
            for query in STRUCTURE_QUERIES:
                django, ours = _both(
                    StructureFilter, Structure.objects.all(), query, "test-structures"
                )
                assert ours == django, (language, query)


def test_the_experience_filters_are_what_django_renders_for_any_query_cold_or_cached() -> None:
    ExperienceContext.objects.get_or_create(code="lieu-de-soins", defaults={"name": "Soins"})
    for _round in ("cold", "cached"):
        for query in [*EXPERIENCE_QUERIES, "contexte=lieu-de-soins"]:
            django, ours = _both(
                PublishedExperienceFilter,
                PublishedExperience.objects.all(),
                query,
                "test-experiences",
            )
            assert ours == django, query


def test_values_a_filter_did_not_understand_share_one_rendering_and_are_never_kept() -> None:
    rendered = mock.patch.object(BoundField, "as_widget", autospec=True, side_effect=_as_widget)

    def run(query: str) -> tuple[str, int]:
        with rendered as as_widget:
            html = fragments.filter_fields(
                StructureFilter(QueryDict(query), queryset=Structure.objects.all()),
                kind="test-unknown",
                version="test",
            )
            return html, as_widget.call_count

    run("type=zz-premier")
    second, renderings = run("type=zz-second&region=zz-autre")
    clean, _ = run("")

    assert renderings == 2  # the search box and the region's select seen first with an error
    assert "zz-second" in second  # the message says which value was not understood…
    assert "zz-premier" not in second and "zz-second" not in clean  # …to that visitor only


_django_as_widget = BoundField.as_widget


def _as_widget(bound: BoundField, *args: Any, **kwargs: Any) -> Any:
    return _django_as_widget(bound, *args, **kwargs)
