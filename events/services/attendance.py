"""Attendance: checking registrants in, sign-in sheets, attendance certificates rendered
once per fingerprint in Celery batches, sent through the outbox and verified by code."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.exports import attendance_pdf
from events.models import (
    Attendance,
    Certificate,
    CertificateRun,
    Event,
    Registration,
    Session,
    SignInSheet,
)
from network.mail import queue_mail
from network.models import User

CERTIFICATE_SALT = "events.certificate"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed back


def search_registrants(event: Event, query: str) -> QuerySet[Registration]:
    """The event's confirmed registrants whose name or address contains ``query`` (all of
    them when it is empty), sorted by name, with their check-in."""
    registrations = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).select_related("attendance")
    query = query.strip()
    if query:
        registrations = registrations.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return registrations.order_by("name", "pk")


def check_in(*, registration: Registration, by: User | None) -> Attendance:
    """Mark a confirmed registrant present (once). Side effects: an ``Attendance`` row."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Seule une inscription confirmée peut être pointée."))
    attendance, _created = Attendance.objects.get_or_create(
        registration=registration, defaults={"checked_in_by": by}
    )
    return attendance


def undo_check_in(*, registration: Registration) -> None:
    """Side effects: deletes the registrant's check-in."""
    Attendance.objects.filter(registration=registration).delete()


