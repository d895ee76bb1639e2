"""A campaign whose questionnaire coordinators defined: rendering, drafts, conditions,
commune, files, sending, the respondent's data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from experiences import services
from experiences.models import Campaign, Questionnaire, Response
from tests.experiences.conftest import link_in_mail
from tests.experiences.factories import CampaignFactory, small_pdf
from tests.experiences.questionnaires import configured_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign() -> Campaign:
    return configured_campaign(slug="enquete", title="Enquête régionale")


def answers(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Awa Diallo",
        "email": "awa@example.org",
        "engage": "oui",
        "comment": "Un comité d'usagers",
        "lieu": "Villeurbanne 69100",
        "structure": "autre",
        "structure_other": "Centre de santé communautaire",
        "recit2": "Une histoire courte.",
        **overrides,
    }


def test_the_page_shows_the_sections_and_the_condition_hint(
    client: Client, campaign: Campaign
) -> None:
    page = client.get("/experiences/enquete/participer/").content.decode()
    assert "Partie 1" in page and "Partie 3" in page
    assert "Des usagers sont-ils engagés ?" in page
    assert "Si vous avez répondu « Oui » à « Des usagers sont-ils engagés ? » :" in page
    assert 'data-condition="engage"' in page
    assert "Aucune donnée de santé n&#x27;est demandée" in page or "Aucune donnée de santé" in page


def test_the_english_page_shows_the_english_labels(client: Client, campaign: Campaign) -> None:
    page = client.get("/en/experiences/enquete/participer/").content.decode()
    assert "Are users involved?" in page and "Part 2" in page
    assert "Des usagers sont-ils engagés ?" not in page.split("<form")[1].split("If you")[0]


def test_a_complete_answer_is_sent_with_its_commune(client: Client, campaign: Campaign) -> None:
    posted = client.post("/experiences/enquete/participer/", {**answers(), "action": "submit"})
    assert posted.status_code == 302
    response = Response.objects.get()
    assert response.state == Response.State.SUBMITTED
    assert response.answers["comment"] == "Un comité d'usagers"
    assert response.answers["structure"] == "autre"
    assert response.answers["structure_other"] == "Centre de santé communautaire"
    assert response.answers["lieu"]["departement"] == "69"
    assert (response.commune, response.departement, response.region) == (
        "Villeurbanne",
        "69",
        "84",
    )


def test_a_hidden_branch_is_neither_required_nor_kept(client: Client, campaign: Campaign) -> None:
    data = answers(engage="non", comment="x" * 400)  # too long, but not asked
    client.post("/experiences/enquete/participer/", {**data, "action": "submit"})
    response = Response.objects.get()
    assert response.state == Response.State.SUBMITTED
    assert "comment" not in response.answers


def test_a_shown_required_question_is_needed_to_send(client: Client, campaign: Campaign) -> None:
    client.post("/experiences/enquete/participer/", {**answers(comment=""), "action": "submit"})
    response = Response.objects.get()
    assert response.state == Response.State.DRAFT
    page = client.get(link_in_mail("awa@example.org")).content.decode()
    assert "Un comité" not in page
    sent = client.post(link_in_mail("awa@example.org"), {**answers(comment=""), "action": "submit"})
    assert "Ce champ est nécessaire pour envoyer votre expérience." in sent.content.decode()


def test_an_unknown_commune_is_refused_in_french(client: Client, campaign: Campaign) -> None:
    page = client.post(
        "/experiences/enquete/participer/", {**answers(lieu="Nullepart 99999"), "action": "save"}
    )
    assert page.status_code == 400
    assert "Commune introuvable" in page.content.decode()
    assert not Response.objects.exists()


def test_text_limits_are_checked_in_french(client: Client, campaign: Campaign) -> None:
    page = client.post(
        "/experiences/enquete/participer/", {**answers(recit2="x" * 51), "action": "save"}
    )
    assert page.status_code == 400
    assert "au plus 50 caractères" in page.content.decode()


def test_a_draft_comes_back_through_its_link(client: Client, campaign: Campaign) -> None:
    client.post("/experiences/enquete/participer/", {**answers(), "action": "save"})
    page = client.get(link_in_mail("awa@example.org")).content.decode()
    assert "Un comité d&#x27;usagers" in page
    assert 'value="Villeurbanne 69100"' in page


def test_a_file_question_takes_checked_uploads(client: Client, campaign: Campaign) -> None:
    pdf = SimpleUploadedFile("compte-rendu.pdf", small_pdf(), content_type="application/pdf")
    client.post("/experiences/enquete/participer/", {**answers(), "pieces2": pdf, "action": "save"})
    attachment = Response.objects.get().attachments.get()
    assert attachment.question_key == "pieces2"
    fake = SimpleUploadedFile("faux.pdf", b"<html>", content_type="application/pdf")
    page = client.post(link_in_mail("awa@example.org"), {**answers(), "pieces2": fake})
    assert page.status_code == 400


def test_the_data_download_has_every_answer(client: Client, campaign: Campaign) -> None:
    client.post("/experiences/enquete/participer/", {**answers(), "action": "submit"})
    link = link_in_mail("awa@example.org")
    data = json.loads(client.get(link + "donnees.json").content)
    assert data["reponses"]["structure"]["reponse"] == "Centre de santé communautaire"
    assert data["reponses"]["engage"]["reponse"] == "Oui"
    assert data["departement"] == "69"


@pytest.mark.parametrize("sections", [1, 3])
def test_the_page_costs_the_same_queries_whatever_its_size(
    client: Client, django_assert_num_queries: Any, sections: int
) -> None:
    configured_campaign(sections, slug="taille")
    client.get("/experiences/taille/participer/")  # warm the caches of the site
    with django_assert_num_queries(QUERIES):
        assert client.get("/experiences/taille/participer/").status_code == 200


QUERIES = 4


def test_the_has_template_exists_and_copies_whole() -> None:
    template = services.default_template()
    assert template is not None and template.is_template
    copy = services.copy_questionnaire(template, name="Nouvelle campagne")
    keys = list(copy.questions.values_list("key", flat=True))
    assert keys == list(template.questions.values_list("key", flat=True))
    assert "contexts" in keys and "documents" in keys
    assert Questionnaire.objects.count() == 2


def test_a_copy_keeps_its_conditions_on_its_own_questions(campaign: Campaign) -> None:
    assert campaign.questionnaire is not None
    copy = services.copy_questionnaire(campaign.questionnaire, name="Copie")
    comment = copy.questions.get(key="comment")
    assert comment.condition_question is not None
    assert comment.condition_question.questionnaire_id == copy.pk


def test_a_campaign_on_the_has_template_keeps_its_contexts_as_codes(client: Client) -> None:
    campaign = CampaignFactory(slug="has")
    services.give_questionnaire(campaign, source=None)
    client.post(
        "/experiences/has/participer/",
        {"name": "A", "email": "a@example.org", "contexts": ["lieu-de-soins"], "action": "save"},
    )
    assert Response.objects.get().answers["contexts"] == ["lieu-de-soins"]


def _every_kind() -> Campaign:
    from experiences.models import Question, Questionnaire

    questionnaire = Questionnaire.objects.create(name="Tous les types")
    section = questionnaire.sections.create(title_fr="Tout")
    kinds: list[tuple[str, str, dict[str, Any]]] = [
        ("nombre", "nombre", {"min_value": 0, "max_value": 500}),
        ("debut", "date", {}),
        ("note", "echelle", {"min_value": 1, "max_value": 4}),
        (
            "publics",
            "choix-multiple",
            {"choices": "jeunes | Jeunes\nseniors | Seniors", "allow_other": True},
        ),
        ("long", "texte-long", {"max_length": 20}),
    ]
    for position, (key, kind, extra) in enumerate(kinds):
        Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            key=key,
            kind=kind,
            label_fr=key.capitalize(),
            position=position,
            required=True,
            **extra,
        )
    return CampaignFactory(slug="types", questionnaire=questionnaire)


def test_every_kind_of_question_is_checked_in_french(client: Client) -> None:
    _every_kind()
    base = {"name": "A", "email": "a@example.org", "action": "submit"}
    page = client.post(
        "/experiences/types/participer/",
        {**base, "nombre": "900", "debut": "31/02/2024", "note": "9", "publics": ["vieux"]},
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "inférieure ou égale à 500" in body
    assert "Saisissez une date valide." in body
    assert "Sélectionnez un choix valide" in body
    assert not Response.objects.exists()


def test_every_kind_of_question_is_kept_as_json(client: Client) -> None:
    _every_kind()
    client.post(
        "/experiences/types/participer/",
        {
            "name": "A",
            "email": "a@example.org",
            "action": "submit",
            "nombre": "12",
            "debut": "2024-02-01",
            "note": "3",
            "publics": ["jeunes", "autre"],
            "publics_other": "Aidants",
            "long": "Court.",
        },
    )
    response = Response.objects.get()
    assert response.state == Response.State.SUBMITTED
    assert response.answers == {
        "nombre": 12,
        "debut": "2024-02-01",
        "note": 3,
        "publics": ["jeunes", "autre"],
        "publics_other": "Aidants",
        "long": "Court.",
    }


def test_the_mails_name_the_approach_of_a_configured_response(client: Client) -> None:
    from network.models import OutgoingMail

    campaign = CampaignFactory(slug="has-mail")
    services.give_questionnaire(campaign, source=None)
    client.post(
        "/experiences/has-mail/participer/",
        {"name": "A", "email": "a@example.org", "title": "Un comité d'usagers", "action": "save"},
    )
    services.mail_links(campaign, email="a@example.org")
    links = OutgoingMail.objects.filter(template="experience_links").get()
    assert "Un comité d'usagers" in links.body_text
