"""Writes with business meaning for events: submissions and their states.

Every change of a submission's state happens in one function here; views, admin actions
and tasks all call them. Speaker-facing changes are refused once the call is closed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import (
    CallForPapers,
    Event,
    ProgrammeSlot,
    Registration,
    Review,
    ReviewScore,
    SlotSpeaker,
    Submission,
    SubmissionSpeaker,
)
from network.mail import queue_mail, queue_written_mail
from network.models import Perspective, User
from network.permissions import REVIEWERS

EDITABLE_FIELDS = ["title", "abstract", "theme", "contribution_kind", "note", "attachment"]


class CallClosed(ValidationError):
    """The call's deadline has passed (or it has not opened): nothing changes."""


def _check_open(call: CallForPapers, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if now > call.closes_at:
        raise CallClosed(
            _(
                "L'appel à communications est clos depuis le %(date)s : "
                "les propositions ne peuvent plus être modifiées."
            )
            % {"date": date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")}
        )
    if now < call.opens_at:
        raise CallClosed(_("L'appel à communications n'est pas encore ouvert."))


def _check_owner(submission: Submission, by: User) -> None:
    if submission.owner_id != by.pk:
        raise PermissionDenied


def _check_editable(submission: Submission, by: User, now: datetime.datetime | None = None) -> None:
    _check_owner(submission, by)
    _check_open(submission.call, now)
    if submission.state not in submission.editable_states:
        raise ValidationError(
            _("Une proposition « %(state)s » ne peut plus être modifiée.")
            % {"state": submission.get_state_display()}
        )


def start_submission(call: CallForPapers, *, by: User) -> Submission:
    """A new draft for ``by``, who is its first speaker.

    Side effects: one Submission (draft) and one SubmissionSpeaker.
    """
    _check_open(call)
    submission = Submission.objects.create(call=call, owner=by, title="")
    SubmissionSpeaker.objects.create(
        submission=submission, user=by, name=by.get_full_name() or by.email, email=by.email
    )
    return submission


def save_draft(submission: Submission, *, by: User, changes: Mapping[str, Any]) -> Submission:
    """Record what the speaker typed (autosave or the button), whatever its completeness.

    Side effects: the named fields saved; nothing else (no mail, no state change).
    """
    _check_editable(submission, by)
    fields = [name for name in EDITABLE_FIELDS if name in changes]
    for name in fields:
        setattr(submission, name, changes[name])
    submission.save(update_fields=[*fields, "updated_at"])
    return submission


@transaction.atomic
def submit_submission(submission: Submission, *, by: User) -> Submission:
    """Send a complete draft to the organisers (or confirm an edit of a sent one).

    Side effects: state "submitted" and its date; after commit, a receipt to the owner and
    an invitation to each co-speaker not invited yet.
    """
    submission = Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
    now = timezone.now()  # one instant: a proposal accepted at the deadline is dated by it
    _check_editable(submission, by, now)
    missing = submission.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Pour envoyer la proposition, il manque : %(missing)s.")
            % {"missing": ", ".join(str(item) for item in missing)}
        )
    if submission.word_count() > submission.call.abstract_max_words:
        raise ValidationError(
            _("Le résumé compte %(count)d mots ; l'appel en permet %(max)d au plus.")
            % {"count": submission.word_count(), "max": submission.call.abstract_max_words}
        )
    first_time = submission.state == Submission.State.DRAFT
    submission.state = Submission.State.SUBMITTED
    if first_time:
        submission.submitted_at = now
    submission.save(update_fields=["state", "submitted_at", "updated_at"])
    context = {"submission": submission, "event": submission.call.event, "first_time": first_time}
    queue_mail("submission_receipt", to=submission.owner.email, context=context)
    for speaker in submission.speakers.filter(invited_at__isnull=True).exclude(
        email__iexact=submission.owner.email
    ):
        queue_mail(
            "submission_invitation", to=speaker.email, context={**context, "speaker": speaker}
        )
        speaker.invited_at = timezone.now()
        speaker.save(update_fields=["invited_at"])
    return submission


def withdraw_submission(submission: Submission, *, by: User) -> Submission:
    """The speaker withdraws their proposal before the deadline.

    Side effects: state "withdrawn".
    """
    with transaction.atomic():  # never over a decision being sent at the same moment
        submission = (
            Submission.objects.select_for_update().select_related("call").get(pk=submission.pk)
        )
        _check_editable(submission, by)
        submission.state = Submission.State.WITHDRAWN
        submission.save(update_fields=["state", "updated_at"])
    return submission


# --- Review, decisions, confirmation ----------------------------------------------------------


def assign_reviewer(submission: Submission, *, reviewer: User) -> Review:
    """Ask ``reviewer`` (a member of « Relecteurs ») to review the submission.

    Side effects: an empty Review (once per reviewer and submission).
    """
    if not reviewer.groups.filter(name=REVIEWERS).exists():
        raise ValidationError(_("%(person)s n'est pas relecteur.") % {"person": reviewer})
    check_not_a_speaker(submission, reviewer)
    review, _created = Review.objects.get_or_create(submission=submission, reviewer=reviewer)
    return review


def check_not_a_speaker(submission: Submission, reviewer: User) -> None:
    """Nobody reviews a proposal they are a speaker of."""
    speaker = (
        reviewer.pk == submission.owner_id
        or submission.speakers.filter(Q(user=reviewer) | Q(email__iexact=reviewer.email)).exists()
    )
    if speaker:
        raise ValidationError(
            _("%(person)s intervient dans cette proposition et ne peut pas la relire.")
            % {"person": reviewer}
        )


def missing_perspectives(submission: Submission) -> list[str]:
    """For a call asking for paired review: the perspectives no finished review comes from
    (an assigned reviewer who has not reviewed yet does not count)."""
    if not submission.call.paired_review:
        return []
    present = {
        review.reviewer.perspective
        for review in submission.reviews.all()
        if review.submitted_at is not None
    }
    return [str(p.label) for p in Perspective if p.value not in present]


@transaction.atomic
def submit_review(review: Review, *, by: User, scores: Mapping[int, int], comment: str) -> Review:
    """Record a reviewer's scores (criterion id → value) and comment; may be done again.

    Side effects: the scores, the comment, the mean score and the date.
    """
    if review.reviewer_id != by.pk:
        raise PermissionDenied
    if review.submission.state not in {Submission.State.SUBMITTED}:
        raise ValidationError(_("Cette proposition n'attend plus de relecture."))
    criteria = {c.pk: c for c in review.submission.call.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Notez chacun des critères."))
    for criterion_id, value in scores.items():
        if not 0 <= value <= criteria[criterion_id].max_score:
            raise ValidationError(
                _("La note de « %(criterion)s » va de 0 à %(max)d.")
                % {"criterion": criteria[criterion_id], "max": criteria[criterion_id].max_score}
            )
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion_id=pk, value=value) for pk, value in scores.items()
    )
    review.comment = comment
    review.score = (
        Decimal(sum(scores.values()) / len(scores)).quantize(Decimal("0.01")) if scores else None
    )
    review.submitted_at = timezone.now()
    review.save(update_fields=["comment", "score", "submitted_at"])
    return review


