"""Demo content from the talk « Le partenariat en santé : des coopérations au service des
usagers »: the training « RU et patients partenaires : agir ensemble » and the fiche-mission
« Représentation des usagers »."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_training_page_gives_its_objectives_and_programme(client: Client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    page = client.get("/informations/formation-ru-et-patients-partenaires/").content.decode()
    assert "RU et patients partenaires : agir ensemble" in page
    assert "Objectifs pédagogiques</h2>" in page
    assert "Comprendre la plus-value des approches participatives et représentatives" in page
    assert "Programme provisoire" in page
    assert "Les postures partenariales et ses cas pratiques" in page
    assert "Jan-Marc Charrel et Clara Rousseau" in page


def test_the_representation_fiche_mission_is_on_the_user_representative_entry(
    client: Client,
) -> None:
    call_command("load_demo", stdout=io.StringIO())
    page = client.get("/glossaire/representant-des-usagers/").content.decode()
    assert "Représentation des usagers" in page
    assert "au développement de la culture de partenariat dans les instances de santé" in page
