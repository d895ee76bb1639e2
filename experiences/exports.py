"""The responses as CSV for the working group: streamed, with stable columns.

Contact details (name, address, phone) are not in it: the notice gives them to the
coordination only. Memory stays flat whatever the row count: rows are read by chunks
and written out as they come.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet, TextChoices
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from experiences import answers as reading
from experiences.models import (
    Context,
    OrganisationType,
    Participant,
    ParticipationLevel,
    Question,
    Response,
    ResponseAttachment,
)
from experiences.models.responses import FIXED_ANSWERS
from network.models import Sector

CHUNK = 500  # rows per fetch: the peak memory of an export (18 MiB at 500, 71 MiB at 2,000)

# The labels of coded answers, translated once per export rather than once per cell.
Labels = dict[str, dict[str, str]]
CODED: dict[str, type[TextChoices]] = {
    "state": Response.State,
    "organisation_type": OrganisationType,
    "level": ParticipationLevel,
    "sectors": Sector,
    "participants": Participant,
}


def _labels() -> Labels:
    return {
        field: {value: str(label) for value, label in choices.choices}
        for field, choices in CODED.items()
    }


def _coded(field: str) -> Callable[[Any, Labels], str]:
    return lambda r, labels: labels[field].get(getattr(r, field), "")


def _coded_list(field: str) -> Callable[[Any, Labels], str]:
    return lambda r, labels: " | ".join(
        labels[field][value] for value in getattr(r, field) if value in labels[field]
    )


# (header, value) — the order and the headers are part of the format: add at the end.
COLUMNS: list[tuple[str, Callable[[Any, Labels], Any]]] = [
    ("reference", lambda r, _l: r.reference),
    ("campagne", lambda r, _l: r.campaign.title),
    ("etat", _coded("state")),
    ("commencee_le", lambda r, _l: _iso(r.created_at)),
    ("envoyee_le", lambda r, _l: _iso(r.submitted_at)),
    ("organisation", lambda r, _l: r.organisation),
    ("type_organisation", _coded("organisation_type")),
    ("type_organisation_autre", lambda r, _l: r.organisation_type_other),
    ("role", lambda r, _l: r.role),
    ("titre", lambda r, _l: r.title),
    ("contextes", lambda r, _l: " | ".join(c.name for c in r.contexts.all())),
    ("secteurs", _coded_list("sectors")),
    ("territoire", lambda r, _l: r.territory),
    ("periode", lambda r, _l: r.period),
    ("niveau_participation", _coded("level")),
    ("participants", _coded_list("participants")),
    ("ce_qui_a_ete_fait", lambda r, _l: r.actions),
    ("ce_que_cela_a_change", lambda r, _l: r.changes),
    ("difficultes", lambda r, _l: r.difficulties),
    ("conditions_qui_ont_aide", lambda r, _l: r.success_factors),
    ("liens", lambda r, _l: " ".join(r.links_list())),
    ("pieces_jointes", lambda r, _l: r.attachment_count),
    ("avis_favorables_usagers", lambda r, _l: r.favourable_users),
    ("avis_favorables_professionnels", lambda r, _l: r.favourable_professionals),
    ("remarquable", lambda r, _l: "oui" if r.remarkable else "non"),
    ("version_notice", lambda r, _l: r.notice.version),
]
HEADERS = [header for header, _value in COLUMNS]


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
    questions = questions_for(responses)
    if questions:
        yield from configured_rows(responses, questions)
        return
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(HEADERS)
    queryset = (
        responses.with_favourable_counts()  # type: ignore[attr-defined]
        .with_attachment_count()
        .select_related("campaign", "notice")
        .prefetch_related(Prefetch("contexts", queryset=Context.objects.order_by("position")))
        .order_by("pk")
    )
    labels = _labels()
    for response in queryset.iterator(chunk_size=CHUNK):
        yield writer.writerow([_safe(value(response, labels)) for _header, value in COLUMNS])


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


# The columns before and after the questions, in a configured questionnaire's export.
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
        .defer(*FIXED_ANSWERS)
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
