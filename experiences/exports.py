"""The responses as CSV for the working group: streamed, with stable columns.

Contact details (name, address, phone) are not in it: the notice gives them to the
coordination only. Memory stays flat whatever the row count: rows are read by chunks
and written out as they come.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from experiences import answers as reading
from experiences.models import Question, Response, ResponseAttachment

CHUNK = 500  # rows per fetch: the peak memory of an export (18 MiB at 500, 71 MiB at 2,000)


def _iso(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> Any:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def rows(responses: QuerySet[Response]) -> Iterator[str]:
    """The CSV lines of ``responses``: one column per question of their questionnaires."""
    return configured_rows(responses, questions_for(responses))


def questions_for(responses: QuerySet[Response]) -> list[Question]:
    """The questions of the questionnaires the responses answered, one per key, in order:
    campaigns copied from the same template share their columns."""
    campaigns = responses.order_by().values("campaign_id")
    found: dict[str, Question] = {}
    for question in (
        Question.objects.filter(questionnaire__campaigns__in=campaigns)
        .select_related("condition_question")
        .order_by("questionnaire_id", "section__position", "section_id", "position", "pk")
    ):
        found.setdefault(question.key, question)
    return list(found.values())


# The columns before and after the questions (the order and the headers are part of the
# format: add at the end).
HEAD = [
    ("reference", lambda r: r.reference),
    ("campagne", lambda r: r.campaign.title),
    ("etat", lambda r: r.get_state_display()),
    ("commencee_le", lambda r: _iso(r.created_at)),
    ("envoyee_le", lambda r: _iso(r.submitted_at)),
    ("commune", lambda r: r.commune),
    ("departement", lambda r: r.departement),
    ("region", lambda r: r.region),
]
TAIL = [
    ("pieces_jointes", lambda r: len(r.attachments.all())),
    ("avis_favorables_usagers", lambda r: r.favourable_users),
    ("avis_favorables_professionnels", lambda r: r.favourable_professionals),
    ("remarquable", lambda r: "oui" if r.remarkable else "non"),
    ("version_notice", lambda r: r.notice.version),
]


def configured_rows(responses: QuerySet[Response], questions: list[Question]) -> Iterator[str]:
    """One column per question key (its header), between the fixed ones; the contact
    details are not in it."""
    writer = csv.writer(_Echo(), delimiter=";")
    headers = [h for h, _v in HEAD] + [q.key for q in questions] + [h for h, _v in TAIL]
    yield "\ufeff" + writer.writerow(headers)
    labels = {q.key: dict(reading.choices_of(q)) for q in questions}  # translated once
    attachments = ResponseAttachment.objects.only("response_id", "question_key", "name")
    queryset = (
        responses.with_favourable_counts()  # type: ignore[attr-defined]
        .select_related("campaign", "notice")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("pk")
    )
    for response in queryset.iterator(chunk_size=CHUNK):
        files: dict[str, list[str]] = {}
        for attachment in response.attachments.all():
            files.setdefault(attachment.question_key, []).append(attachment.name)
        answers = response.answers
        cells = [value(response) for _h, value in HEAD]
        cells += [
            reading.display(q, answers, files.get(q.key, ()), labels[q.key]) for q in questions
        ]
        cells += [value(response) for _h, value in TAIL]
        yield writer.writerow([_safe(cell) for cell in cells])


def csv_response(responses: QuerySet[Response]) -> StreamingHttpResponse:
    filename = _("reponses-experiences-%(date)s.csv") % {"date": timezone.localdate().isoformat()}
    return StreamingHttpResponse(
        rows(responses),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
