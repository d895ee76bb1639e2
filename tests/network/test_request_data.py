"""A request no form can read gets the site's 400 page, never a 500 (the hostile suite tries
every form: tests/security/test_request_data.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from network.models import User

pytestmark = pytest.mark.django_db

TOKEN = "a" * 32


def _client(user: User | None = None) -> Client:
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.cookies["csrftoken"] = TOKEN
    return client


def _post(client: Client, url: str, body: bytes, content_type: str) -> Any:
    return client.generic("POST", url, body, content_type=content_type, HTTP_X_CSRFTOKEN=TOKEN)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded; charset=utf-16", "login=é".encode("utf-16")),
        ("application/x-www-form-urlencoded; charset=latin-1", "login=é".encode("latin-1")),
        ("multipart/form-data", b"--x\r\n\r\n--x--"),
    ],
)
def test_an_unreadable_body_gets_the_french_400_page_on_a_form_and_in_the_admin(
    coordinator: User, content_type: str, body: bytes
) -> None:
    public = _post(_client(), "/comptes/login/", body, content_type)
    in_admin = _post(_client(coordinator), "/admin/network/source/add/", body, content_type)
    english = _post(_client(), "/en/comptes/login/", body, content_type)

    for response in (public, in_admin):
        assert response.status_code == 400
        page = response.content.decode()
        assert "Requête incorrecte" in page and 'lang="fr"' in page
        assert "Rien n'a été enregistré" in page
    assert english.status_code == 400 and "Bad request" in english.content.decode()


def test_too_big_a_body_or_too_many_fields_get_the_400_page(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = _client()

    too_big = _post(
        client, "/comptes/login/", b"login=" + b"x" * 2000, "application/x-www-form-urlencoded"
    )
    too_many = client.post(
        "/comptes/login/", {f"champ{n}": "x" for n in range(20)}, HTTP_X_CSRFTOKEN=TOKEN
    )

    for response in (too_big, too_many):
        assert response.status_code == 400
        assert "Requête incorrecte" in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "q=%01", "q=%1B", "%00=1"])
@pytest.mark.parametrize("path", ["/structures/", "/glossaire/", "/evenements/", "/"])
def test_a_control_character_in_a_query_string_is_refused_before_any_query(
    client: Client, path: str, query: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_tabs_and_line_breaks_in_a_query_string_are_not_refused(client: Client) -> None:
    assert client.get("/glossaire/", {"q": "patient\tpartenaire\r\n"}).status_code == 200
