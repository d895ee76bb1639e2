"""Coordinators invite reviewers and working-group members by email; the signed link joins
the account of the invited address to the group."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail as django_mail
from django.test import Client

from events.services import invitations
from network.models import User
from network.permissions import COORDINATORS, REVIEWERS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def test_a_coordinator_invites_a_reviewer_who_joins_with_the_invited_address(
    client: Client, coordinator: User, django_capture_on_commit_callbacks: Capture
) -> None:
    client.force_login(coordinator)
    assert client.get("/relecture/inviter/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/relecture/inviter/",
            {"emails": "Nouvelle@example.org\nnouvelle@example.org", "group": REVIEWERS},
        )
    assert response.status_code == 302
    (message,) = django_mail.outbox  # once per address
    link = re.search(r"/invitation/[^/\s]+/", message.body)
    assert link is not None

    client.logout()
    page = client.get(link.group()).content.decode()
    assert "Créer un compte" in page
    stranger = UserFactory(email="autre@example.org")
    client.force_login(stranger)
    assert client.post(link.group()).status_code == 400
    assert not stranger.groups.exists()
    invited = UserFactory(email="nouvelle@example.org")
    client.force_login(invited)
    assert client.post(link.group()).status_code == 302
    assert invited.groups.filter(name=REVIEWERS).exists()


def test_coordinators_cannot_grant_the_coordinators_group(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    response = client.post(
        "/relecture/inviter/", {"emails": "x@example.org", "group": COORDINATORS}
    )
    assert (
        response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    )
    assert COORDINATORS in invitations.invitable_groups(UserFactory(is_superuser=True))


def test_bad_addresses_and_forged_links_are_refused(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    response = client.post("/relecture/inviter/", {"emails": "pas-une-adresse", "group": REVIEWERS})
    assert "n&#x27;est pas une adresse e-mail" in response.content.decode()
    assert client.get("/invitation/faux/").status_code == 400


def test_only_coordinators_send_invitations(
    client: Client, speaker_a: User, reviewer: User
) -> None:
    for user in (speaker_a, reviewer):
        client.force_login(user)
        assert client.get("/relecture/inviter/")["Location"].startswith("/admin/login/")
