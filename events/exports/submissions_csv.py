"""Proposals as CSV for coordinators: fixed columns, then one stable column per question of
the calls exported (named by its number, so a renamed question keeps its column).

A question asked of each speaker keeps its single column too: the cell holds every
speaker's answer, in the proposal's order of speakers, each prefixed by the name under
which the speaker appears on the proposal (« Nom : réponse | Autre nom : réponse »); a
speaker who has not answered yet is left out."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services
from events.models import Answer, Question, Submission

CHUNK = 500


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> Any:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def _answer_cell(answers: list[Answer]) -> str:
    """One proposal's answers to one question: one, or one per speaker (« nom : réponse »)."""
    parts = []
    for answer in answers:
        shown = answer.shown()
        parts.append(f"{answer.speaker.name} : {shown}" if answer.speaker else shown)
    return " | ".join(parts)


def rows(submissions: QuerySet[Submission]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    questions = list(
        Question.objects.filter(call__submissions__in=submissions).distinct().order_by("pk")
    )
    headers = [
        _("numéro"),
        _("appel"),
        _("titre"),
        _("état"),
        _("intervenants"),
        _("envoyée le"),
        *(f"Q{question.pk} {question.label}" for question in questions),
    ]
    yield "\ufeff" + writer.writerow(headers)
    queryset = submissions.select_related("call__event").prefetch_related("speakers").order_by("pk")
    for start in range(0, queryset.count(), CHUNK):
        chunk = list(queryset[start : start + CHUNK])
        answers = services.answers_by_submission(
            Submission.objects.filter(pk__in=[s.pk for s in chunk])
        )
        for submission in chunk:
            by_question: dict[int, list[Answer]] = {}
            for answer in answers.get(submission.pk, []):
                by_question.setdefault(answer.question_id, []).append(answer)
            cells = [
                submission.pk,
                str(submission.call),
                submission.title,
                submission.get_state_display(),
                ", ".join(speaker.name for speaker in submission.speakers.all()),
                submission.submitted_at.isoformat() if submission.submitted_at else "",
                *(_answer_cell(by_question.get(question.pk, [])) for question in questions),
            ]
            yield writer.writerow([_safe(cell) for cell in cells])


def csv_response(submissions: QuerySet[Submission]) -> StreamingHttpResponse:
    filename = _("propositions-%(date)s.csv") % {"date": timezone.localdate().isoformat()}
    return StreamingHttpResponse(
        rows(submissions),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
