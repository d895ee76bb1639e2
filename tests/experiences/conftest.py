from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from experiences.models import Campaign, Response
from network.models import OutgoingMail, Perspective, User
from network.permissions import WORKING_GROUP
from tests.experiences.factories import CampaignFactory
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def campaign(db: None) -> Campaign:
    return CampaignFactory(slug="recueil", title="Retours d'expériences")


def link_in_mail(email: str) -> str:
    """The personal link of the latest experience mail to ``email``."""
    mail = OutgoingMail.objects.filter(to=email, template__startswith="experience_").latest("pk")
    match = re.search(r"/experiences/reponse/[^/\s]+/", mail.body_text)
    assert match, mail.body_text
    return match.group(0)


def member(campaign: Campaign, perspective: str, email: str) -> User:
    user = UserFactory(email=email, perspective=perspective)
    user.groups.add(Group.objects.get(name=WORKING_GROUP))
    campaign.working_group.add(user)
    return user


@pytest.fixture
def user_member(campaign: Campaign) -> User:
    return member(campaign, Perspective.LIVED_EXPERIENCE, "usagere.gt@example.org")


@pytest.fixture
def professional_member(campaign: Campaign) -> User:
    return member(campaign, Perspective.PROFESSIONAL, "soignant.gt@example.org")


def form_data(response: Response | None = None, **overrides: Any) -> dict[str, Any]:
    """The questionnaire (the HAS template's copy) as a browser posts it, complete unless
    told otherwise."""
    data: dict[str, Any] = {
        "name": "Awa Diallo",
        "email": "awa.diallo@example.org",
        "phone": "06 12 34 56 78",
        "organisation": "Association des usagers du quartier",
        "organisation_type": "usagers",
        "role": "Présidente",
        "title": "Un comité d'usagers au centre de santé",
        "contexts": ["lieu-de-soins"],
        "sectors": ["sanitaire"],
        "territory": "Hennebont",
        "period": "Depuis 2022",
        "level": "co-construire",
        "participants": ["patients", "professionnels"],
        "actions": "Des réunions mensuelles entre usagers et soignants.",
        "changes": "L'accueil a été réorganisé.",
        "difficulties": "",
        "success_factors": "",
        "links": "https://example.org/comite",
        "action": "submit",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text(answer: Any) -> str:
    """A page's HTML with its entities decoded (« l'appel », not « l&#x27;appel »)."""
    return html.unescape(answer.content.decode())
