"""The fragments kept in the cache (network/fragments.py): the empty questionnaire's fields
and the published experiences' filters are rendered once, follow every change of what they
show, and never carry anything of one visitor (token, answers, errors) to another."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from experiences.models import Campaign, Context, Question
from tests.experiences.conftest import text
from tests.experiences.factories import PublishedExperienceFactory
from tests.experiences.questionnaires import configured_campaign

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found
    return found[1]


def test_the_empty_questionnaire_is_the_same_for_all_but_the_token_stays_each_visitors() -> None:
    campaign = configured_campaign()
    url = f"/experiences/{campaign.slug}/participer/"
    first, second = Client(), Client()

    page_one = text(first.get(url))
    page_two = text(second.get(url))
    question = Question.objects.filter(questionnaire=campaign.questionnaire).first()
    assert question is not None
    question.label_fr = "Une question reformulée"
    question.save()
    renamed = text(Client().get(url))

    assert _token(page_one) != _token(page_two)
    assert page_one.replace(_token(page_one), "") == page_two.replace(_token(page_two), "")
    assert "Une question reformulée" in renamed and "Partie 1" in renamed


def test_posted_answers_and_their_errors_are_never_shown_to_the_next_visitor(
    campaign: Campaign,
) -> None:
    url = f"/experiences/{campaign.slug}/participer/"
    Client().get(url)  # the empty form is in the cache now

    posted = text(
        Client().post(url, {"name": "Awa Diallo", "email": "pas-une-adresse", "action": "save"})
    )
    next_visitor = text(Client().get(url))

    assert 'value="Awa Diallo"' in posted and 'aria-invalid="true"' in posted
    assert "Awa Diallo" not in next_visitor and 'aria-invalid="true"' not in next_visitor


def test_the_published_filters_come_from_the_cache_and_follow_the_contexts(
    client: Client, campaign: Campaign, django_assert_num_queries: Any
) -> None:
    context = Context.objects.order_by("pk").first()
    assert context is not None
    PublishedExperienceFactory(campaign=campaign, contexts=[context])
    client.get("/experiences/publiees/")

    with django_assert_num_queries(3):  # the contexts' options come with the cached fields
        cached = text(client.get("/experiences/publiees/"))
    chosen = text(client.get(f"/experiences/publiees/?contexte={context.code}&niveau=collaborer"))
    context.name = "Un contexte renommé"
    context.save()
    renamed = text(client.get("/experiences/publiees/"))

    assert f'<option value="{context.code}">' in cached
    assert f'<option value="{context.code}" selected>' in chosen
    assert '<option value="collaborer" selected>' in chosen
    assert "Un contexte renommé" in renamed
