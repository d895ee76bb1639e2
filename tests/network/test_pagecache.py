"""Public pages: compressed, conditional, shared between anonymous visitors only."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from network import pagecache
from network.models import User
from tests.experiences.questionnaires import configured_campaign
from tests.factories import EventFactory, StructureFactory

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


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found
    return found[1]


def test_an_empty_form_is_shared_and_filled_with_each_visitor_token(
    django_assert_num_queries: Any,
) -> None:
    campaign = configured_campaign()
    url = f"/experiences/{campaign.slug}/participer/"
    first, second, third = (Client(enforce_csrf_checks=True) for _ in range(3))
    page_one = first.get(url)

    with django_assert_num_queries(0):
        page_two = second.get(url)
    third.get(url)
    with_own_token = second.post(
        f"/experiences/{campaign.slug}/retrouver/",
        {"email": "awa@example.org", "csrfmiddlewaretoken": _token(page_two.content.decode())},
    )
    with_another_token = third.post(
        f"/experiences/{campaign.slug}/retrouver/",
        {"email": "awa@example.org", "csrfmiddlewaretoken": _token(page_two.content.decode())},
    )

    one, two = page_one.content.decode(), page_two.content.decode()
    assert _token(one) != _token(two) and pagecache.HOLE not in two
    assert one.replace(_token(one), "") == two.replace(_token(two), "")
    assert page_two.cookies["csrftoken"].value != page_one.cookies["csrftoken"].value
    assert "private" in page_two["Cache-Control"] and "ETag" not in page_two
    assert with_own_token.status_code == 302
    assert with_another_token.status_code == 403


def test_a_registration_form_is_shared_between_anonymous_visitors(
    django_assert_num_queries: Any,
) -> None:
    event = EventFactory(registration_open=True)
    url = reverse("registration-new", args=[event.slug])
    Client().get(url)

    with django_assert_num_queries(0):
        again = Client().get(url)

    page = again.content.decode()
    assert 'name="email"' in page and "csrftoken" in again.cookies
    assert _token(page) != pagecache.HOLE and len(_token(page)) == 64


@pytest.mark.parametrize(
    ("forms", "computed"),
    [(["hole"], 1), (["hole", "real"], 2)],
    ids=["placeholder-only", "placeholder-and-a-real-token"],
)
def test_a_page_for_everyone_is_stored_only_when_it_holds_no_real_token(
    rf: RequestFactory, forms: list[str], computed: int
) -> None:
    """A template that rendered its own token beside the placeholder makes the page this
    visitor's, not everyone's: it is computed again for the next one."""
    values = {"hole": pagecache.HOLE, "real": "a" * 64}
    page = "".join(
        f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{values[form]}"></form>'
        for form in forms
    )
    calls: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request)
        response = HttpResponse(page.replace(pagecache.HOLE, "b" * 64))
        response.page_for_everyone = page  # type: ignore[attr-defined]
        return response

    middleware = pagecache.AnonymousPageCacheMiddleware(view)
    served = [middleware(rf.get("/formulaires/")) for _ in range(2)]

    assert len(calls) == computed
    assert all(pagecache.HOLE not in answer.content.decode() for answer in served)
