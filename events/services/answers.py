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


def _unanswered(
    submission: Submission, questions: list[Question], answers: list[Answer], *, own: bool
) -> list[str]:
    """The required ``questions`` without an answer: with ``own``, those of the proposal and
    of the owner's own speaker line (what the owner answers); without, those each other
    speaker still has to answer for themself (by name)."""
    answered = {(answer.question_id, answer.speaker_id) for answer in answers}
    required = [question for question in questions if question.required]
    speakers = [
        speaker
        for speaker in submission.speakers.all()
        if (speaker.user_id == submission.owner_id) == own
    ]
    missing = []
    for question in required:
        label = question.localized_label()
        if question.target == Question.Target.SUBMISSION:
            if own and (question.pk, None) not in answered:
                missing.append(_("une réponse à « %(q)s »") % {"q": label})
            continue
        for speaker in speakers:
            if (question.pk, speaker.pk) in answered:
                continue
            if own:
                missing.append(_("votre réponse à « %(q)s »") % {"q": label})
            else:
                missing.append(
                    _("une réponse de %(name)s à « %(q)s »") % {"name": speaker.name, "q": label}
                )
    return missing


def missing_answers(submission: Submission) -> list[str]:
    """What the owner must still answer before sending: the required questions about the
    proposal, and those asked of each speaker for the owner's own line. Co-speakers answer
    theirs themselves (:func:`awaited_answers`): they never block the sending."""
    questions = list(submission.call.questions.filter(required=True))
    if not questions:
        return []
    return _unanswered(submission, questions, list(submission.answers.all()), own=True)


def awaited_answers(submission: Submission, answers: list[Answer] | None = None) -> list[str]:
    """The required answers co-speakers still owe (« une réponse de X à « Q » »). With
    ``answers`` given and the call's questions and the speakers prefetched, no query."""
    questions = list(submission.call.questions.all())
    if not any(q.required and q.target == Question.Target.SPEAKER for q in questions):
        return []
    answers = list(submission.answers.all()) if answers is None else answers
    return _unanswered(submission, questions, answers, own=False)


def answers_for_reviewer(submission: Submission) -> list[Answer]:
    """The answers a reviewer of ``submission`` may read: questions marked visible, about
    the proposal or from each speaker. A speaker's answer carries ``speaker_label``: their
    name when the call shows names to reviewers, else only their rank (« Intervenant 2 »)."""
    answers = list(
        Answer.objects.filter(submission=submission, question__visible_to_reviewers=True)
        .select_related("question", "speaker")
        .order_by("question__position", "question_id", "speaker__position", "speaker_id")
    )
    ranks = {pk: rank for rank, pk in enumerate(_speaker_ids(answers), start=1)}
    named = submission.call.reviewers_see_speakers
    for answer in answers:
        answer.speaker_label = None  # type: ignore[attr-defined]
        if answer.speaker is not None:
            answer.speaker_label = (  # type: ignore[attr-defined]
                answer.speaker.name
                if named
                else _("Intervenant %(rank)d") % {"rank": ranks[answer.speaker.pk]}
            )
    return answers


def _speaker_ids(answers: list[Answer]) -> list[int]:
    """The answering speakers, in the proposal's order (rank = position in this list)."""
    speakers = {a.speaker.pk: a.speaker for a in answers if a.speaker is not None}
    return [s.pk for s in sorted(speakers.values(), key=lambda s: (s.position, s.pk))]


def readable_answer(answer_pk: int, *, by: User) -> Answer | None:
    """The answer (for its file) if ``by`` may read it: the proposal's owner or one of its
    speakers who accepted (co-speakers read each other's answers), a coordinator holding
    the permission, or a reviewer of the proposal when the question is shown to them."""
    answer = (
        Answer.objects.select_related("submission__call", "question").filter(pk=answer_pk).first()
    )
    if answer is None:
        return None
    submission = answer.submission
    if submission.owner_id == by.pk or (by.is_staff and by.has_perm("events.view_submission")):
        return answer
    if submission.speakers.filter(user=by).exists():
        return answer
    is_reviewer = submission.reviews.filter(reviewer=by).exists()
    return answer if is_reviewer and answer.question.visible_to_reviewers else None


def answers_by_submission(submissions: QuerySet[Submission]) -> dict[int, list[Answer]]:
    """Every answer of ``submissions`` (one query), by submission, in the questions' order."""
    grouped: dict[int, list[Answer]] = {}
    for answer in (
        Answer.objects.filter(Q(submission__in=submissions))
        .select_related("question", "speaker")
        .order_by("question__position", "question_id", "speaker__position", "speaker_id")
    ):
        grouped.setdefault(answer.submission_id, []).append(answer)
    return grouped
