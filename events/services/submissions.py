"""Submissions while their call is open: drafts, speakers, sending, withdrawal.

Every change of a submission's state happens in one function of this package; views, admin
actions and tasks all call them. Speaker-facing changes are refused once the call is closed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.models import CallForPapers, Submission, SubmissionSpeaker
from events.services.answers import missing_answers, save_answers
from events.services.profiles import invitation_token, speaker_defaults
from network.mail import queue_mail
from network.models import User

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


def check_owner(submission: Submission, by: User) -> None:
    if submission.owner_id != by.pk:
        raise PermissionDenied


def _check_editable(submission: Submission, by: User, now: datetime.datetime | None = None) -> None:
    check_owner(submission, by)
    _check_changeable(submission, now)


def _check_changeable(submission: Submission, now: datetime.datetime | None = None) -> None:
    """The call is open and the proposal a draft or a sent one."""
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
    defaults = speaker_defaults(by)
    SubmissionSpeaker.objects.create(
        submission=submission,
        user=by,
        name=defaults["name"],
        email=by.email,
        affiliation=defaults.get("affiliation", ""),
        engagement_role_id=defaults.get("engagement_role"),
    )
    return submission


def start_draft(call: CallForPapers, *, by: User, changes: Mapping[str, Any]) -> Submission:
    """A new draft created by the first keystroke, with what was typed.

    Side effects: those of :func:`start_submission`, then of :func:`save_draft`.
    """
    with transaction.atomic():
        return save_draft(start_submission(call, by=by), by=by, changes=changes)


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
    missing = [*submission.missing_for_submission(), *missing_answers(submission)]
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
            "submission_invitation",
            to=speaker.email,
            context={**context, "speaker": speaker, "token": invitation_token(speaker)},
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


Action = Literal["save", "submit", "withdraw"]
Outcome = Literal["saved", "sent", "resent", "withdrawn", "not_sent"]


@dataclass(frozen=True)
class SubmissionSaved:
    """What :func:`save_submission` did. ``not_sent``: a new draft was kept but could not be
    sent, for the reasons in ``refusal``."""

    submission: Submission
    outcome: Outcome
    refusal: tuple[str, ...] = ()


def save_submission(
    *,
    call: CallForPapers,
    submission: Submission | None,
    by: User,
    changes: Mapping[str, Any],
    speakers: Sequence[SubmissionSpeaker],
    action: str,
    answers: Mapping[int, Any] | None = None,
    own_answers: Mapping[int, Any] | None = None,
) -> SubmissionSaved:
    """The speaker's form, saved as one action: ``save`` (a draft), ``submit`` or
    ``withdraw``. ``speakers`` are the ones to keep, in order (unsaved instances carry the
    typed values); the others are removed. ``answers`` are those to the call's questions
    about the proposal, ``own_answers`` the owner's own to the questions asked of each
    speaker (saved on the owner's speaker line, if they are one; each co-speaker answers
    theirs with :func:`save_own_answers`), as :func:`events.services.answers.save_answers`
    takes them.

    A sent proposal is what reviewers read: it changes only into another complete one, all
    at once (its edit is rolled back if it cannot be sent again), and a withdrawal keeps it
    as it was. A refusal raises ``ValidationError``, except for a new draft that could not
    be sent: it is kept, and the outcome says why it was not sent.

    Side effects: a new Submission when ``submission`` is None; its fields and speakers;
    then those of :func:`submit_submission` or :func:`withdraw_submission`.
    """
    sent = submission is not None and submission.state == Submission.State.SUBMITTED
    if sent and action == "save":
        action = "submit"
    created = submission is None
    with transaction.atomic():
        if submission is None:
            _check_open(call)
            submission = Submission.objects.create(call=call, owner=by, title="")
        if not (sent and action == "withdraw"):
            save_draft(submission, by=by, changes=changes)
            _save_speakers(submission, speakers)
            save_answers(submission, changes=answers or {})
            own = submission.speakers.filter(user=by).first()
            if own is not None and own_answers:
                save_answers(submission, changes=own_answers, speaker=own)
        if sent and action == "submit":  # refused: the edit is rolled back
            submit_submission(submission, by=by)
            return SubmissionSaved(submission, "resent")
    if action == "submit":
        try:
            submit_submission(submission, by=by)
        except ValidationError as error:
            if created:  # the draft exists now: the speaker goes on from its own page
                return SubmissionSaved(submission, "not_sent", tuple(error.messages))
            raise
        return SubmissionSaved(submission, "sent")
    if action == "withdraw":
        return SubmissionSaved(withdraw_submission(submission, by=by), "withdrawn")
    return SubmissionSaved(submission, "saved")


def save_own_answers(submission: Submission, *, by: User, changes: Mapping[int, Any]) -> None:
    """A speaker of the proposal (its owner, or a co-speaker who accepted the invitation)
    answers the questions asked of each speaker, for themself only, while the proposal can
    change (the call open, a draft or a sent proposal).

    Side effects: the Answer rows of ``by``'s speaker line (see ``save_answers``).
    """
    speaker = submission.speakers.filter(user=by).first()
    if speaker is None:
        raise PermissionDenied
    _check_changeable(submission)
    with transaction.atomic():
        save_answers(submission, changes=changes, speaker=speaker)


def _save_speakers(submission: Submission, speakers: Sequence[SubmissionSpeaker]) -> None:
    kept = [speaker.pk for speaker in speakers if speaker.pk is not None]
    submission.speakers.exclude(pk__in=kept).delete()
    for position, speaker in enumerate(speakers):
        if speaker.pk is not None and speaker.submission_id != submission.pk:
            raise PermissionDenied  # another proposal's speaker
        speaker.submission = submission
        speaker.position = position
        if speaker.user_id is None and speaker.email.lower() == submission.owner.email.lower():
            speaker.user = submission.owner  # the owner's line is theirs (their profile)
        speaker.save()
