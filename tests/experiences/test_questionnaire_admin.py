"""Coordinators build a questionnaire in the admin and start a campaign as a copy of one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from experiences.models import Campaign, Question, Questionnaire
from network.models import User

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int | str, initial: int = 0) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


SECTIONS = ["Qui répond", "La démarche", "Où"]


def test_a_coordinator_builds_three_sections_a_condition_and_a_commune(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    data: dict[str, Any] = {"name": "Appel à expériences : santé mentale"}
    data |= management("sections", 3)
    for n, title in enumerate(SECTIONS):
        data |= {f"sections-{n}-position": n, f"sections-{n}-title_fr": title}
    data |= management("questions", 0)
    answer = client.post("/admin/experiences/questionnaire/add/", data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    questionnaire = Questionnaire.objects.get(name__startswith="Appel")
    sections = list(questionnaire.sections.order_by("position"))
    assert [s.title_fr for s in sections] == SECTIONS

    def question(n: int, **fields: Any) -> dict[str, Any]:
        base = {"position": n, "required": "on", "label_en": "", "choices": ""}
        return {f"questions-{n}-{k}": v for k, v in {**base, **fields}.items()}

    data = {"name": questionnaire.name}
    data |= management("sections", 3, 3)
    for n, section in enumerate(sections):
        data |= {
            f"sections-{n}-id": section.pk,
            f"sections-{n}-questionnaire": questionnaire.pk,
            f"sections-{n}-position": n,
            f"sections-{n}-title_fr": section.title_fr,
        }
    data |= management("questions", 3)
    data |= question(0, section=sections[0].pk, key="pair", kind="oui-non", label_fr="Pair ?")
    data |= question(1, section=sections[2].pk, key="lieu", kind="commune", label_fr="Commune")
    data |= question(
        2, section=sections[1].pk, key="role", kind="texte-court", label_fr="Votre rôle ?"
    )
    answer = client.post(f"/admin/experiences/questionnaire/{questionnaire.pk}/change/", data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    pair = questionnaire.questions.get(key="pair")
    role = questionnaire.questions.get(key="role")
    role.condition_question = pair
    role.condition_values = "oui"
    role.full_clean()
    role.save()
    assert questionnaire.questions.count() == 3


def test_a_question_cannot_depend_on_a_conditional_one() -> None:
    questionnaire = Questionnaire.objects.create(name="Q")
    section = questionnaire.sections.create(title_fr="S")
    first = Question.objects.create(
        questionnaire=questionnaire, section=section, key="a", kind="oui-non", label_fr="A"
    )
    second = Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        key="b",
        kind="oui-non",
        label_fr="B",
        condition_question=first,
        condition_values="oui",
    )
    third = Question(
        questionnaire=questionnaire,
        section=section,
        key="c",
        kind="choix-unique",
        label_fr="C",
        condition_question=second,
        condition_values="oui",
    )
    with pytest.raises(Exception) as refused:
        third.full_clean()
    assert "Une seule condition à la fois" in str(refused.value)
    assert "au moins un choix" in str(refused.value)


def test_a_new_campaign_in_the_admin_is_a_copy_of_the_chosen_questionnaire(
    client: Client, coordinator: User
) -> None:
    source = Questionnaire.objects.get(is_template=True)
    client.force_login(coordinator)
    closing = datetime.date.today() + datetime.timedelta(days=60)
    data = {
        "title": "Enquête régionale 2026",
        "slug": "enquete-regionale-2026",
        "contact_email": "contact@example.org",
        "introduction": "i",
        "objective": "o",
        "eligibility": "e",
        "purpose": "p",
        "opens_at_0": datetime.date.today().isoformat(),
        "opens_at_1": "00:00",
        "closing_date": closing.isoformat(),
        "reminder_days": "7,1",
        "retention_months": "12",
        "copy_from": source.pk,
        **management("notices", 0),
    }
    answer = client.post("/admin/experiences/campaign/add/", data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    campaign = Campaign.objects.get(slug="enquete-regionale-2026")
    assert campaign.questionnaire is not None and campaign.questionnaire != source
    assert list(campaign.questionnaire.questions.values_list("key", flat=True)) == list(
        source.questions.values_list("key", flat=True)
    )


def test_a_template_is_not_asked_as_it_is(client: Client, coordinator: User) -> None:
    source = Questionnaire.objects.get(is_template=True)
    client.force_login(coordinator)
    answer = client.post(
        "/admin/experiences/campaign/add/", {"questionnaire": source.pk, **management("notices", 0)}
    )
    assert answer.status_code == 200
    assert "Un modèle ne se pose pas tel quel" in answer.content.decode()


@pytest.mark.parametrize("total", ["100000", "abc", "-1"])
def test_the_questionnaire_admin_refuses_inflated_formsets(
    client: Client, coordinator: User, total: str
) -> None:
    source = Questionnaire.objects.get(is_template=True)
    client.force_login(coordinator)
    answer = client.post(
        f"/admin/experiences/questionnaire/{source.pk}/change/",
        {"name": source.name, **management("sections", total), **management("questions", total)},
    )
    assert answer.status_code in {200, 302}
    if answer.status_code == 200:
        for inline in answer.context["inline_admin_formsets"]:
            assert len(inline.formset.forms) <= inline.formset.absolute_max <= 200