def stage_decision(submissions: Iterable[Submission], *, decision: str) -> int:
    """Prepare a decision without telling anyone yet (coordinators review it, then send).

    Side effects: ``staged_decision`` of the submitted submissions.
    """
    ids = [s.pk for s in submissions]
    return Submission.objects.filter(pk__in=ids, state=Submission.State.SUBMITTED).update(
        staged_decision=Submission.Decision(decision)
    )


@transaction.atomic
def send_decisions(submissions: Iterable[Submission]) -> int:
    """Apply the staged decisions and mail them, from the call's editable texts.

    Side effects: state accepted or rejected, decision date, staged decision cleared; one
    decision mail per submission (to its owner) after commit.
    """
    ids = [s.pk for s in submissions]
    staged = list(
        Submission.objects.select_for_update()
        .filter(pk__in=ids, state=Submission.State.SUBMITTED)
        .exclude(staged_decision="")
        .select_related("call__event", "owner")
        .prefetch_related("reviews__reviewer")
    )
    still_open = [s.title for s in staged if s.call.is_open()]
    if still_open:
        raise ValidationError(
            _(
                "L'appel est encore ouvert et ces propositions peuvent encore changer : "
                "%(titles)s. Aucune décision n'est envoyée avant la date limite."
            )
            % {"titles": ", ".join(_("« %(slug)s »") % {"slug": t} for t in still_open)}
        )
    unpaired = [s.title for s in staged if missing_perspectives(s)]
    if unpaired:
        raise ValidationError(
            _(
                "Relecture en binôme incomplète (il faut un relecteur au savoir expérientiel "
                "et un professionnel) pour : %(titles)s. Aucune décision n'est envoyée."
            )
            % {"titles": ", ".join(_("« %(slug)s »") % {"slug": t} for t in unpaired)}
        )
    count = 0
    for submission in staged:
        accepted = submission.staged_decision == Submission.Decision.ACCEPT
        submission.state = Submission.State.ACCEPTED if accepted else Submission.State.REJECTED
        submission.staged_decision = ""
        submission.decision_sent_at = timezone.now()
        submission.save(
            update_fields=["state", "staged_decision", "decision_sent_at", "updated_at"]
        )
        call = submission.call
        context = Context(
            {
                "title": submission.title,
                "event": call.event.title,
                "url": settings.SITE_URL + submission.get_absolute_url(),
                "confirmation_deadline": date_format(
                    timezone.localtime(call.confirmation_deadline), "j F Y"
                )
                if call.confirmation_deadline
                else _("la date de l'événement"),
            },
            autoescape=False,
        )
        subject = call.acceptance_subject if accepted else call.rejection_subject
        body = call.acceptance_body if accepted else call.rejection_body
        queue_written_mail(
            "decision_acceptance" if accepted else "decision_rejection",
            to=submission.owner.email,
            subject=Template(subject).render(context),
            body=Template(body).render(context),
        )
        count += 1
    return count


