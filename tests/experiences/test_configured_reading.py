"""A configured questionnaire's answers once sent: the CSV with a column per question, the
working group's reading, the publication's place, the erasure, the admin."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from experiences import exports, services
from experiences.models import Campaign, ErasureLog, PublishedExperience, Response
from network.models import User
from tests.experiences.conftest import member
from tests.experiences.factories import ResponseFactory
from tests.experiences.questionnaires import configured_campaign
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "engage": "oui",
    "comment": "Un comité",
    "lieu": {"commune": "Villeurbanne", "departement": "69", "region": "84"},
    "structure": "autre",
    "structure_other": "Collectif",
    "recit2": "=1+1",
}


@pytest.fixture
def campaign() -> Campaign:
    return configured_campaign(slug="enquete", title="Enquête régionale")


def sent(campaign: Campaign, **answers: Any) -> Response:
    return ResponseFactory(
        campaign=campaign,
        state=Response.State.SUBMITTED,
        answers={**ANSWERS, **answers},
        commune="Villeurbanne",
        departement="69",
        region="84",
        email="awa@example.org",
        phone="0612345678",
    )


def exported(client: Client) -> list[dict[str, str]]:
    answer = client.post(
        "/admin/experiences/response/",
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": ["1"]},
    )
    assert answer.status_code == 200 and answer.streaming
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def test_the_csv_has_one_stable_column_per_question(
    client: Client, coordinator: User, campaign: Campaign
) -> None:
    sent(campaign)
    sent(campaign, engage="non")
    client.force_login(coordinator)
    rows = exported(client)
    assert list(rows[0])[:8] == [h for h, _v in exports.HEAD]
    keys = ["engage", "comment", "lieu", "structure", "recit2", "pieces2", "pieces_jointes"]
    assert list(rows[0])[8:15] == keys
    assert rows[0]["structure"] == "Collectif"
    assert rows[0]["engage"] == "Oui" and rows[0]["departement"] == "69"
    assert rows[0]["recit2"] == "'=1+1"  # not run as a formula
    assert "awa@example.org" not in str(rows) and "0612345678" not in str(rows)


def test_the_working_group_reads_the_shown_answers(client: Client, campaign: Campaign) -> None:
    reader = member(campaign, "usager", "lecteur@example.org")
    response = sent(campaign, engage="non", comment="ancien texte")
    client.force_login(reader)
    page = client.get(f"/experiences/groupe-de-travail/{response.pk}/").content.decode()
    assert "Des usagers sont-ils engagés ?" in page and "Collectif" in page
    assert "ancien texte" not in page  # a hidden branch is not read


def test_publication_carries_the_place_of_the_answer_or_of_the_structure(
    campaign: Campaign,
) -> None:
    response = sent(campaign, title="Un comité d'usagers")
    response.remarkable = True
    response.save()
    response.assessments.create(
        member=member(campaign, "usager", "u@example.org"), perspective="usager", remarkable=True
    )
    response.assessments.create(
        member=member(campaign, "professionnel", "p@example.org"),
        perspective="professionnel",
        remarkable=True,
    )
    coordinator = User.objects.create_superuser(email="admin@example.org", password="x")
    experience = services.prepare_publication(response, by=coordinator)
    assert (experience.title, experience.departement, experience.region) == (
        "Un comité d'usagers",
        "69",
        "84",
    )
    other = PublishedExperience.objects.create(
        campaign=campaign,
        title="Sans commune",
        slug="sans-commune",
        summary="Un résumé.",
        structure=StructureFactory(city="Grenoble", postcode="38000", departement="38"),
    )
    services.publish_experience(other, by=coordinator)
    other.refresh_from_db()
    assert (other.commune, other.departement, other.region) == ("Grenoble", "38", "84")


def test_erasure_takes_the_answers_away(campaign: Campaign) -> None:
    response = sent(campaign)
    services.erase_response(response, reason=ErasureLog.Reason.RESPONDENT)
    assert not Response.objects.exists()
    assert "Collectif" not in str(list(ErasureLog.objects.values()))


def test_a_new_campaign_in_the_admin_starts_as_a_copy_of_the_template(
    client: Client, coordinator: User
) -> None:
    template = services.default_template()
    assert template is not None
    client.force_login(coordinator)
    page = client.get("/admin/experiences/campaign/add/").content.decode()
    assert "copier depuis un questionnaire" in page.lower()
    campaign = configured_campaign(slug="autre")
    campaign.questionnaire = None
    services.give_questionnaire(campaign, source=None)
    assert campaign.questionnaire is not None and campaign.questionnaire != template
    assert campaign.questionnaire.questions.count() == template.questions.count()


def test_the_questionnaire_admin_bounds_its_inlines(client: Client, coordinator: User) -> None:
    from experiences.admin_questionnaires import QuestionInline, SectionInline

    for inline in (QuestionInline, SectionInline):
        assert inline.max_num and inline.absolute_max and inline.validate_max
    client.force_login(coordinator)
    template = services.default_template()
    assert template is not None
    page = client.get(f"/admin/experiences/questionnaire/{template.pk}/change/")
    assert page.status_code == 200


def test_the_demo_experiences_say_they_come_from_the_press_dossier(client: Client) -> None:
    import html
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    experience = PublishedExperience.objects.published().first()
    assert experience is not None
    page = html.unescape(client.get(experience.get_absolute_url()).content.decode())
    assert (
        "Tirée de « Structures d'exercice coordonné participatives – Dossier de presse, "
        "février 2025 »" in page
    )
    assert "n'a pas été retenue par le groupe de travail" in page
    assert "Retenue dans le cadre" not in page
    listing = html.unescape(client.get("/experiences/publiees/").content.decode())
    assert "Source : Structures d'exercice coordonné participatives" in listing
    campaign = Campaign.objects.get()
    assert campaign.questionnaire is not None and not campaign.questionnaire.is_template
