"""The contact form: to the coordination through the outbox, rate-limited, with a honeypot;
the visitor sees the same confirmation whatever became of a valid message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from network.models import OutgoingMail, User
from pages.models import SiteIdentity
from pages.services import MESSAGES_PER_HOUR_PER_ADDRESS, MESSAGES_PER_HOUR_PER_CONNECTION

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def message(**changes: str) -> dict[str, str]:
    return {
        "name": "Alex Martin",
        "email": "alex@example.org",
        "subject": "Une question",
        "message": "Bonjour, comment rejoindre le groupe de travail ?",
        "website": "",
        **changes,
    }


@pytest.fixture
def coordination_address() -> str:
    identity = SiteIdentity.load()
    identity.contact_email = "coordination-contact@example.org"
    identity.save()
    return identity.contact_email


def test_a_message_reaches_the_coordination_through_the_outbox(
    client: Client, coordination_address: str, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", message())

    assert response.status_code == 302
    assert response["Location"] == "/contact/envoye/"
    (mail,) = OutgoingMail.objects.all()
    assert mail.template == "contact"
    assert mail.to == coordination_address
    assert mail.subject == "Message du site : Une question"
    assert "alex@example.org" in mail.body_text
    assert "comment rejoindre le groupe de travail" in mail.body_text
    assert "Merci pour votre message" in client.get(response["Location"]).content.decode()


def test_without_an_address_set_the_coordinators_receive_it(
    client: Client, coordinator: User
) -> None:
    client.post("/contact/", message())

    assert list(OutgoingMail.objects.values_list("to", flat=True)) == [coordinator.email]


def test_a_robot_filling_the_honeypot_sees_the_same_confirmation_and_nothing_is_sent(
    client: Client, coordination_address: str
) -> None:
    response = client.post("/contact/", message(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == "/contact/envoye/"
    assert not OutgoingMail.objects.exists()


def test_messages_are_limited_per_connection(client: Client, coordination_address: str) -> None:
    for number in range(MESSAGES_PER_HOUR_PER_CONNECTION + 2):
        response = client.post("/contact/", message(email=f"personne{number}@example.org"))
        assert response["Location"] == "/contact/envoye/"

    assert OutgoingMail.objects.count() == MESSAGES_PER_HOUR_PER_CONNECTION


def test_messages_are_limited_per_address(client: Client, coordination_address: str) -> None:
    for number in range(MESSAGES_PER_HOUR_PER_ADDRESS + 2):
        response = client.post("/contact/", message(), REMOTE_ADDR=f"192.0.2.{number + 1}")
        assert response["Location"] == "/contact/envoye/"

    assert OutgoingMail.objects.count() == MESSAGES_PER_HOUR_PER_ADDRESS


def test_errors_are_in_french_with_a_summary_linking_to_each_field(
    client: Client, coordination_address: str
) -> None:
    response = client.post("/contact/", message(name="", email="pas-une-adresse", message=""))

    assert response.status_code == 400
    page = response.content.decode()
    summary = page[
        page.index('class="error-summary"') : page.index(
            "</ul>", page.index('class="error-summary"')
        )
    ]
    assert 'role="alert"' in page and 'tabindex="-1" autofocus' in page
    assert "3 réponses sont à corriger" in summary
    assert '<a href="#id_name">Votre nom : Indiquez votre nom.</a>' in summary
    assert 'href="#id_email"' in summary and "Indiquez une adresse e-mail valide" in summary
    assert '<a href="#id_message">Votre message : Écrivez votre message.</a>' in summary
    assert 'id="id_name"' in page  # the target of the link
    assert not OutgoingMail.objects.exists()


def test_a_too_long_message_is_refused_with_a_clear_message(
    client: Client, coordination_address: str
) -> None:
    response = client.post("/contact/", message(message="x" * 5001))

    assert response.status_code == 400
    assert "au plus 5000 caractères" in response.content.decode()


def test_the_message_is_escaped_in_the_html_mail(client: Client, coordination_address: str) -> None:
    client.post("/contact/", message(message='<script>alert("x")</script> <a href="http://x">'))

    (mail,) = OutgoingMail.objects.all()
    assert "<script>" not in mail.body_html
    assert "&lt;script&gt;" in mail.body_html
    assert '<script>alert("x")</script>' in mail.body_text  # plain text, shown as text