def _fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _duration_minutes(event: Event) -> int:
    sessions = list(Session.objects.filter(event=event))
    if sessions:
        start = min(s.starts_at for s in sessions)
        return int((max(s.ends_at for s in sessions) - start).total_seconds() // 60)
    if event.starts_at and event.ends_at:
        return int((event.ends_at - event.starts_at).total_seconds() // 60)
    return 0


def certificate_data(registration: Registration) -> dict[str, Any]:
    """Everything a certificate shows (its fingerprint is made of it)."""
    event = registration.event
    minutes = _duration_minutes(event)
    themes = list(
        event.call_for_papers.themes.values_list("title", flat=True)
        if hasattr(event, "call_for_papers")
        else []
    )
    return {
        "name": registration.name,
        "event": event.title,
        "kind": event.get_kind_display(),
        "date": date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")
        if event.starts_at
        else "",
        "place": event.location or (_("en ligne") if event.online else ""),
        "duration": _("%(hours)d h %(minutes)02d")
        % {"hours": minutes // 60, "minutes": minutes % 60},
        "themes": themes,
        "organiser": event.organiser,
    }


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(12))


def render_certificate(*, registration: Registration) -> bool:
    """Make the registrant's certificate PDF unless the stored one has the same fingerprint;
    True when it was (re)rendered.

    Side effects: a ``Certificate`` row (with its code) and its PDF file.
    """
    certificate, _created = Certificate.objects.get_or_create(
        registration=registration, defaults={"code": _new_code()}
    )
    data = certificate_data(registration)
    digest = _fingerprint(data)
    if certificate.file and certificate.fingerprint == digest:
        return False
    pdf = attendance_pdf.certificate_pdf({**data, "code": certificate.code})
    if certificate.file:
        certificate.file.delete(save=False)
    certificate.file.save(f"attestation-{digest[:16]}.pdf", ContentFile(pdf), save=False)
    certificate.fingerprint = digest
    certificate.rendered_at = timezone.now()
    certificate.save()
    return True


def certificate_token(certificate: Certificate) -> str:
    return signing.dumps(certificate.pk, salt=CERTIFICATE_SALT)


def certificate_from_token(token: str) -> Certificate | None:
    try:
        pk = signing.loads(token, salt=CERTIFICATE_SALT)
    except signing.BadSignature:
        return None
    return Certificate.objects.filter(pk=pk).exclude(file="").first()


def send_certificate(*, certificate: Certificate) -> None:
    """Side effects: one outbox mail with the signed download link; ``sent_at`` set."""
    registration = certificate.registration
    url = reverse("certificate-download", kwargs={"token": certificate_token(certificate)})
    queue_mail(
        "attendance_certificate",
        to=registration.email,
        context={"registration": registration, "event": registration.event, "url": url},
        about=f"events.registration:{registration.pk}",
    )
    certificate.sent_at = timezone.now()
    certificate.save(update_fields=["sent_at"])


def start_certificates(*, event: Event, send: bool = True) -> CertificateRun:
    """Queue the rendering (and sending) of the certificates of every present registrant.

    Side effects: a ``CertificateRun``; after commit, a Celery task renders the batch.
    """
    if not event.is_past():
        raise ValidationError(_("Les attestations se font après l'événement."))
    present = Attendance.objects.filter(registration__event=event).count()
    if not present:
        raise ValidationError(_("Personne n'est pointé présent pour cet événement."))
    run = CertificateRun.objects.create(event=event, total=present, send=send)
    from events.tasks import render_certificates

    transaction.on_commit(lambda: render_certificates.delay(run.pk))
    return run


def run_certificates(run_id: int) -> CertificateRun:
    """Render the batch: each certificate once (fingerprint), sent once.

    Side effects: certificates, their files and mails; the run's progress as it goes.
    """
    run = CertificateRun.objects.select_related("event").get(pk=run_id)
    run.status = CertificateRun.Status.RENDERING
    run.save(update_fields=["status"])
    registrations = (
        Registration.objects.filter(event=run.event, attendance__isnull=False)
        .select_related("event__call_for_papers", "certificate")
        .order_by("name", "pk")
    )
    try:
        for registration in registrations:
            with transaction.atomic():
                if render_certificate(registration=registration):
                    run.rendered += 1
                certificate = Certificate.objects.get(registration=registration)
                if run.send and certificate.sent_at is None:
                    send_certificate(certificate=certificate)
                run.done += 1
                run.save(update_fields=["done", "rendered"])
    except Exception as error:  # recorded for the admin, then raised for the worker's log
        run.status, run.error = CertificateRun.Status.FAILED, str(error)
        run.save(update_fields=["status", "error"])
        raise
    run.status, run.finished_at = CertificateRun.Status.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def verify_certificate(code: str) -> Certificate | None:
    """The certificate of that code, if genuine (case and spaces ignored)."""
    cleaned = "".join(code.split()).upper().replace("-", "")
    if not cleaned or len(cleaned) > 16:
        return None
    return Certificate.objects.select_related("registration__event").filter(code=cleaned).first()


def sign_in_names(session: Session) -> list[str]:
    """The names of the event's confirmed registrants, sorted (accents and case ignored)."""
    names = Registration.objects.filter(
        event_id=session.event_id, status=Registration.Status.CONFIRMED
    ).values_list("name", flat=True)
    return sorted(names, key=lambda n: (attendance_pdf.sort_key(n), n))


def render_sign_in_sheet(session_id: int) -> bool:
    """Render the session's sign-in sheet unless unchanged; True when (re)rendered.

    Side effects: a ``SignInSheet`` row and its PDF file.
    """
    session = Session.objects.select_related("event", "room").get(pk=session_id)
    sheet, _created = SignInSheet.objects.get_or_create(session=session)
    data = {
        "event": session.event.title,
        "session": session.title,
        "room": str(session.room or ""),
        "starts_at": timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%H:%M"),
        "names": sign_in_names(session),
    }
    digest = _fingerprint(data)
    if sheet.file and sheet.fingerprint == digest:
        return False
    if sheet.file:
        sheet.file.delete(save=False)
    pdf = attendance_pdf.sign_in_sheet_pdf(data)
    sheet.file.save(f"emargement-{digest[:16]}.pdf", ContentFile(pdf), save=False)
    sheet.fingerprint, sheet.rendered_at = digest, timezone.now()
    sheet.save()
    return True


def request_sign_in_sheet(*, session: Session) -> None:
    """Side effects: after commit, a Celery task renders the session's sign-in sheet."""
    from events.tasks import render_sign_in_sheet as task

    transaction.on_commit(lambda: task.delay(session.pk))
