"""The bench of a 40-question questionnaire stays runnable (on a few responses)."""

from __future__ import annotations

import pytest

from bench import questionnaires

pytestmark = pytest.mark.django_db


def test_the_questionnaire_bench_measures_the_page_the_save_and_the_export() -> None:
    rows = questionnaires.run(responses=300)
    labels = [label for label, _value, _note in rows]
    assert labels == [
        "questionnaire of 40 questions, page",
        "questionnaire of 40 questions, save a draft",
        "CSV export, 300 responses × 40 questions",
    ]
    assert rows[0][2].startswith(("4 queries", "5 queries", "6 queries"))
    assert "MiB streamed" in rows[2][2]
