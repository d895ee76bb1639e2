"""A call's own questions: answered with the draft, required ones checked on sending, read
by the owner, coordinators, and reviewers only when the question is shown to them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events import services
from events.models import Answer, CallForPapers, Question, Submission, SubmissionSpeaker
from network.models import User
from tests.factories import CallForPapersFactory, UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def call(db: None, settings: Any, tmp_path: Path) -> CallForPapers:
    settings.MEDIA_ROOT = tmp_path
    call = CallForPapersFactory()
    call.questions.create(
        label="Public visé",
        label_en="Audience",
        kind=Question.Kind.CHOICE,
        required=True,
        options="Soignants | Carers\nUsagers | Users",
        position=1,
    )
    call.questions.create(label="Support", kind=Question.Kind.FILE, position=2)
    call.questions.create(
        label="Commentaire interne",
        kind=Question.Kind.LONG_TEXT,
        max_length=20,
        visible_to_reviewers=False,
        position=3,
    )
    call.questions.create(
        label="Déjà intervenu ?",
        kind=Question.Kind.BOOLEAN,
        target=Question.Target.SPEAKER,
        position=4,
    )
    return call


def q(call: CallForPapers, label: str) -> Question:
    return call.questions.get(label=label)


def form_data(call: CallForPapers, *, action: str = "submit", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "action": action,
        "title": "La pair-aidance",
        "abstract": "Un résumé.",
        "note": "",
        "intervenants-TOTAL_FORMS": "1",
        "intervenants-INITIAL_FORMS": "0",
        "intervenants-MIN_NUM_FORMS": "1",
        "intervenants-MAX_NUM_FORMS": "8",
        "intervenants-0-name": "Oratrice A",
        "intervenants-0-email": "oratrice.a@example.org",
    }
    data.update(fields)
    return data


def new_url(call: CallForPapers) -> str:
    return f"/evenements/{call.event.slug}/appel/proposer/"


def test_required_answers_are_asked_on_sending_and_kept_with_the_draft(
    client: Client,
    speaker_a: User,
    call: CallForPapers,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client.force_login(speaker_a)
    page = client.get(new_url(call)).content.decode()
    # the question asked of each speaker is asked of the owner, for themself
    assert "Public visé (obligatoire)" in page and "mes-reponses-question_" in page

    response = client.post(new_url(call), form_data(call), follow=True)
    submission = Submission.objects.get()
    assert submission.state == Submission.State.DRAFT
    assert "une réponse à « Public visé »" in response.content.decode()

    public, support = q(call, "Public visé"), q(call, "Support")
    data = form_data(call) | {
        "intervenants-INITIAL_FORMS": "1",
        "intervenants-0-id": submission.speakers.get().pk,
        f"questions-question_{public.pk}": "Usagers",
        f"questions-question_{support.pk}": SimpleUploadedFile("support.pdf", pdf_bytes()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submission.get_absolute_url(), data)
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.answers.get(question=public).value == "Usagers"
    assert submission.answers.get(question=support).file
    assert "mes-reponses-question_" in client.get(submission.get_absolute_url()).content.decode()
    listing = client.get("/propositions/").content.decode()
    assert "Usagers" in listing and "Fichier joint" in listing


def test_answers_are_validated(client: Client, speaker_a: User, call: CallForPapers) -> None:
    client.force_login(speaker_a)
    public, support, internal = (
        q(call, "Public visé"),
        q(call, "Support"),
        q(call, "Commentaire interne"),
    )
    data = form_data(call, action="save") | {
        f"questions-question_{public.pk}": "Inventé",
        f"questions-question_{support.pk}": SimpleUploadedFile("x.pdf", b"<html></html>"),
        f"questions-question_{internal.pk}": "x" * 21,
    }
    response = client.post(new_url(call), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in body
    assert "n&#x27;est pas un document PDF" in body
    assert "au plus 20 caractères" in body
    assert not Submission.objects.exists()


def answered(call: CallForPapers, owner: User) -> Submission:
    submission = Submission.objects.create(call=call, owner=owner, title="T", abstract="R.")
    speaker = SubmissionSpeaker.objects.create(
        submission=submission, user=owner, name="Oratrice", email=owner.email
    )
    services.save_answers(
        submission,
        changes={
            q(call, "Public visé").pk: "Usagers",
            q(call, "Commentaire interne").pk: "Secret interne",
            q(call, "Support").pk: SimpleUploadedFile("s.pdf", pdf_bytes()),
        },
    )
    services.save_answers(
        submission, changes={q(call, "Déjà intervenu ?").pk: "yes"}, speaker=speaker
    )
    return submission


def test_answer_files_are_for_the_owner_coordinators_and_allowed_reviewers(
    client: Client,
    speaker_a: User,
    speaker_b: User,
    reviewer: User,
    coordinator: User,
    call: CallForPapers,
) -> None:
    submission = answered(call, speaker_a)
    answer = submission.answers.get(question__label="Support")
    url = f"/propositions/reponses/{answer.pk}/fichier.pdf"

    assert client.get(url).status_code == 302  # to the login page
    for user, status in ((speaker_b, 404), (reviewer, 404), (speaker_a, 200), (coordinator, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    services.assign_reviewer(submission, reviewer=reviewer)
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    Question.objects.filter(pk=answer.question_id).update(visible_to_reviewers=False)
    assert client.get(url).status_code == 404


def test_speaker_b_never_reads_speaker_a_s_answers(
    client: Client, speaker_a: User, speaker_b: User, call: CallForPapers
) -> None:
    answered(call, speaker_a)
    client.force_login(speaker_b)
    assert "Usagers" not in client.get("/propositions/").content.decode()


def test_reviewers_read_only_the_answers_shown_to_them(
    speaker_a: User, call: CallForPapers
) -> None:
    submission = answered(call, speaker_a)
    shown = {
        (a.question.label, a.speaker_label)  # type: ignore[attr-defined]
        for a in services.answers_for_reviewer(submission)
    }
    # not the hidden one; the speaker's own answer without their name
    expected = {("Public visé", None), ("Support", None), ("Déjà intervenu ?", "Intervenant 1")}
    assert shown == expected
    call.reviewers_see_speakers = True
    call.save()
    submission.call.refresh_from_db()
    shown = {
        (a.question.label, a.speaker_label)  # type: ignore[attr-defined]
        for a in services.answers_for_reviewer(submission)
    }
    assert ("Déjà intervenu ?", "Oratrice") in shown and len(shown) == 3


def test_the_csv_export_has_one_column_per_question(
    client: Client, speaker_a: User, coordinator: User, call: CallForPapers
) -> None:
    submission = answered(call, speaker_a)
    client.force_login(coordinator)
    response = client.post(
        "/admin/events/submission/",
        {"action": "export_csv", "_selected_action": [submission.pk]},
    )
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert f"Q{q(call, 'Public visé').pk} Public visé" in header
    assert "Usagers" in row and "Oratrice : Oui" in row


def test_the_admin_shows_the_answers_and_the_call_s_questions(
    client: Client, speaker_a: User, coordinator: User, call: CallForPapers
) -> None:
    submission = answered(call, speaker_a)
    client.force_login(coordinator)
    page = client.get(f"/admin/events/submission/{submission.pk}/change/").content.decode()
    assert "Secret interne" in page
    page = client.get(f"/admin/events/callforpapers/{call.pk}/change/").content.decode()
    assert "Public visé" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_my_proposals_run_a_constant_number_of_queries(
    client: Client,
    speaker_a: User,
    call: CallForPapers,
    rows: int,
    django_assert_num_queries: Any,
) -> None:
    for _row in range(rows):
        answered(call, speaker_a)
    client.force_login(speaker_a)
    with django_assert_num_queries(9):  # the same for 1 and 3 proposals
        response = client.get("/propositions/")
    assert response.content.decode().count("Usagers") == rows


def test_a_user_without_the_permission_gets_no_answer(call: CallForPapers) -> None:
    stranger = UserFactory(is_staff=True)
    submission = answered(call, UserFactory())
    answer = Answer.objects.filter(submission=submission).first()
    assert answer is not None
    assert services.readable_answer(answer.pk, by=stranger) is None
