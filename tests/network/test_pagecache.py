"""Public pages: compressed, conditional, shared between anonymous visitors only."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from network.models import User
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings: Any) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()


def test_an_anonymous_page_is_served_again_without_a_query_and_answers_304(
    client: Client, django_assert_num_queries: Any
) -> None:
    StructureFactory(name="La Case de Santé", slug="case")
    first = client.get("/structures/")

    with django_assert_num_queries(0):
        again = client.get("/structures/")
    with django_assert_num_queries(0):
        unchanged = client.get("/structures/", HTTP_IF_NONE_MATCH=first["ETag"])
    with django_assert_num_queries(0):
        not_since = client.get("/structures/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.content == first.content and "La Case de Santé" in again.content.decode()
    assert first["ETag"] and first["Last-Modified"]
    assert "Cookie" in first["Vary"]
    assert unchanged.status_code == 304 and not_since.status_code == 304


def test_a_change_shows_at_once(client: Client) -> None:
    structure = StructureFactory(name="Ancien nom", slug="case")
    etag = client.get("/structures/")["ETag"]

    structure.name = "Nouveau nom"
    structure.save()
    changed = client.get("/structures/", HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert "Nouveau nom" in changed.content.decode()


def test_a_logged_in_page_is_never_served_to_another_visitor(
    client: Client, coordinator: User
) -> None:
    anonymous_before = Client().get("/glossaire/")
    client.force_login(coordinator)
    logged_in = client.get("/glossaire/")
    anonymous_after = Client().get("/glossaire/")

    assert "Se déconnecter" in logged_in.content.decode()
    assert "private" in logged_in["Cache-Control"]
    assert "Se déconnecter" not in anonymous_after.content.decode()
    assert anonymous_after.content == anonymous_before.content
    assert "Se connecter" in anonymous_after.content.decode()


def test_a_page_with_a_form_keeps_each_visitor_token(client: Client) -> None:
    first = Client().get("/comptes/login/")
    second = Client().get("/comptes/login/")

    assert "ETag" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    token = 'name="csrfmiddlewaretoken" value="'
    assert (
        first.content.decode().split(token)[1][:20] != second.content.decode().split(token)[1][:20]
    )


def test_html_is_compressed_for_browsers_that_accept_gzip(client: Client) -> None:
    response = client.get("/glossaire/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Glossaire" in gzip.decompress(response.content).decode()


def test_the_page_cache_can_be_switched_off(client: Client, settings: Any) -> None:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    StructureFactory()
    client.get("/structures/")

    response = client.get("/structures/")

    assert "ETag" not in response
    assert response.wsgi_request.META.get("CSRF_COOKIE_NEEDS_UPDATE") is None


def test_a_change_in_any_app_of_the_project_shows_at_once(client: Client) -> None:
    """Apps added after the cache (information pages, territories) invalidate it too."""
    from pages.models import Page

    page = Page.objects.get(slug="mentions-legales")
    url = page.get_absolute_url()
    etag = client.get(url)["ETag"]

    page.body = "Hébergeur : un nouvel hébergeur."
    page.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert "un nouvel hébergeur" in changed.content.decode()
