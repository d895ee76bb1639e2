"""Accounts: sign-up with mandatory email verification, login by email, password reset."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.cache import cache
from django.test import Client

from network.models import OutgoingMail, User
from tests.conftest import _verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def _clear_rate_limits() -> None:
    cache.clear()


def test_sign_up_sends_a_verification_mail_and_login_waits_for_it(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/comptes/signup/",
            {"email": "Nouvelle@Example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    user = User.objects.get(email="nouvelle@example.org")
    (row,) = OutgoingMail.objects.filter(to="nouvelle@example.org")
    assert row.template == "email_confirmation_signup"
    assert row.subject == "Confirmez votre adresse e-mail"
    (sent,) = django_mail.outbox
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", sent.body)
    assert link is not None

    client.logout()
    blocked = client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    assert blocked["Location"] == "/comptes/confirm-email/"
    assert "_auth_user_id" not in client.session

    confirm_path = "/" + link.group(0).split("/", 3)[3]
    client.post(confirm_path)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_verified_person_logs_in_with_their_email(client: Client, speaker_a: User) -> None:
    response = client.post("/comptes/login/", {"login": speaker_a.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(speaker_a.pk)


def test_a_wrong_password_gets_a_french_message(client: Client, speaker_a: User) -> None:
    response = client.post("/comptes/login/", {"login": speaker_a.email, "password": "faux"})

    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()


def test_people_sharing_one_address_who_each_mistype_once_are_not_blocked(client: Client) -> None:
    people = [_verified(UserFactory(email=f"participant{n}@example.org")) for n in range(8)]
    for person in people:
        mistyped = client.post("/comptes/login/", {"login": person.email, "password": "faux"})
        assert "Trop de tentatives" not in mistyped.content.decode()

    response = client.post("/comptes/login/", {"login": people[-1].email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people[-1].pk)


def test_repeated_login_failures_are_rate_limited(client: Client, speaker_a: User) -> None:
    pages = [
        client.post("/comptes/login/", {"login": speaker_a.email, "password": "faux"})
        for _ in range(6)
    ]
    right = client.post("/comptes/login/", {"login": speaker_a.email, "password": PASSWORD})

    assert all("Trop de tentatives" not in page.content.decode() for page in pages[:5])
    assert "Trop de tentatives de connexion échouées" in pages[5].content.decode()
    assert "Trop de tentatives de connexion échouées" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(
    client: Client, speaker_a: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/comptes/password/reset/", {"email": speaker_a.email})
        unknown = client.post("/comptes/password/reset/", {"email": "personne@nulle.part"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    subjects = {m.to[0]: m.subject for m in django_mail.outbox}
    assert subjects[speaker_a.email] == "Réinitialisation de votre mot de passe"
    assert subjects["personne@nulle.part"] == "Demande liée à votre adresse e-mail"


def test_emails_are_unique_whatever_their_case(db: None) -> None:
    UserFactory(email="meme@example.org")

    with pytest.raises(Exception, match=r"unique|UNIQUE|duplicate"):
        User.objects.create_user("MEME@example.org", PASSWORD)


def test_failed_logins_elsewhere_never_lock_a_known_address_out(
    client: Client, speaker_a: User
) -> None:
    for number in range(6):
        client.post(
            "/comptes/login/",
            {"login": speaker_a.email, "password": "faux"},
            REMOTE_ADDR=f"203.0.113.{number}",
        )
    for _ in range(6):
        client.post(
            "/comptes/login/",
            {"login": speaker_a.email, "password": "faux"},
            REMOTE_ADDR="203.0.113.50",
        )
    guesser = client.post(
        "/comptes/login/",
        {"login": speaker_a.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.50",
    )

    owner = client.post(
        "/comptes/login/", {"login": speaker_a.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.8"
    )

    assert "Trop de tentatives de connexion échouées" in guesser.content.decode()
    assert owner.status_code == 302
    assert client.session["_auth_user_id"] == str(speaker_a.pk)


def test_messages_stay_in_the_session_not_in_a_cookie(client: Client, speaker_a: User) -> None:
    response = client.post("/comptes/login/", {"login": speaker_a.email, "password": PASSWORD})
    page = client.get(response["Location"])

    assert "messages" not in client.cookies
    assert "messages" not in response.cookies and "messages" not in page.cookies
    assert "Connexion avec" in page.content.decode()  # shown once, from the session


def test_a_person_changes_their_login_address_at_mon_compte_with_a_confirmation(
    client: Client, speaker_a: User, django_capture_on_commit_callbacks: Capture
) -> None:
    client.force_login(speaker_a)
    home = client.get("/").content.decode()
    assert 'href="/comptes/email/"' in home and "Mon compte" in home

    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            "/comptes/email/", {"action_add": "", "email": "nouvelle.adresse@example.org"}
        )

    assert added.status_code == 302
    assert OutgoingMail.objects.filter(to="nouvelle.adresse@example.org").exists()
    speaker_a.refresh_from_db()
    assert speaker_a.email == "oratrice.a@example.org"  # until the new address is confirmed
    assert client.get("/comptes/email/").status_code == 200
