"""Hostile request data, on PostgreSQL (SQLite accepts NUL where PostgreSQL raises): bodies
no form can read, control characters in every filter, inflated formsets. Never a 500.

- every body kind (JSON, XML, plain text, multipart without boundary, urlencoded declared
  in UTF-16 or Latin-1) posted, with a valid CSRF token, to every form the suites know, public
  and admin: an unreadable body gets the 400 page, a readable one an ordinary answer;
- NUL and the other C0 control characters in every query-string filter of the public pages
  and of every admin changelist: the 400 page, before any query;
- an inflated management form (``TOTAL_FORMS=100000``) on every admin page with inlines:
  refused fast, with the formset's message.

Each test prints its figures (cases, answers by status, slowest answer) with ``-s``.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlencode

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db.models import Model
from django.forms.formsets import BaseFormSet
from django.test import Client

from events import services as events
from experiences import services as experiences
from tests.security.conftest import World
from tests.security.test_hostile_input import FILTERS

pytestmark = [pytest.mark.django_db, pytest.mark.untraced]

BAD_REQUEST_PAGE = "Requête incorrecte"
CSRF_TOKEN = "a" * 32
FIELDS = "title=Titre&email=personne%40example.org&name=Nom"

# (content type, body, whether Django can read it)
BODIES: dict[str, tuple[str, bytes, bool]] = {
    "json": ("application/json", b'{"title": "Titre", "email": "personne@example.org"}', True),
    "xml": ("application/xml", b"<?xml version='1.0'?><form><title>Titre</title></form>", True),
    "text": ("text/plain", FIELDS.encode(), True),
    "multipart-without-boundary": (
        "multipart/form-data",
        b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nTitre\r\n--x--\r\n',
        False,
    ),
    "urlencoded-utf-16": (
        "application/x-www-form-urlencoded; charset=utf-16",
        "title=Pair-aidance é".encode("utf-16"),
        False,
    ),
    "urlencoded-latin-1": (
        "application/x-www-form-urlencoded; charset=latin-1",
        "title=Pair-aidance é".encode("latin-1"),
        False,
    ),
}

# NUL, other C0 controls, an escape sequence: each refused in a query string.
CONTROLS = ["\x00", "a\x00b", "%00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1f"]
ALLOWED = ["\t", "a\r\nb", "\x7f"]  # tab, line breaks and DEL go through to the page


Url = Callable[[World], str]

# (persona, URL) of every public form: each takes a POST.
PUBLIC_FORMS: list[tuple[str, str, Url]] = [
    ("registration-new", "anonymous", lambda w: "/evenements/journee/inscription/"),
    (
        "registration-cancel",
        "anonymous",
        lambda w: f"/inscriptions/annuler/{events.cancel_token(w.registration)}/",
    ),
    ("submission-new", "speaker_a", lambda w: "/evenements/journee/appel/proposer/"),
    ("submission-edit", "speaker_a", lambda w: f"/propositions/{w.submission_a.pk}/"),
    ("submission-autosave", "speaker_a", lambda w: f"/propositions/{w.submission_a.pk}/brouillon/"),
    ("submission-confirm", "speaker_a", lambda w: f"/propositions/{w.submission_a.pk}/confirmer/"),
    ("submission-decline", "speaker_a", lambda w: f"/propositions/{w.submission_a.pk}/desister/"),
    ("review-edit", "reviewer", lambda w: f"/relecture/{w.review.pk}/"),
    ("response-new", "anonymous", lambda w: "/experiences/recueil/participer/"),
    ("link-request", "anonymous", lambda w: "/experiences/recueil/retrouver/"),
    (
        "response-edit",
        "anonymous",
        lambda w: f"/experiences/reponse/{experiences.response_token(w.response)}/",
    ),
    (
        "assessment",
        "working_group",
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/",
    ),
    ("account-login", "anonymous", lambda w: "/comptes/login/"),
    ("account-signup", "anonymous", lambda w: "/comptes/signup/"),
    ("account-reset-password", "anonymous", lambda w: "/comptes/password/reset/"),
    ("account-email", "speaker_a", lambda w: "/comptes/email/"),
    ("account-change-password", "speaker_a", lambda w: "/comptes/password/change/"),
    ("admin-login", "anonymous", lambda w: "/admin/login/"),
]


def _client(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    person = world.people[persona]
    if person is not None:
        client.force_login(person)
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


def _admin_models() -> list[type[Model]]:
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def _admin_base(model: type[Model]) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def _admin_forms(model: type[Model]) -> list[str]:
    """The add page and the change page of the model's first row."""
    urls = [_admin_base(model) + "add/"]
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        urls.append(f"{_admin_base(model)}{first.pk}/change/")
    return urls


def _figures(name: str, statuses: Counter[int], slowest: float) -> None:
    cases = sum(statuses.values())
    print(f"\n{name}: {cases} cases, {dict(sorted(statuses.items()))}, slowest {slowest:.3f}s")


def _post_every_body(client: Client, url: str) -> tuple[Counter[int], float]:
    statuses: Counter[int] = Counter()
    slowest = 0.0
    for kind, (content_type, body, readable) in BODIES.items():
        cache.clear()  # rate limits: each body is a first try
        started = time.perf_counter()
        response = client.generic(
            "POST", url, body, content_type=content_type, HTTP_X_CSRFTOKEN=CSRF_TOKEN
        )
        slowest = max(slowest, time.perf_counter() - started)
        statuses[response.status_code] += 1
        assert response.status_code != 500, (url, kind)
        if not readable:
            assert response.status_code == 400, (url, kind)
            assert BAD_REQUEST_PAGE in response.content.decode(), (url, kind)
        else:
            assert response.status_code in {200, 302, 400, 403, 404, 405, 409, 429}, (url, kind)
    return statuses, slowest


