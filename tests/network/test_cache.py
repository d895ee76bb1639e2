"""Redis down: the cache degrades, nothing that uses it fails (pages, logins, rate limits);
what a process keeps for itself stays bounded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from kombu.exceptions import OperationalError as KombuOperationalError

from network.cache import FailOpenRedisCache, Recent
from network.celery import app as celery_app
from network.models import User
from structures import services
from structures.models import PressDossier
from tests.factories import PressDossierFactory, StructureFactory

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "network.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: connection refused
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down() -> Any:
    with override_settings(CACHES=UNREACHABLE_REDIS):
        yield


def test_every_cache_operation_degrades_instead_of_failing(redis_down: None) -> None:
    assert cache.get("clé", "défaut") == "défaut"
    assert cache.add("clé", 1) is True  # a lock taken: callers go ahead
    assert cache.set("clé", 1) is None
    assert cache.incr("compteur", 3) == 3
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("clé") is False
    assert cache.has_key("clé") is False


def test_the_health_check_says_the_cache_or_the_broker_is_down_and_stays_green(
    redis_down: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    answer = client.get("/sante/")

    assert answer.status_code == 200  # pages degrade without them; mail waits in the outbox
    assert answer.json() == {"database": "ok", "cache": "unavailable", "broker": "unavailable"}


def test_the_directory_and_the_map_answer_without_the_cache(
    redis_down: None, client: Client
) -> None:
    StructureFactory(name="Centre de santé de démonstration")

    directory = client.get("/structures/")
    geojson = client.get("/structures/carte.geojson")

    assert "Centre de santé de démonstration" in directory.content.decode()
    assert geojson.status_code == 200
    assert geojson.json()["features"][0]["properties"]["name"] == "Centre de santé de démonstration"


def test_a_speaker_logs_in_while_the_cache_is_down(
    redis_down: None, client: Client, speaker_a: User
) -> None:
    wrong = client.post("/comptes/login/", {"login": speaker_a.email, "password": "faux"})
    right = client.post("/comptes/login/", {"login": speaker_a.email, "password": PASSWORD})

    assert wrong.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in wrong.content.decode()
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(speaker_a.pk)


def test_a_dossier_that_cannot_be_queued_says_so_instead_of_waiting_forever(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    dossier = PressDossierFactory()
    broker_down = KombuOperationalError("Error 111 connecting to 127.0.0.1:6379")

    with (
        mock.patch("structures.tasks.render_dossier.delay", side_effect=broker_down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.request_dossier_rendering(dossier)

    dossier.refresh_from_db()
    assert dossier.status == PressDossier.Status.FAILED
    assert "La file des tâches est indisponible" in dossier.error


def test_the_cache_builds_one_redis_client_per_server_not_one_per_operation() -> None:
    backend = FailOpenRedisCache("redis://127.0.0.1:1/0", {})
    client = backend._cache.get_client(write=True)

    assert backend._cache.get_client("clé") is client  # one server: reads use its pool too
    assert backend.get("clé", "défaut") == "défaut"  # nothing listens: degraded, no error


def test_what_a_process_keeps_is_bounded_and_drops_the_least_recently_used() -> None:
    recent = Recent(2)
    recent.put("a", "A")
    recent.put("b", "B")
    assert recent.get("a") == "A"  # now the most recently used
    recent.put("c", "C")

    assert (recent.get("a"), recent.get("b"), recent.get("c")) == ("A", None, "C")
    recent.put("a", "A2")
    assert recent.get("a") == "A2"


def test_what_a_process_keeps_stays_within_its_bytes() -> None:
    recent = Recent(10, max_bytes=10)
    recent.put("a", b"x" * 4)
    recent.put("b", b"x" * 4)
    recent.put("a", b"x" * 5)  # replaced: counted once
    recent.put("c", b"x" * 3)  # 5 + 4 + 3 > 10: the least recently used, b, goes
    recent.put("huge", b"x" * 11)  # more than the whole budget: not kept

    assert [recent.get(key) is not None for key in ("a", "b", "c", "huge")] == [
        True,
        False,
        True,
        False,
    ]
