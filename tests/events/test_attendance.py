"""Attendance: check-in, sign-in sheets, certificates (rendered once, sent, verified)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from events.models import Certificate, CertificateRun, Event, Registration, SignInSheet
from events.services import attendance
from network.models import OutgoingMail, User
from tests.events.programme_data import make_programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def registrant(
    event: Event, name: str, status: str = Registration.Status.CONFIRMED
) -> Registration:
    email = re.sub(r"[^a-z]", "", name.lower()) + "@example.org"
    return Registration.objects.create(event=event, name=name, email=email, status=status)


def past_event() -> Event:
    programme = make_programme()
    event = programme.event
    event.starts_at = timezone.now() - datetime.timedelta(days=2, hours=8)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.save()
    return event


def text_of(fieldfile: object) -> str:
    with fieldfile.open("rb") as handle:  # type: ignore[attr-defined]
        return " ".join(page.extract_text() for page in PdfReader(handle).pages)


def test_a_coordinator_finds_and_checks_in_a_registrant(client: Client, coordinator: User) -> None:
    event = past_event()
    alice = registrant(event, "Alice Martin")
    registrant(event, "Bruno Petit")
    registrant(event, "Chloé Attente", status=Registration.Status.WAITING)
    client.force_login(coordinator)
    url = f"/evenements/{event.slug}/pointage/"

    page = client.get(url, {"q": "alice"}).content.decode()
    assert "Alice Martin" in page and "Bruno Petit" not in page
    assert "Chloé" not in client.get(url).content.decode()  # confirmed registrants only

    response = client.post(url + "?q=alice", {"registration": alice.pk}, follow=True)

    assert "Alice Martin est pointé présent." in response.content.decode()
    assert alice.attendance.checked_in_by == coordinator  # type: ignore[attr-defined]
    client.post(url, {"registration": alice.pk, "undo": "1"})
    assert not Registration.objects.filter(pk=alice.pk, attendance__isnull=False).exists()


def test_check_in_is_for_coordinators_and_bad_input_is_not_a_500(
    client: Client, coordinator: User
) -> None:
    event = past_event()
    url = f"/evenements/{event.slug}/pointage/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(email="quelquun@example.org"))
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.post(url, {"registration": "abc"}).status_code == 404


def test_the_sign_in_sheet_lists_names_sorted_with_a_signature_column() -> None:
    event = past_event()
    for name in ["Zoé Durand", "émile Bernard", "Alice Martin"]:
        registrant(event, name)
    registrant(event, "Xavier Annulé", status=Registration.Status.CANCELLED)
    session = event.sessions.first()
    assert session is not None

    assert attendance.render_sign_in_sheet(session.pk)
    assert not attendance.render_sign_in_sheet(session.pk)  # unchanged: not rendered again

    text = text_of(SignInSheet.objects.get(session=session).file)
    assert "Signature" in text and "Xavier" not in text
    assert text.index("Alice") < text.index("émile") < text.index("Zoé")


def test_certificates_are_rendered_once_sent_and_verified(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    event = past_event()
    present = [registrant(event, "Alice Martin"), registrant(event, "Bruno Petit")]
    registrant(event, "Absente Dupont")
    for registration in present:
        attendance.check_in(registration=registration, by=None)

    with django_capture_on_commit_callbacks(execute=True):
        run = attendance.start_certificates(event=event)  # Celery runs eagerly in tests

    run.refresh_from_db()
    assert (run.status, run.done, run.total, run.rendered) == ("done", 2, 2, 2)
    mails = OutgoingMail.objects.filter(template="attendance_certificate")
    assert sorted(m.to for m in mails) == ["alicemartin@example.org", "brunopetit@example.org"]
    certificate = Certificate.objects.get(registration=present[0])
    text = text_of(certificate.file)
    assert "Alice Martin" in text and event.title in text and certificate.code in text
    assert "Pair-aidance" in text and event.organiser in text

    link = re.search(r"/attestations/[^/\s]+/attestation\.pdf", mails[0].body_text)
    assert link is not None
    assert client.get(link.group(0)).status_code == 200
    assert client.get("/attestations/faux/attestation.pdf").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        again = attendance.start_certificates(event=event)
    again.refresh_from_db()
    assert again.rendered == 0  # same fingerprints: nothing rendered again
    assert mails.count() == 2  # and nothing sent twice

    page = client.get("/attestations/verifier/", {"code": certificate.code.lower()})
    assert "Attestation authentique : Alice Martin" in page.content.decode()
    assert "alicemartin@example.org" not in page.content.decode()
    wrong = client.get("/attestations/verifier/", {"code": "ZZZZ" * 20}).content.decode()
    assert "Aucune attestation ne porte ce code" in wrong


def test_certificates_wait_for_the_end_of_the_event() -> None:
    event = make_programme().event  # in 2030
    attendance.check_in(registration=registrant(event, "Alice Martin"), by=None)

    with pytest.raises(Exception, match="après l'événement"):
        attendance.start_certificates(event=event)
    assert not CertificateRun.objects.exists()


def test_the_certificate_runs_progress_shows_in_the_admin(
    client: Client, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    event = past_event()
    attendance.check_in(registration=registrant(event, "Alice Martin"), by=None)
    with django_capture_on_commit_callbacks(execute=True):
        attendance.start_certificates(event=event)
    client.force_login(coordinator)

    page = client.get("/admin/events/certificaterun/").content.decode()

    assert '<progress max="100" value="100">' in page
