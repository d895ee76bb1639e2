"""Registrations to events: asked for on the public page, confirmed through the mailed
link (only then a place or the waiting list), cancelled through another signed link.

Nothing here tells whether an address was already registered: the page answers the same,
and only the mailbox learns it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from events.models import Event, Registration
from network.mail import queue_mail
from network.ratelimit import allow

CANCEL_SALT = "events.registration.cancel"
CONFIRM_SALT = "events.registration.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link older than a week is asked for again
MAILS_PER_ADDRESS_PER_HOUR = 3  # beyond, the page answers the same and no mail leaves
HOUR = 3600


class RegistrationRefused(ValidationError):
    """The event takes no registration (closed, past), or the link no longer works."""


PAST_EVENT_MESSAGE = gettext_lazy(
    "Cet événement est passé : l'inscription ne peut plus être annulée."
)
CLOSED_MESSAGE = gettext_lazy("Les inscriptions à cet événement sont closes.")


def _active(event: Event, email: str) -> Registration | None:
    return (
        event.registrations.filter(email=email)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


@transaction.atomic
def register_attendee(event: Event, *, name: str, email: str, **details: Any) -> Registration:
    """Ask for a registration. It takes nothing until the person confirms it through the
    link mailed to them (:func:`confirm_registration`). An address already registered gets
    its registration back by mail instead (no second row), so that the caller can answer
    the same in both cases.

    Side effects: a pending Registration when the address has no active one; after commit,
    a mail to the address (the confirmation link, or the current registration with its
    cancel link), at most ``MAILS_PER_ADDRESS_PER_HOUR`` an hour per address.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)  # one row per address
    if not event.registration_open or event.is_past():
        raise RegistrationRefused(str(CLOSED_MESSAGE))
    email = email.strip().lower()
    registration = _active(event, email)
    if registration is None:
        registration = Registration.objects.create(
            event=event, name=name, email=email, status=Registration.Status.PENDING, **details
        )
    if allow("event-registration-mail", email, limit=MAILS_PER_ADDRESS_PER_HOUR, window=HOUR):
        if registration.status == Registration.Status.PENDING:
            _mail_confirmation_link(registration)
        else:
            _mail_registration(registration)
    return registration


@transaction.atomic
def confirm_registration(registration: Registration) -> Registration:
    """The person confirms through the mailed link: a place if one is left, else the
    waiting list (in the order of confirmation). Confirming again changes nothing.

    Side effects: status and confirmation date; after commit, the registration mail with
    its cancel link.
    """
    event = Event.objects.select_for_update().get(pk=registration.event_id)  # one place, one person
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        return registration
    if not event.registration_open or event.is_past():
        raise RegistrationRefused(str(CLOSED_MESSAGE))
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    full = event.capacity is not None and taken >= event.capacity
    registration.status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    _mail_registration(registration)
    return registration


def cancel_registration(registration: Registration) -> Registration | None:
    """Cancel one registration; the first person waiting takes the place.

    Returns the promoted registration, if any. See :func:`cancel_registrations`.
    """
    promoted = cancel_registrations([registration])
    return promoted[0] if promoted else None


@transaction.atomic
def cancel_registrations(registrations: Iterable[Registration]) -> list[Registration]:
    """Cancel registrations, then move each event's waiting list up to its free places.

    All or nothing: once an event is over, nothing is cancelled (nobody is offered a place
    at an event that has ended). Returns the promoted registrations. Side effects: statuses;
    a mail to each promoted person after commit (never to someone cancelled here).
    """
    ids = [registration.pk for registration in registrations]
    events = list(  # locked as in confirm_registration(): one place, one person
        Event.objects.select_for_update()
        .filter(pk__in=Registration.objects.filter(pk__in=ids).values("event_id"))
        .order_by("pk")
    )
    if any(event.is_past() for event in events):
        raise RegistrationRefused(str(PAST_EVENT_MESSAGE))
    Registration.objects.filter(pk__in=ids).exclude(status=Registration.Status.CANCELLED).update(
        status=Registration.Status.CANCELLED
    )
    return [promoted for event in events for promoted in _fill_places(event)]


@transaction.atomic
def fill_places(event: Event) -> list[Registration]:
    """Give free places (after a cancellation or a larger capacity) to those waiting, in
    the order they confirmed. Side effects: statuses; a mail to each promoted person."""
    return _fill_places(Event.objects.select_for_update().get(pk=event.pk))


def _fill_places(event: Event) -> list[Registration]:
    if event.starts_at is not None and event.starts_at <= timezone.now():
        return []  # under way or over: no place is offered any more
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "confirmed_at", "created_at", "pk"
    )
    if event.capacity is not None:
        taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = waiting[: max(event.capacity - taken, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        _mail_registration(registration, promoted=True)
    return promoted


# --- Signed links ---------------------------------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def confirm_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CONFIRM_SALT)


def registration_from_token(token: str) -> Registration | None:
    """The registration a cancel link names, or None for a forged one. The link expires
    with the event: once it is over, the caller shows only that it is over."""
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def registration_to_confirm(token: str) -> Registration | None:
    """The registration a confirmation link names; None for a forged link or one older
    than ``CONFIRM_MAX_AGE`` (registering again sends a new one)."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def _link(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def _mail_confirmation_link(registration: Registration) -> None:
    queue_mail(
        "registration_confirm",
        to=registration.email,
        context={
            "registration": registration,
            "event": registration.event,
            "confirm_url": _link("registration-confirm", confirm_token(registration)),
            "days": CONFIRM_MAX_AGE // (24 * 3600),
        },
    )


def _mail_registration(registration: Registration, *, promoted: bool = False) -> None:
    queue_mail(
        "registration",
        to=registration.email,
        context={
            "registration": registration,
            "event": registration.event,
            "promoted": promoted,
            "cancel_url": _link("registration-cancel", cancel_token(registration)),
        },
    )
