"""The CSV export of responses: coordinators only, streamed, stable columns, no contacts."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from experiences import exports
from experiences.models import Campaign, Response
from network.models import User
from tests.experiences.factories import ResponseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def export(client: Client) -> Any:
    """The admin action on every response of the list (« select all »)."""
    return client.post(
        "/admin/experiences/response/",
        {
            "action": "export_csv",
            "select_across": "1",
            "index": "0",
            "_selected_action": [Response.objects.values_list("pk", flat=True).first()],
        },
    )


def exported(client: Client) -> list[dict[str, str]]:
    answer = export(client)
    assert answer.status_code == 200
    assert answer.streaming
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def test_coordinators_export_every_response_with_stable_columns_and_no_contacts(
    client: Client, coordinator: User, campaign: Campaign, user_member: User
) -> None:
    sent = ResponseFactory(
        campaign=campaign, submitted=True, email="awa@example.org", phone="0612345678"
    )
    sent.assessments.create(member=user_member, perspective="usager", remarkable=True)
    ResponseFactory(campaign=campaign, title='=HYPERLINK("http://x")')
    client.force_login(coordinator)

    rows = exported(client)

    assert campaign.questionnaire is not None  # a copy of the HAS template
    questions = campaign.questionnaire.questions.order_by("section__position", "position")
    keys = list(questions.values_list("key", flat=True))
    head = [h for h, _v in exports.HEAD]
    assert list(rows[0]) == head + keys + [h for h, _v in exports.TAIL]
    assert head[:4] == ["reference", "campagne", "etat", "commencee_le"]
    assert [row["reference"] for row in rows] == [
        r.reference for r in Response.objects.order_by("pk")
    ]
    first = rows[0]
    assert (first["etat"], first["avis_favorables_usagers"], first["contexts"]) == (
        "Envoyée",
        "1",
        "Communes et quartiers",
    )
    assert first["level"] == "Collaborer"
    assert rows[1]["title"] == '\'=HYPERLINK("http://x")'  # not run as a formula
    flat = str(rows)
    for personal in ("awa@example.org", "0612345678", "Awa Diallo"):
        assert personal not in flat


@pytest.mark.parametrize("persona", ["speaker_a", "reviewer", "working_group_member"])
def test_nobody_but_coordinators_exports(
    client: Client, campaign: Campaign, persona: str, request: pytest.FixtureRequest
) -> None:
    ResponseFactory(campaign=campaign)
    client.force_login(request.getfixturevalue(persona))

    answer = export(client)

    assert answer.status_code == 302  # to the admin login: not staff
    assert "/admin/login/" in answer["Location"]


def test_staff_who_may_read_responses_but_not_export_get_no_csv(
    client: Client, campaign: Campaign
) -> None:
    ResponseFactory(campaign=campaign)
    reader = UserFactory(email="lecteur@example.org", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_response"))
    client.force_login(reader)

    answer = export(client)

    assert not getattr(answer, "streaming", False)
    assert b"reference;campagne" not in answer.content


def test_anonymous_visitors_reach_no_admin_page_of_the_app(
    client: Client, campaign: Campaign
) -> None:
    response = ResponseFactory(campaign=campaign)
    for url in (
        "/admin/experiences/response/",
        f"/admin/experiences/response/{response.pk}/change/",
        "/admin/experiences/publishedexperience/",
        "/admin/experiences/erasurelog/",
        "/admin/experiences/campaign/",
    ):
        answer = client.get(url)
        assert answer.status_code == 302 and "/admin/login/" in answer["Location"], url
