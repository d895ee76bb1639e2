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

from experiences.models import (
    Context,
    OrganisationType,
    Participant,
    ParticipationLevel,
    Response,
)
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


def csv_response(responses: QuerySet[Response]) -> StreamingHttpResponse:
    filename = _("reponses-experiences-%(date)s.csv") % {"date": timezone.localdate().isoformat()}
    return StreamingHttpResponse(
        rows(responses),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
