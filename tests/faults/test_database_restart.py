"""PostgreSQL restarted under load (simulated by a TCP proxy cutting every connection and
refusing new ones for a few seconds): the site recovers by itself, and every registration
that was answered with a success is in the database."""

from __future__ import annotations

import ipaddress
import threading
import time
from dataclasses import dataclass

import pytest
import requests

from events.models import Registration
from network.models import OutgoingMail
from tests.conftest import needs_services
from tests.factories import EventFactory
from tests.faults.conftest import (
    Processes,
    RedisServer,
    SmtpServer,
    TcpProxy,
    age_outbox,
    database_url,
    outbox_by_status,
    publish,
    service_env,
    wait_until,
)

OUTAGE = 3.0  # seconds during which PostgreSQL is unreachable


@dataclass
class Attempt:
    email: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all


class Registrations(threading.Thread):
    """Visitors registering one after the other, each with an address and a connection of
    their own (behind the proxy that the web process trusts): the per-connection limit on
    registrations is not what this test is about."""

    def __init__(self, form: str) -> None:
        super().__init__(daemon=True)
        self.form = form
        self.attempts: list[Attempt] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        browser = requests.Session()
        browser.get(self.form, timeout=30)
        number = 0
        while not self.stopping.is_set():
            number += 1
            email = f"charge-{number}@example.org"
            started = time.monotonic()
            try:
                status: int | None = browser.post(
                    self.form,
                    data={
                        "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                        "name": f"Personne {number}",
                        "email": email,
                        "website": "",
                    },
                    headers={"X-Forwarded-For": str(ipaddress.ip_address(0x0A000000 + number))},
                    allow_redirects=False,
                    timeout=30,
                ).status_code
            except requests.RequestException:
                status = None
            self.attempts.append(Attempt(email, started, time.monotonic(), status))

    def succeeded(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.status == 302]


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_recovers_from_a_database_restart_and_loses_no_answered_registration(
    smtp: SmtpServer, private_redis: RedisServer, processes: Processes, db_proxy: TcpProxy
) -> None:
    event = EventFactory(slug="journee-sous-charge", registration_open=True)
    web, base = processes.web(
        "web",
        service_env(
            database=database_url(host="127.0.0.1", port=db_proxy.port),
            redis_url=private_redis.url,
        )
        | {"TRUSTED_PROXIES": "1"},
    )
    # Confirmation mails are delivered by a worker that talks to PostgreSQL directly.
    processes.worker(
        "worker",
        service_env(database=database_url(), redis_url=private_redis.url, smtp_port=smtp.port),
        concurrency=2,
    )
    visitor = Registrations(f"{base}/evenements/{event.slug}/inscription/")
    visitor.start()
    wait_until(lambda: len(visitor.succeeded()) >= 20, timeout=30)

    cut = db_proxy.cut()
    cut_at = time.monotonic()
    time.sleep(OUTAGE)
    db_proxy.start()
    back_at = time.monotonic()
    first_success = wait_until(
        lambda: next((a.ended for a in visitor.succeeded() if a.started > back_at), None),
        timeout=30,
    )
    home = wait_until(lambda: requests.get(base + "/", timeout=30).status_code == 200, timeout=30)
    time.sleep(2)
    visitor.stopping.set()
    visitor.join(timeout=30)

    during = [a for a in visitor.attempts if cut_at < a.started and a.ended < back_at]
    answered = {a.email for a in visitor.succeeded()}
    saved = set(Registration.objects.filter(event=event).values_list("email", flat=True))
    recovery = first_success - back_at
    print(
        f"\n[database restart] {cut} connections cut, PostgreSQL refused for {OUTAGE:.0f} s; "
        f"{len(visitor.attempts)} registrations tried: {len(answered)} answered 302, "
        f"{sum(a.status == 500 for a in visitor.attempts)} answered 500, "
        f"{sum(a.status is None for a in visitor.attempts)} unanswered "
        f"({len(during)} tried during the outage); first success {recovery:.2f} s after "
        f"PostgreSQL came back; {len(saved)} in the database, "
        f"{len(answered - saved)} answered but lost, {len(saved - answered)} saved but "
        "answered with an error"
    )
    assert home
    assert recovery < 5
    assert during and all(a.status != 302 for a in during)
    assert answered - saved == set()
    assert web.alive() and web.output().count("Booting worker") == 2, "the app never restarted"

    # Each saved registration gets its confirmation once (those whose request failed after
    # the commit by the outbox's beat).
    age_outbox(minutes=3)
    publish(private_redis.url, "network.tasks.deliver_pending_mail")
    wait_until(lambda: smtp.total >= len(saved), timeout=60)
    time.sleep(0.5)
    counts = dict(smtp.received)
    print(
        f"[confirmations] {len(counts)} recipients, {sum(counts.values())} messages; "
        f"outbox {outbox_by_status()}"
    )
    assert counts == dict.fromkeys(saved, 1)
    assert outbox_by_status() == {OutgoingMail.Status.SENT: len(saved)}


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_accepted_by_smtp_while_the_database_restarts_is_not_sent_twice(
    smtp: SmtpServer, private_redis: RedisServer, processes: Processes, db_proxy: TcpProxy
) -> None:
    """The worst moment: the SMTP server has the mail, the worker has not recorded it yet."""
    processes.worker(
        "worker",
        service_env(
            database=database_url(host="127.0.0.1", port=db_proxy.port),
            redis_url=private_redis.url,
            smtp_port=smtp.port,
        ),
    )
    row = OutgoingMail.objects.create(
        template="reminder_event", to="en-vol@example.org", subject="Demain", body_text="À demain"
    )
    smtp.hold_after(0)
    publish(private_redis.url, "network.tasks.deliver_mail", row.pk)
    wait_until(smtp.holding.is_set, timeout=30)
    db_proxy.cut()  # PostgreSQL goes away while the worker waits for the SMTP answer
    smtp.release(accept=True)
    time.sleep(OUTAGE)
    db_proxy.start()
    back_at = time.monotonic()
    sent = OutgoingMail.objects.filter(pk=row.pk, status=OutgoingMail.Status.SENT)
    recorded = None
    while recorded is None and time.monotonic() - back_at < 15:
        recorded = time.monotonic() - back_at if sent.exists() else None
        time.sleep(0.05)

    # Later beats: nothing is left to send again.
    age_outbox(minutes=16)
    publish(private_redis.url, "network.tasks.deliver_pending_mail")
    time.sleep(1.5)
    row.refresh_from_db()
    print(
        f"\n[mail in flight] accepted by SMTP while PostgreSQL was away for {OUTAGE:.0f} s; "
        f"recorded sent {recorded if recorded is None else round(recorded, 1)} s after it came "
        f"back; delivered "
        f"{smtp.count('en-vol@example.org')} time(s), {row.attempts} attempt(s), {row.status}"
    )
    assert recorded is not None
    assert smtp.count("en-vol@example.org") == 1
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
