"""Answers to a call's own questions: saved with the draft, required ones checked when the
proposal is sent, read by the people allowed to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from events.models import Answer, Question, Submission, SubmissionSpeaker
from network.models import User


def save_answers(
    submission: Submission,
    *,
    changes: Mapping[int, Any],
    speaker: SubmissionSpeaker | None = None,
) -> None:
    """Store the answers of ``submission`` (or of one of its speakers) to its call's
    questions: question pk → text, an upload, None (a file kept) or "" (removed).
    The caller checked that ``by`` may edit the proposal (see ``save_submission``).

    Side effects: Answer rows created, updated or deleted; answer files stored or deleted.
    """
    target = Question.Target.SPEAKER if speaker is not None else Question.Target.SUBMISSION
    questions = {
        question.pk: question
        for question in submission.call.questions.filter(pk__in=list(changes), target=target)
    }
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.filter(
            submission=submission, speaker=speaker, question__in=list(questions)
        )
    }
    for pk, value in changes.items():
        question = questions.get(pk)
        if question is None or value is None:
            continue  # another call's question, or a file kept as it is
        answer = existing.get(pk) or Answer(question=question, submission=submission)
        answer.speaker = speaker
        if isinstance(value, UploadedFile):
            if answer.file:
                answer.file.delete(save=False)
            answer.file.save("reponse.pdf", value, save=False)
            answer.value = ""
            answer.save()
        elif value == "":
            if answer.pk is not None:
                if answer.file:
                    answer.file.delete(save=False)
                answer.delete()
        else:
            answer.value = value
            answer.save()


def missing_answers(submission: Submission) -> list[str]:
    """The required questions of the call still without an answer, for the proposal and for
    each of its saved speakers (by name)."""
    questions = list(submission.call.questions.filter(required=True))
    if not questions:
        return []
    answered = set(
        Answer.objects.filter(submission=submission).values_list("question_id", "speaker_id")
    )
    speakers = (
        list(submission.speakers.all())
        if any(question.target == Question.Target.SPEAKER for question in questions)
        else []
    )
    missing = []
    for question in questions:
        if question.target == Question.Target.SUBMISSION:
            if (question.pk, None) not in answered:
                missing.append(_("une réponse à « %(q)s »") % {"q": question.localized_label()})
            continue
        for speaker in speakers:
            if (question.pk, speaker.pk) not in answered:
                missing.append(
                    _("une réponse de %(name)s à « %(q)s »")
                    % {"name": speaker.name, "q": question.localized_label()}
                )
    return missing


def answers_for_reviewer(submission: Submission) -> QuerySet[Answer]:
    """The answers a reviewer of ``submission`` may read: questions marked visible, and the
    speakers' own answers only when the call shows names."""
    answers = Answer.objects.filter(
        submission=submission, question__visible_to_reviewers=True
    ).select_related("question")
    if not submission.call.reviewers_see_speakers:
        answers = answers.filter(speaker__isnull=True)
    return answers


def readable_answer(answer_pk: int, *, by: User) -> Answer | None:
    """The answer (for its file) if ``by`` may read it: the proposal's owner, a coordinator
    holding the permission, or a reviewer of the proposal when reviewers see it."""
    answer = (
        Answer.objects.select_related("submission__call", "question").filter(pk=answer_pk).first()
    )
    if answer is None:
        return None
    submission = answer.submission
    if submission.owner_id == by.pk or (by.is_staff and by.has_perm("events.view_submission")):
        return answer
    is_reviewer = submission.reviews.filter(reviewer=by).exists()
    shown = answer.question.visible_to_reviewers and (
        answer.speaker_id is None or submission.call.reviewers_see_speakers
    )
    return answer if is_reviewer and shown else None


def answers_by_submission(submissions: QuerySet[Submission]) -> dict[int, list[Answer]]:
    """Every answer of ``submissions`` (one query), by submission, in the questions' order."""
    grouped: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(Q(submission__in=submissions)).select_related(
        "question", "speaker"
    ):
        grouped.setdefault(answer.submission_id, []).append(answer)
    return grouped
