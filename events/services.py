"""Writes with business meaning for events: submissions and their states.

Every change of a submission's state happens in one function here; views, admin actions
and tasks all call them. Speaker-facing changes are refused once the call is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import CallForPapers, Submission, SubmissionSpeaker
from network.mail import send_mail
from network.models import User

EDITABLE_FIELDS = ["title", "abstract", "theme", "contribution_kind", "note", "attachment"]


class CallClosed(ValidationError):
    """The call's deadline has passed (or it has not opened): nothing changes."""


def _check_open(call: CallForPapers) -> None:
    now = timezone.now()
    if now > call.closes_at:
        raise CallClosed(
            _(
                "L'appel à communications est clos depuis le %(date)s : "
                "les propositions ne peuvent plus être modifiées."
            )
            % {"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y à %H:%M")}
        )
    if now < call.opens_at:
        raise CallClosed(_("L'appel à communications n'est pas encore ouvert."))


def _check_owner(submission: Submission, by: User) -> None:
    if submission.owner_id != by.pk:
        raise PermissionDenied


def _check_editable(submission: Submission, by: User) -> None:
    _check_owner(submission, by)
    _check_open(submission.call)
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
    _check_editable(submission, by)
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
        submission.submitted_at = timezone.now()
    submission.save(update_fields=["state", "submitted_at", "updated_at"])
    context = {"submission": submission, "event": submission.call.event, "first_time": first_time}
    send_mail("submission_receipt", to=submission.owner.email, context=context)
    for speaker in submission.speakers.filter(invited_at__isnull=True).exclude(
        email__iexact=submission.owner.email
    ):
        send_mail(
            "submission_invitation", to=speaker.email, context={**context, "speaker": speaker}
        )
        speaker.invited_at = timezone.now()
        speaker.save(update_fields=["invited_at"])
    return submission


def withdraw_submission(submission: Submission, *, by: User) -> Submission:
    """The speaker withdraws their proposal before the deadline.

    Side effects: state "withdrawn".
    """
    _check_editable(submission, by)
    submission.state = Submission.State.WITHDRAWN
    submission.save(update_fields=["state", "updated_at"])
    return submission
