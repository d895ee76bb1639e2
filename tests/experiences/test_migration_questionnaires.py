"""The data migration that moves the fixed HAS answers into configured questionnaires, run
on a database filled with the old schema."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

OLD = [("experiences", "0003_assess_response_permission")]
NEW = [("experiences", "0005_has_questionnaire")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_rows(apps: Any) -> None:
    Campaign = apps.get_model("experiences", "Campaign")
    PrivacyNotice = apps.get_model("experiences", "PrivacyNotice")
    Response = apps.get_model("experiences", "Response")
    Context = apps.get_model("experiences", "Context")
    Attachment = apps.get_model("experiences", "ResponseAttachment")
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Appel HAS",
        slug="appel-has",
        introduction="i",
        objective="o",
        eligibility="e",
        purpose="p",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        contact_email="c@example.org",
        published=True,
    )
    notice = PrivacyNotice.objects.create(
        campaign=campaign,
        version=1,
        controller="c",
        purpose="p",
        legal_basis="l",
        recipients="r",
        retention="r",
        rights="r",
        dpo_contact="d",
    )
    full = Response.objects.create(
        campaign=campaign,
        notice=notice,
        email="awa@example.org",
        name="Awa",
        organisation="Association",
        organisation_type="autre",
        organisation_type_other="Collectif informel",
        role="Présidente",
        title="Un comité d'usagers",
        sectors=["sanitaire", "social"],
        territory="Lyon 8e",
        period="2022-2024",
        level="co-construire",
        participants=["patients", "proches"],
        actions="Des réunions.",
        changes="L'accueil.",
        difficulties="Le temps.",
        success_factors="Une salle.",
        links="https://example.org/a\nhttps://example.org/b",
        state="submitted",
    )
    full.contexts.set(Context.objects.order_by("position")[:2])
    Attachment.objects.create(
        response=full, file="experiences/x", name="cr.pdf", content_type="application/pdf", size=3
    )
    Response.objects.create(campaign=campaign, notice=notice, email="draft@example.org")


# serialized_rollback: the data of the migrations (contexts, groups) is there at the start,
# and the flush after this test does not re-create content types under the next test's feet.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_fixed_answers_move_into_the_questionnaire_without_loss() -> None:
    latest = _latest()
    try:
        _old_rows(_migrate(OLD))
        apps = _migrate(NEW)
        Campaign = apps.get_model("experiences", "Campaign")
        Response = apps.get_model("experiences", "Response")
        Questionnaire = apps.get_model("experiences", "Questionnaire")
        Context = apps.get_model("experiences", "Context")
        campaign = Campaign.objects.get()
        assert campaign.questionnaire is not None
        assert not campaign.questionnaire.is_template
        assert Questionnaire.objects.filter(is_template=True).count() == 1
        keys = set(campaign.questionnaire.questions.values_list("key", flat=True))
        full = Response.objects.get(email="awa@example.org")
        codes = list(Context.objects.order_by("position").values_list("code", flat=True)[:2])
        assert len(codes) == 2
        assert full.answers == {
            "organisation": "Association",
            "organisation_type": "autre",
            "organisation_type_other": "Collectif informel",
            "role": "Présidente",
            "title": "Un comité d'usagers",
            "contexts": codes,
            "sectors": ["sanitaire", "social"],
            "territory": "Lyon 8e",
            "period": "2022-2024",
            "level": "co-construire",
            "participants": ["patients", "proches"],
            "actions": "Des réunions.",
            "changes": "L'accueil.",
            "difficulties": "Le temps.",
            "success_factors": "Une salle.",
            "links": "https://example.org/a\nhttps://example.org/b",
        }
        assert set(full.answers) - {"organisation_type_other"} <= keys
        assert full.attachments.get().question_key == "documents"
        assert full.title == "Un comité d'usagers"  # the old columns are kept
        assert Response.objects.get(email="draft@example.org").answers == {}
    finally:
        _migrate(latest)