@transaction.atomic
def decline_submission(submission: Submission, *, by: User) -> Submission:
    """An accepted (or confirmed) speaker who can no longer come withdraws: the talk leaves
    the programme and the organisers are told.

    Side effects: state "withdrawn"; the programme slot removed; a mail to the call's
    contact after commit.
    """
    submission = (
        Submission.objects.select_for_update().select_related("call__event").get(pk=submission.pk)
    )
    _check_owner(submission, by)
    if submission.state not in {Submission.State.ACCEPTED, Submission.State.CONFIRMED}:
        raise ValidationError(
            _("Seule une proposition retenue peut faire l'objet d'un désistement.")
        )
    if submission.call.event.is_past():
        raise ValidationError(_("L'événement est passé."))
    slot = submission.slot
    submission.state = Submission.State.WITHDRAWN
    submission.slot = None
    submission.save(update_fields=["state", "slot", "updated_at"])
    if slot is not None:
        slot.delete()
    queue_mail(
        "submission_declined",
        to=submission.call.contact_email,
        context={
            "submission": submission,
            "event": submission.call.event,
            "removed_from_programme": slot is not None,
        },
    )
    return submission


@transaction.atomic
def confirm_submission(submission: Submission, *, by: User) -> Submission:
    """The accepted speaker confirms: the talk enters the event's programme.

    Side effects: state "confirmed" and its date; a ProgrammeSlot with the speakers.
    """
    submission = (
        Submission.objects.select_for_update().select_related("call__event").get(pk=submission.pk)
    )
    _check_owner(submission, by)
    if submission.state != Submission.State.ACCEPTED:
        raise ValidationError(_("Seule une proposition acceptée peut être confirmée."))
    call, now = submission.call, timezone.now()
    if call.event.is_past(now) or (
        call.confirmation_deadline is not None and now > call.confirmation_deadline
    ):
        raise ValidationError(
            _(
                "La date limite de confirmation est passée : écrivez à %(contact)s pour "
                "savoir si votre intervention peut encore entrer au programme."
            )
            % {"contact": call.contact_email}
        )
    event = call.event
    slot = ProgrammeSlot.objects.create(
        event=event,
        title=submission.title,
        kind=ProgrammeSlot.Kind.CONFERENCE,
        description=submission.abstract,
        position=event.slots.count(),
    )
    SlotSpeaker.objects.bulk_create(
        SlotSpeaker(
            slot=slot,
            name=speaker.name,
            affiliation=speaker.affiliation,
            role=speaker.role,
            engagement_role_id=speaker.engagement_role_id,
            position=speaker.position,
        )
        for speaker in submission.speakers.all()
    )
    submission.state = Submission.State.CONFIRMED
    submission.confirmed_at = timezone.now()
    submission.slot = slot
    submission.save(update_fields=["state", "confirmed_at", "slot", "updated_at"])
    return submission


