"""Dates and durations as a reader expects them: « 1er février », « dans 8 semaines »."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from network.wording import format_day, in_one_unit

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)


def test_the_first_day_of_a_month_is_the_premier_in_french() -> None:
    with translation.override("fr"):
        assert format_day(datetime.date(2025, 2, 1), "j F Y") == "1er février 2025"
        assert format_day(datetime.date(2025, 2, 2), "j F Y") == "2 février 2025"
        assert format_day(datetime.date(2025, 2, 1)) == "1er février 2025"
    with translation.override("en"):
        assert "1er" not in format_day(datetime.date(2025, 2, 1), "j F Y")


def test_the_filter_says_1er_in_templates() -> None:
    template = Template('{% load wording %}{{ value|day:"DATE_FORMAT" }}')
    with translation.override("fr"):
        assert template.render(Context({"value": datetime.date(2025, 3, 1)})) == "1er mars 2025"


@pytest.mark.parametrize(
    ("delta", "french", "english"),
    [
        (datetime.timedelta(days=58), "dans 8 semaines", "in 8 weeks"),
        (datetime.timedelta(days=1), "dans 1 jour", "in 1 day"),
        (datetime.timedelta(days=3, hours=2), "dans 3 jours", "in 3 days"),
        (datetime.timedelta(hours=5), "dans 5 heures", "in 5 hours"),
        (datetime.timedelta(days=200), "dans 7 mois", "in 7 months"),
        (datetime.timedelta(days=-14), "il y a 2 semaines", "2 weeks ago"),
    ],
)
def test_a_duration_is_said_in_one_rounded_unit(
    delta: datetime.timedelta, french: str, english: str
) -> None:
    with translation.override("fr"):
        assert in_one_unit(NOW + delta, NOW) == french
    with translation.override("en"):
        assert in_one_unit(NOW + delta, NOW) == english
