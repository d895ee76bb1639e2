"""Redis down: the public pages still answer (the cache degrades), and the mail queued
meanwhile leaves once Redis is back."""

from __future__ import annotations

import time

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from events.models import Registration
from network.models import OutgoingMail, User
from tests.conftest import _verified, needs_services
from tests.factories import EngagementRoleFactory, EventFactory, StructureFactory, UserFactory
from tests.faults.conftest import (
    Processes,
    RedisServer,
    SmtpServer,
    age_outbox,
    database_url,
    outbox_by_status,
    publish,
    service_env,
    wait_until,
)

PAGES = {
    "home": "/",
    "glossary": "/glossaire/",
    "glossary entry": "/glossaire/patient-partenaire/",
    "structures": "/structures/",
    "GeoJSON": "/structures/carte.geojson",
    "events": "/evenements/",
    "event": "/evenements/journee-des-20-ans/",
    "published experiences": "/experiences/publiees/",
}


def _visit(base: str) -> dict[str, tuple[int, float]]:
    """Status and time in seconds of every public page."""
    answers = {}
    for name, path in PAGES.items():
        started = time.monotonic()
        status = requests.get(base + path, timeout=30).status_code
        answers[name] = (status, time.monotonic() - started)
    return answers


PASSWORD = "un-mot-de-passe-solide"  # tests.factories.UserFactory's


def _table(answers: dict[str, tuple[int, float]]) -> str:
    return ", ".join(
        f"{name} {status} ({s * 1000:.0f} ms)" for name, (status, s) in answers.items()
    )


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_answer_and_mail_waits_in_the_outbox_while_redis_is_down(
    smtp: SmtpServer, private_redis: RedisServer, processes: Processes
) -> None:
    EngagementRoleFactory(name="Patient partenaire", slug="patient-partenaire")
    StructureFactory(name="Centre de santé du Faubourg")
    hasher = PBKDF2PasswordHasher()  # the web process's hasher (the tests use MD5)
    account = _verified(UserFactory(email="oratrice@example.org"))
    User.objects.filter(pk=account.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
    event = EventFactory(slug="journee-des-20-ans", registration_open=True)
    web, base = processes.web(
        "web", service_env(database=database_url(), redis_url=private_redis.url)
    )

    with_redis = _visit(base)
    print(f"\n[redis up] {_table(with_redis)}")
    assert {status for status, _ in with_redis.values()} == {200}
    assert private_redis.client().keys("*structures:geojson*"), "the map is cached in Redis"

    private_redis.stop()
    without_redis = _visit(base)
    print(f"[redis down] {_table(without_redis)}")
    assert {name: status for name, (status, _) in without_redis.items()} == dict.fromkeys(
        PAGES, 200
    )
    assert max(seconds for _, seconds in without_redis.values()) < 5
    assert "cache unavailable: get degraded" in web.output()  # logged, not raised
    health = requests.get(f"{base}/sante/", timeout=30)
    assert (health.status_code, health.json()) == (
        200,
        {"database": "ok", "cache": "unavailable", "broker": "unavailable"},
    )

    # A speaker logs in while Redis is down: the login rate limits let them through.
    speaker = requests.Session()
    login = f"{base}/comptes/login/"
    assert speaker.get(login, timeout=30).status_code == 200
    logged_in = speaker.post(
        login,
        data={
            "csrfmiddlewaretoken": speaker.cookies["csrftoken"],
            "login": "oratrice@example.org",
            "password": PASSWORD,
        },
        headers={"Referer": login},
        allow_redirects=False,
        timeout=30,
    )
    print(f"[redis down] login answered {logged_in.status_code}")
    assert logged_in.status_code == 302 and "sessionid" in speaker.cookies

    # A registration while Redis is down: it is saved, its mail waits in the outbox.
    browser = requests.Session()
    form = f"{base}/evenements/{event.slug}/inscription/"
    assert browser.get(form, timeout=30).status_code == 200
    started = time.monotonic()
    answer = browser.post(
        form,
        data={
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "name": "Awa Diallo",
            "email": "awa.diallo@example.org",
            "website": "",
        },
        allow_redirects=False,
        timeout=30,
    )
    registered_in = time.monotonic() - started
    (mail,) = OutgoingMail.objects.filter(to="awa.diallo@example.org")
    print(
        f"[redis down] registration answered {answer.status_code} in {registered_in:.1f} s; "
        f"its mail is {mail.status}"
    )
    assert answer.status_code == 302
    assert Registration.objects.filter(event=event, email="awa.diallo@example.org").exists()
    assert mail.status == OutgoingMail.Status.QUEUED

    # Redis back, empty (no persistence): the outbox is in PostgreSQL; the beat re-queues it.
    private_redis.start()
    back_at = time.monotonic()
    processes.worker(
        "worker",
        service_env(database=database_url(), redis_url=private_redis.url, smtp_port=smtp.port),
    )
    age_outbox(minutes=3)
    publish(private_redis.url, "network.tasks.deliver_pending_mail")
    wait_until(lambda: smtp.count("awa.diallo@example.org") >= 1, timeout=30)
    delivered_in = time.monotonic() - back_at
    time.sleep(0.5)
    mail.refresh_from_db()
    print(
        f"[redis back] the registration mail delivered {delivered_in:.1f} s later "
        f"(worker start included), {smtp.count('awa.diallo@example.org')} time(s); "
        f"outbox {outbox_by_status()}; pages {_table(_visit(base))}"
    )
    assert smtp.count("awa.diallo@example.org") == 1
    assert mail.status == OutgoingMail.Status.SENT
