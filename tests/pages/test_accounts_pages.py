"""allauth's screens in the site's layout, with why one has an account, and an error
summary that links to the fields."""

from __future__ import annotations

import pytest
from django.test import Client

from network.models import User

pytestmark = pytest.mark.django_db

ENTRANCE = ["/comptes/login/", "/comptes/signup/"]
OTHERS = ["/comptes/password/reset/", "/comptes/confirm-email/"]


@pytest.mark.parametrize("path", ENTRANCE + OTHERS)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_account_pages_are_in_the_sites_layout(client: Client, path: str, prefix: str) -> None:
    response = client.get(prefix + path)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<header class="site-header">' in page
    assert 'class="site-footer"' in page
    if path in ENTRANCE:
        assert 'class="card account-why"' in page
        assert ("Pourquoi un compte ?" if not prefix else "Why an account?") in page
    if path != "/comptes/confirm-email/":
        assert 'class="account-form"' in page
        assert '<div class="field' in page


def test_my_account_is_in_the_sites_layout(client: Client, speaker_a: User) -> None:
    client.force_login(speaker_a)

    page = client.get("/comptes/email/").content.decode()

    assert '<header class="site-header">' in page
    assert speaker_a.email in page


def test_a_wrong_login_shows_the_error_summary(client: Client) -> None:
    response = client.post("/comptes/login/", {"login": "", "password": ""})

    page = response.content.decode()
    assert 'class="error-summary" role="alert"' in page
    assert 'href="#id_login"' in page
    assert 'href="#id_password"' in page
    assert "Ce champ est obligatoire." in page


def test_a_sign_up_with_different_passwords_links_to_the_field(client: Client) -> None:
    response = client.post(
        "/comptes/signup/",
        {"email": "x@example.org", "password1": "un-mot-de-passe-solide", "password2": "autre"},
    )

    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_password2"' in page


@pytest.mark.parametrize("path", ["/comptes/logout/", "/comptes/password/change/"])
def test_the_pages_of_a_logged_in_person_are_in_the_sites_layout(
    client: Client, speaker_a: User, path: str
) -> None:
    client.force_login(speaker_a)

    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<header class="site-header">' in page
    assert 'class="account-form"' in page
    assert "account-why" not in page
