"""Decisions on submissions and the speakers' answers: staged, sent, confirmed, declined."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import ProgrammeSlot, SlotSpeaker, Submission
from events.services.reviews import missing_perspectives
from events.services.submissions import check_owner
from network.mail import queue_mail, queue_written_mail
from network.models import User


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
            body=Template(body).render(context) + _author_comments(submission),
        )
        count += 1
    return count


def _author_comments(submission: Submission) -> str:
    """The reviewers' comments for the authors (without their names), when the call sends
    them with its decisions (reviews prefetched by the caller)."""
    if not submission.call.send_author_comments:
        return ""
    comments = [
        review.author_comment.strip()
        for review in submission.reviews.all()
        if review.submitted_at is not None and review.author_comment.strip()
    ]
    if not comments:
        return ""
    return (
        "\n\n"
        + _("Commentaires des relecteurs :")
        + "".join(f"\n\n— {comment}" for comment in comments)
    )


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
    check_owner(submission, by)
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
    check_owner(submission, by)
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