# --- Registrations ------------------------------------------------------------------------------

CANCEL_SALT = "events.registration.cancel"


class RegistrationRefused(ValidationError):
    """The event takes no registration (closed, past) or the person is already registered."""


PAST_EVENT_MESSAGE = gettext_lazy(
    "Cet événement est passé : l'inscription ne peut plus être annulée."
)


@transaction.atomic
def register(event: Event, *, name: str, email: str, **details: str) -> Registration:
    """Register someone: a place if there is one left, else the waiting list.

    Side effects: one Registration; after commit, a confirmation (or waiting-list) mail with
    a link to cancel.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)  # one place, one person
    if not event.registration_open or event.is_past():
        raise RegistrationRefused(_("Les inscriptions à cet événement sont closes."))
    email = email.strip().lower()
    if (
        event.registrations.filter(email=email)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    ):
        raise RegistrationRefused(_("Cette adresse est déjà inscrite à l'événement."))
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    full = event.capacity is not None and taken >= event.capacity
    registration = Registration.objects.create(
        event=event,
        name=name,
        email=email,
        status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
        **details,
    )
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
    events = list(  # locked as in register(): one place, one person
        Event.objects.select_for_update()
        .filter(pk__in=Registration.objects.filter(pk__in=ids).values("event_id"))
        .order_by("pk")
    )
    if any(event.is_past() for event in events):
        raise RegistrationRefused(PAST_EVENT_MESSAGE)
    Registration.objects.filter(pk__in=ids).exclude(status=Registration.Status.CANCELLED).update(
        status=Registration.Status.CANCELLED
    )
    return [promoted for event in events for promoted in _fill_places(event)]


@transaction.atomic
def fill_places(event: Event) -> list[Registration]:
    """Give free places (after a cancellation or a larger capacity) to those waiting, in
    the order they registered. Side effects: statuses; a mail to each promoted person."""
    return _fill_places(Event.objects.select_for_update().get(pk=event.pk))


def _fill_places(event: Event) -> list[Registration]:
    if event.starts_at is not None and event.starts_at <= timezone.now():
        return []  # under way or over: no place is offered any more
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "created_at", "pk"
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


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_from_token(token: str) -> Registration | None:
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def _mail_registration(registration: Registration, *, promoted: bool = False) -> None:
    queue_mail(
        "registration",
        to=registration.email,
        context={
            "registration": registration,
            "event": registration.event,
            "promoted": promoted,
            "cancel_url": settings.SITE_URL
            + reverse("registration-cancel", kwargs={"token": cancel_token(registration)}),
        },
    )
