"""Migration 0007: the fixed columns of the HAS form leave ``Response`` once their answers
are in ``Response.answers``; run on a database filled with the old schema."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.experiences.factories import HAS_KEYS
from tests.experiences.test_migration_questionnaires import _latest, _migrate, _old_rows

OLD = [("experiences", "0003_assess_response_permission")]
BEFORE = [("experiences", "0006_messages_and_origin")]
AFTER = [("experiences", "0007_drop_fixed_answers")]
# The dropped columns are the HAS questionnaire's questions, whose answers they held.
DROPPED = HAS_KEYS


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, "experiences_response")
    return {column.name for column in described}


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _late_response(apps: object) -> None:
    """A campaign made after 0005 without a questionnaire, answered in the old columns."""
    Campaign = apps.get_model("experiences", "Campaign")  # type: ignore[attr-defined]
    Response = apps.get_model("experiences", "Response")  # type: ignore[attr-defined]
    Context = apps.get_model("experiences", "Context")  # type: ignore[attr-defined]
    first = Campaign.objects.get()
    late = Campaign.objects.create(
        title="Appel tardif",
        slug="appel-tardif",
        introduction="i",
        objective="o",
        eligibility="e",
        purpose="p",
        opens_at=first.opens_at,
        closes_at=first.closes_at,
        contact_email="c@example.org",
    )
    notice = first.notices.get()
    response = Response.objects.create(
        campaign=late,
        notice=notice,
        email="tardive@example.org",
        title="Une démarche tardive",
        level="avis",
        participants=["proches"],
        actions="Un atelier.",
    )
    response.contexts.set(Context.objects.order_by("position")[2:3])
    # An answer given in both places: the questionnaire's wins.
    kept = Response.objects.get(email="awa@example.org")
    kept.answers = {**kept.answers, "title": "Titre corrigé depuis le questionnaire"}
    kept.save(update_fields=["answers"])


# serialized_rollback: see test_migration_questionnaires.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_fixed_columns_go_and_every_answer_stays() -> None:
    latest = _latest()
    try:
        _old_rows(_migrate(OLD))
        _late_response(_migrate(BEFORE))
        assert _columns() >= DROPPED

        apps = _migrate(AFTER)

        assert not DROPPED & _columns()
        assert "experiences_response_contexts" not in _tables()
        Response = apps.get_model("experiences", "Response")
        Campaign = apps.get_model("experiences", "Campaign")
        Context = apps.get_model("experiences", "Context")
        full = Response.objects.get(email="awa@example.org")
        codes = list(Context.objects.order_by("position").values_list("code", flat=True))
        assert full.answers == {
            "organisation": "Association",
            "organisation_type": "autre",
            "organisation_type_other": "Collectif informel",
            "role": "Présidente",
            "title": "Titre corrigé depuis le questionnaire",
            "contexts": codes[:2],
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
        assert full.attachments.get().question_key == "documents"
        late = Response.objects.get(email="tardive@example.org")
        assert late.answers == {
            "title": "Une démarche tardive",
            "level": "avis",
            "participants": ["proches"],
            "actions": "Un atelier.",
            "contexts": codes[2:3],
        }
        campaign = Campaign.objects.get(slug="appel-tardif")
        assert campaign.questionnaire is not None and not campaign.questionnaire.is_template
        asked = set(campaign.questionnaire.questions.values_list("key", flat=True))
        assert set(late.answers) <= asked

        back = _migrate(BEFORE)  # going back puts the answers in the columns again
        late = back.get_model("experiences", "Response").objects.get(email="tardive@example.org")
        assert (late.title, late.level, late.actions) == (
            "Une démarche tardive",
            "avis",
            "Un atelier.",
        )
        assert [c.code for c in late.contexts.all()] == codes[2:3]
    finally:
        _migrate(latest)
