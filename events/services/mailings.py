"""Mails coordinators write to the speakers of a call or the registrants of an event: one
template with placeholders, sent through the outbox, once per address."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.template import Context, Template, TemplateSyntaxError
from django.utils.translation import gettext as _

from events.models import CallForPapers, Event, Registration, Submission
from network.mail import queue_written_mail

SPEAKER_STATES = (
    Submission.State.ACCEPTED,
    Submission.State.CONFIRMED,
    Submission.State.REJECTED,
)
PLACEHOLDERS = "{{ name }}, {{ event }}, {{ title }}"


def check_template(text: str) -> str:
    """Refuse, in French, a text that cannot be composed."""
    try:
        Template(text).render(Context({"name": "A", "event": "E", "title": "T"}, autoescape=False))
    except (TemplateSyntaxError, ValueError, TypeError, AttributeError) as error:
        raise ValidationError(
            _("Ce texte ne peut pas être composé (%(error)s). Variables : %(names)s.")
            % {"error": error, "names": PLACEHOLDERS}
        ) from None
    return text


def _send(
    recipients: Iterable[tuple[str, str, str]], *, event: Event, subject: str, body: str
) -> int:
    """(email, name, title) → one mail per distinct address (the first line wins)."""
    subject_template, body_template = (
        Template(check_template(subject)),
        Template(check_template(body)),
    )
    seen: set[str] = set()
    for email, name, title in recipients:
        key = email.strip().casefold()
        if not key or key in seen:
            continue
        seen.add(key)
        context = Context({"name": name, "event": event.title, "title": title}, autoescape=False)
        queue_written_mail(
            "coordination_message",
            to=email.strip(),
            subject=subject_template.render(context),
            body=body_template.render(context),
        )
    return len(seen)


def mail_speakers(call: CallForPapers, *, states: Iterable[str], subject: str, body: str) -> int:
    """Write to every speaker (owners and co-speakers) of the call's proposals in ``states``.

    Side effects: one written mail per distinct address, through the outbox.
    """
    wanted = [state for state in states if state in SPEAKER_STATES]
    submissions = (
        Submission.objects.filter(call=call, state__in=wanted)
        .select_related("owner")
        .prefetch_related("speakers")
        .order_by("pk")
    )
    recipients: list[tuple[str, str, str]] = []
    for submission in submissions:
        for speaker in submission.speakers.all():
            recipients.append((speaker.email, speaker.name, submission.title))
        recipients.append(
            (submission.owner.email, submission.owner.get_full_name(), submission.title)
        )
    return _send(recipients, event=call.event, subject=subject, body=body)


def mail_registrants(event: Event, *, subject: str, body: str) -> int:
    """Write to every registrant of the event (registered or on the waiting list).

    Side effects: one written mail per distinct address, through the outbox.
    """
    registrations = Registration.objects.filter(
        event=event,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
    ).order_by("pk")
    recipients = [(r.email, r.name, "") for r in registrations]
    return _send(recipients, event=event, subject=subject, body=body)