@pytest.mark.parametrize(
    ("persona", "url"),
    [pytest.param(persona, url, id=name) for name, persona, url in PUBLIC_FORMS],
)
def test_every_body_kind_posted_to_a_public_form_answers_without_failing(
    world: World, persona: str, url: Url
) -> None:
    statuses, slowest = _post_every_body(_client(world, persona), url(world))

    _figures(url(world), statuses, slowest)
    assert sum(statuses.values()) == len(BODIES)


@pytest.mark.parametrize("model", _admin_models(), ids=lambda model: model._meta.label)
def test_every_body_kind_posted_to_an_admin_form_answers_without_failing(
    world: World, model: type[Model]
) -> None:
    client = _client(world, "coordinator")
    statuses: Counter[int] = Counter()
    slowest = 0.0
    for url in _admin_forms(model):
        answered, slow = _post_every_body(client, url)
        statuses += answered
        slowest = max(slowest, slow)

    _figures(model._meta.label, statuses, slowest)
    assert sum(statuses.values()) >= len(BODIES)


def _refused(response: Any, label: str) -> None:
    assert response.status_code == 400, label
    assert BAD_REQUEST_PAGE in response.content.decode(), label


def test_control_characters_in_every_public_filter_get_the_400_page(world: World) -> None:
    client = Client(raise_request_exception=False)
    statuses: Counter[int] = Counter()
    for path, names in FILTERS.items():
        for name in names:
            for value in CONTROLS:
                query = f"{name}={value}" if value.startswith("%") else urlencode({name: value})
                response = client.get(f"{path}?{query}")
                statuses[response.status_code] += 1
                _refused(response, f"{path}?{query}")
            for value in ALLOWED:
                response = client.get(path, {name: value})
                statuses[response.status_code] += 1
                assert response.status_code == 200, (path, name, value)
        _refused(client.get(f"{path}?%00=1"), f"{path}: NUL in a name")

    _figures("public filters", statuses, 0)
    assert sum(statuses.values()) > 200


def _changelist_parameters(client: Client, base: str) -> set[str]:
    """The names the changelist's own links use (its filters, sorting, search), and q."""
    page = client.get(base).content.decode().replace("&amp;", "&")
    names = {"q", "o", "p", "e"}
    for query in re.findall(r'href="\?([^"#]*)"', page):
        names.update(name for name, _value in parse_qsl(query, keep_blank_values=True))
    return names


@pytest.mark.parametrize("model", _admin_models(), ids=lambda model: model._meta.label)
def test_control_characters_in_every_admin_changelist_filter_get_the_400_page(
    world: World, model: type[Model], django_assert_max_num_queries: Any
) -> None:
    client = _client(world, "coordinator")
    base = _admin_base(model)
    names = _changelist_parameters(client, base)
    statuses: Counter[int] = Counter()
    for name in sorted(names):
        for value in CONTROLS:
            query = f"{name}={value}" if value.startswith("%") else urlencode({name: value})
            with django_assert_max_num_queries(0):  # refused before any query
                response = client.get(f"{base}?{query}")
            statuses[response.status_code] += 1
            _refused(response, f"{base}?{query}")
        response = client.get(base, {name: "\x7f"})
        statuses[response.status_code] += 1
        assert response.status_code != 500, (base, name)

    _figures(model._meta.label, statuses, 0)
    assert len(names) >= 4


BUILD_FORM = BaseFormSet._construct_form


def _inline_prefixes(page: str) -> list[str]:
    return re.findall(r'name="([^"]+)-TOTAL_FORMS"', page)


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(model, id=model._meta.label)
        for model in _admin_models()
        if admin.site._registry[model].inlines
    ],
)
def test_an_inflated_management_form_on_every_admin_inline_is_refused_fast(
    world: World, model: type[Model]
) -> None:
    client = _client(world, "coordinator")
    statuses: Counter[int] = Counter()
    slowest = 0.0
    for url in _admin_forms(model):
        page = client.get(url).content.decode()
        prefixes = _inline_prefixes(page)
        data: dict[str, Any] = {}
        for prefix in prefixes:
            data |= {
                f"{prefix}-TOTAL_FORMS": "100000",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        started = time.perf_counter()
        with mock.patch.object(
            BaseFormSet, "_construct_form", autospec=True, side_effect=BUILD_FORM
        ) as built:
            response = client.post(url, data, HTTP_X_CSRFTOKEN=CSRF_TOKEN)
        slowest = max(slowest, time.perf_counter() - started)
        statuses[response.status_code] += 1
        assert response.status_code in {200, 400, 403}, url
        # Refused before the forms are built: the workers built 100,000 (27 to 30 s).
        # None of the posted forms is built (INITIAL_FORMS=0: no row of its own either).
        assert built.call_count == 0, (url, built.call_count)
        if prefixes and response.status_code == 200:
            assert "Veuillez soumettre au plus" in response.content.decode(), url

    _figures(model._meta.label, statuses, slowest)
    assert statuses
