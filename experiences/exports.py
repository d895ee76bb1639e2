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

from experiences.models import Context, Response

CHUNK = 2000

# (header, value) — the order and the headers are part of the format: add at the end.
COLUMNS: list[tuple[str, Any]] = [
    ("reference", lambda r: r.reference),
    ("campagne", lambda r: r.campaign.title),
    ("etat", lambda r: r.get_state_display()),
    ("commencee_le", lambda r: _iso(r.created_at)),
    ("envoyee_le", lambda r: _iso(r.submitted_at)),
    ("organisation", lambda r: r.organisation),
    ("type_organisation", lambda r: r.get_organisation_type_display()),
    ("type_organisation_autre", lambda r: r.organisation_type_other),
    ("role", lambda r: r.role),
    ("titre", lambda r: r.title),
    ("contextes", lambda r: " | ".join(c.name for c in r.contexts.all())),
    ("secteurs", lambda r: " | ".join(r.sector_labels())),
    ("territoire", lambda r: r.territory),
    ("periode", lambda r: r.period),
    ("niveau_participation", lambda r: r.get_level_display()),
    ("participants", lambda r: " | ".join(r.participant_labels())),
    ("ce_qui_a_ete_fait", lambda r: r.actions),
    ("ce_que_cela_a_change", lambda r: r.changes),
    ("difficultes", lambda r: r.difficulties),
    ("conditions_qui_ont_aide", lambda r: r.success_factors),
    ("liens", lambda r: " ".join(r.links_list())),
    ("pieces_jointes", lambda r: r.attachment_count),
    ("avis_favorables_usagers", lambda r: r.favourable_users),
    ("avis_favorables_professionnels", lambda r: r.favourable_professionals),
    ("remarquable", lambda r: "oui" if r.remarkable else "non"),
    ("version_notice", lambda r: r.notice.version),
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
    for response in queryset.iterator(chunk_size=CHUNK):
        yield writer.writerow([_safe(value(response)) for _header, value in COLUMNS])


def csv_response(responses: QuerySet[Response]) -> StreamingHttpResponse:
    filename = _("reponses-experiences-%(date)s.csv") % {"date": timezone.localdate().isoformat()}
    return StreamingHttpResponse(
        rows(responses),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
