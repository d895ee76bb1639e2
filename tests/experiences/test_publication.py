"""Publication by coordinators: a summary without personal data, public pages and filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from experiences import services
from experiences.models import Context, PublishedExperience, Response
from network.models import Perspective, User
from tests.experiences.conftest import member, text
from tests.experiences.factories import PublishedExperienceFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remarkable(db: None) -> Response:
    response = ResponseFactory(
        submitted=True,
        title="Un comité d'usagers",
        name="Awa Diallo",
        email="awa.diallo@example.org",
        phone="06 12 34 56 78",
        territory="Hennebont",
        remarkable=True,
        contexts=[Context.objects.get(code="communes-quartiers")],
    )
    for perspective, email in [
        (Perspective.LIVED_EXPERIENCE, "usagere.gt@example.org"),
        (Perspective.PROFESSIONAL, "soignant.gt@example.org"),
    ]:
        assessor = member(response.campaign, perspective, email)
        response.assessments.create(member=assessor, perspective=perspective, remarkable=True)
    return response


def test_a_coordinator_prepares_then_publishes_through_the_admin(
    client: Client, coordinator: User, remarkable: Response
) -> None:
    client.force_login(coordinator)
    client.post(
        "/admin/experiences/response/",
        {"action": "prepare_publication", "_selected_action": [remarkable.pk]},
    )
    experience = PublishedExperience.objects.get()
    assert not experience.published
    assert (experience.title, experience.territory) == ("Un comité d'usagers", "Hennebont")
    assert [c.code for c in experience.contexts.all()] == ["communes-quartiers"]
    assert client.get(experience.get_absolute_url()).status_code == 404

    refused = client.post(
        "/admin/experiences/publishedexperience/",
        {"action": "publish", "_selected_action": [experience.pk]},
        follow=True,
    )
    assert "Écrivez le résumé public" in text(refused)
    PublishedExperience.objects.filter(pk=experience.pk).update(
        summary="Des habitants et des soignants se réunissent chaque mois."
    )
    client.post(
        "/admin/experiences/publishedexperience/",
        {"action": "publish", "_selected_action": [experience.pk]},
    )

    assert PublishedExperience.objects.get().published
    client.logout()
    page = text(client.get(experience.get_absolute_url()))
    assert "Des habitants et des soignants se réunissent chaque mois." in page


@pytest.mark.parametrize(
    "summary",
    [
        "Porté par Awa Diallo et son association.",
        "Contact : AWA.DIALLO@example.org",
        "Appelez le 06.12.34.56.78",
    ],
)
def test_a_summary_with_the_respondents_personal_data_is_refused(
    coordinator: User, remarkable: Response, summary: str
) -> None:
    experience = services.prepare_publication(remarkable, by=coordinator)
    experience.summary = summary

    with pytest.raises(ValidationError, match="données personnelles"):
        services.publish_experience(experience, by=coordinator)


def test_a_response_whose_favourable_assessment_was_withdrawn_is_not_published(
    coordinator: User, remarkable: Response
) -> None:
    experience = services.prepare_publication(remarkable, by=coordinator)
    experience.summary = "Des habitants et des soignants se réunissent chaque mois."
    professional = remarkable.assessments.get(perspective=Perspective.PROFESSIONAL).member
    services.record_assessment(remarkable, by=professional, remarkable=False, comment="À revoir")

    with pytest.raises(ValidationError, match="n'a pas été retenue"):
        services.publish_experience(experience, by=coordinator)
    assert not PublishedExperience.objects.get(pk=experience.pk).published
    assert not Response.objects.get(pk=remarkable.pk).remarkable


def test_the_admin_refuses_personal_data_in_a_summary_and_has_no_blank_page(
    client: Client, coordinator: User, remarkable: Response
) -> None:
    experience = services.prepare_publication(remarkable, by=coordinator)
    experience.summary = "Des habitants et des soignants se réunissent chaque mois."
    experience.save()
    services.publish_experience(experience, by=coordinator)
    client.force_login(coordinator)
    url = f"/admin/experiences/publishedexperience/{experience.pk}/change/"
    data = {
        field: value
        for field, value in client.get(url).context["adminform"].form.initial.items()
        if value is not None and field not in {"contexts", "response"}
    }
    data.update(summary="Porté par Awa Diallo et son association.", contexts=[])

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert "Le texte public contient des données personnelles de la personne (nom)" in text(refused)
    assert PublishedExperience.objects.get(pk=experience.pk).summary == experience.summary
    assert client.get("/admin/experiences/publishedexperience/add/").status_code == 403


def test_only_remarkable_responses_are_prepared(coordinator: User) -> None:
    ordinary = ResponseFactory(submitted=True)

    with pytest.raises(ValidationError, match="n'a pas été retenue"):
        services.prepare_publication(ordinary, by=coordinator)


def test_published_experiences_are_found_by_context_organisation_and_level(
    client: Client,
) -> None:
    quartier = Context.objects.get(code="communes-quartiers")
    soins = Context.objects.get(code="lieu-de-soins")
    PublishedExperienceFactory(
        title="Collectif santé et mal-logement",
        contexts=[quartier, soins],
        organisation_type="professionnelle",
        level="co-construire",
    )
    PublishedExperienceFactory(
        title="Projet photographique", contexts=[soins], organisation_type="usagers", level="avis"
    )
    PublishedExperienceFactory(title="Pas encore en ligne", contexts=[soins], published=False)

    def titles(query: str) -> list[str]:
        page = client.get(f"/experiences/publiees/{query}")
        assert page.status_code == 200
        return sorted(e.title for e in page.context["experiences"])

    assert titles("") == ["Collectif santé et mal-logement", "Projet photographique"]
    assert titles("?contexte=communes-quartiers") == ["Collectif santé et mal-logement"]
    assert titles("?contexte=lieu-de-soins") == [
        "Collectif santé et mal-logement",
        "Projet photographique",
    ]
    assert titles("?organisation=usagers") == ["Projet photographique"]
    assert titles("?niveau=co-construire&contexte=lieu-de-soins") == [
        "Collectif santé et mal-logement"
    ]


def test_an_unknown_filter_value_gets_a_message_not_an_error(client: Client) -> None:
    answer = client.get("/experiences/publiees/?contexte=inconnu&niveau=<script>")

    assert answer.status_code == 200
    page = text(answer)
    assert "Sélectionnez un choix valide." in page
    assert "<script>" not in answer.content.decode()


def test_the_experiences_page_shows_the_open_campaign_and_published_experiences(
    client: Client, campaign: Any
) -> None:
    PublishedExperienceFactory(title="Projet photographique", campaign=campaign)

    page = text(client.get("/experiences/"))

    assert campaign.title in page
    assert f"/experiences/{campaign.slug}/participer/" in page
    assert "Projet photographique" in page
