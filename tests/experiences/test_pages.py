"""Public and working-group pages: constant query counts; the demo campaign of the HAS call."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from experiences.models import Campaign, Context, OrganisationType, PublishedExperience
from network.models import User
from network.timezones import PARIS
from tests.experiences.conftest import text
from tests.experiences.factories import (
    CampaignFactory,
    PublishedExperienceFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 3])
def test_public_pages_query_counts_do_not_grow(
    client: Client, campaign: Campaign, django_assert_num_queries: Any, rows: int
) -> None:
    contexts = list(Context.objects.all()[:rows])
    experiences = [
        PublishedExperienceFactory(campaign=campaign, contexts=contexts) for _ in range(rows)
    ]

    with django_assert_num_queries(3):
        client.get("/experiences/")
    with django_assert_num_queries(4):
        client.get("/experiences/publiees/")
    with django_assert_num_queries(5):  # the filter checks the context exists
        client.get(f"/experiences/publiees/?contexte={contexts[0].code}&niveau=collaborer")
    with django_assert_num_queries(2):
        client.get(experiences[0].get_absolute_url())
    with django_assert_num_queries(3):
        client.get(campaign.get_absolute_url())
    with django_assert_num_queries(4):  # with the questions of the campaign's questionnaire
        client.get(f"/experiences/{campaign.slug}/participer/")


@pytest.mark.parametrize("rows", [1, 3])
def test_working_group_and_admin_lists_query_counts_do_not_grow(
    client: Client,
    campaign: Campaign,
    user_member: User,
    coordinator: User,
    django_assert_num_queries: Any,
    rows: int,
) -> None:
    contexts = list(Context.objects.all())
    for _ in range(rows):
        response = ResponseFactory(campaign=campaign, submitted=True, contexts=contexts[:rows])
        response.assessments.create(member=user_member, perspective="usager", remarkable=True)
        PublishedExperienceFactory(campaign=campaign, response=response, contexts=contexts[:rows])

    client.force_login(user_member)
    with django_assert_num_queries(6):  # session, user, permissions (own and groups'), page
        client.get("/experiences/groupe-de-travail/")
    with django_assert_num_queries(10):  # with the messages to the respondent
        client.get(f"/experiences/groupe-de-travail/{response.pk}/")
    client.force_login(coordinator)
    with django_assert_num_queries(9):  # with the départements of the filter
        client.get("/admin/experiences/response/")
    with django_assert_num_queries(9):
        client.get("/admin/experiences/publishedexperience/")
    with django_assert_num_queries(7):
        client.get("/admin/experiences/campaign/")


def test_a_campaign_not_yet_open_says_when_it_opens_not_that_it_is_closed(
    client: Client,
) -> None:
    opens = timezone.now() + datetime.timedelta(days=10)
    campaign = CampaignFactory(opens_at=opens, closes_at=opens + datetime.timedelta(days=60))

    page = text(client.get(campaign.get_absolute_url()))

    assert f"Ce recueil ouvrira le {date_format(opens.astimezone(PARIS), 'DATE_FORMAT')}" in page
    assert "clos" not in page


def test_the_demo_holds_the_has_call_with_the_seeds_lists(client: Client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent

    campaign = Campaign.objects.get()
    assert campaign.title == "Retours d’expériences de démarches participatives en santé"
    closes = campaign.closes_at.astimezone(PARIS)
    assert (closes.month, closes.day, closes.hour, closes.minute) == (5, 31, 23, 59)
    assert campaign.is_open(timezone.now())
    assert campaign.notices.count() == 1
    assert "dpo@has-sante.fr" in campaign.current_notice().rights
    assert Context.objects.count() == 8
    assert OrganisationType.USER_INFORMATION.label == "Structure d'information des usagers"
    page = text(client.get(campaign.get_absolute_url()))
    assert "Faire de l’engagement des usagers une priorité" in page
    assert "Ce groupe de travail comprend à part égale des usagers et des professionnels." in page
    assert "sur les réseaux sociaux" in page.lower()

    published = {e.title: e for e in PublishedExperience.objects.published()}
    assert len(published) == 4
    housing = published["Santé et mal-logement : un collectif d’habitant·e·s"]
    assert housing.structure is not None and housing.structure.city == "Hennebont"
    assert published["Un projet photographique autour du mouvement"].structure.city == "Dunkerque"
    peers = published["Des usager·ère·s devenu·e·s médiateur·rice·s pair·e·s"]
    assert peers.structure.name == "La Case de Santé"
    assert "La documentation française, 2021" in peers.source


def test_the_demo_campaign_closes_on_the_next_31_may() -> None:
    from experiences.demo import next_may_31

    assert next_may_31(datetime.date(2026, 11, 24)) == datetime.date(2027, 5, 31)
    assert next_may_31(datetime.date(2027, 5, 31)) == datetime.date(2027, 5, 31)
    assert next_may_31(datetime.date(2027, 1, 2)) == datetime.date(2027, 5, 31)
