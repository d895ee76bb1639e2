"""Questions asked of each speaker: every speaker answers for themself (the owner in the
proposal form, a co-speaker on their own page once they accepted the invitation); the
owner sends without waiting for co-speakers, and is told what they still owe; who reads
which answer."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Answer, CallForPapers, Question, Submission, SubmissionSpeaker
from network.models import User
from tests.factories import CallForPapersFactory, UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db: None, settings: Any, tmp_path: Path) -> CallForPapers:
    settings.MEDIA_ROOT = tmp_path
    call = CallForPapersFactory()
    call.questions.create(
        label="Déjà intervenu ?",
        kind=Question.Kind.BOOLEAN,
        target=Question.Target.SPEAKER,
        required=True,
        position=1,
    )
    call.questions.create(
        label="Attestation", kind=Question.Kind.FILE, target=Question.Target.SPEAKER, position=2
    )
    call.questions.create(
        label="Besoins d'accessibilité",
        kind=Question.Kind.TEXT,
        target=Question.Target.SPEAKER,
        visible_to_reviewers=False,
        position=3,
    )
    return call


def q(call: CallForPapers, label: str) -> Question:
    return call.questions.get(label=label)


@pytest.fixture
def proposal(call: CallForPapers, speaker_a: User) -> Submission:
    """Oratrice A's draft, with co-speaker B (invited, not yet accepted)."""
    submission = Submission.objects.create(
        call=call, owner=speaker_a, title="La pair-aidance", abstract="Un résumé."
    )
    SubmissionSpeaker.objects.create(
        submission=submission, user=speaker_a, name="Oratrice A", email=speaker_a.email
    )
    SubmissionSpeaker.objects.create(
        submission=submission, name="Orateur B", email="orateur.b@example.org", position=1
    )
    return submission


def owner_form(submission: Submission, **extra: Any) -> dict[str, Any]:
    speakers = list(submission.speakers.all())
    data: dict[str, Any] = {
        "action": "submit",
        "title": submission.title,
        "abstract": submission.abstract,
        "note": "",
        "intervenants-TOTAL_FORMS": str(len(speakers)),
        "intervenants-INITIAL_FORMS": str(len(speakers)),
        "intervenants-MIN_NUM_FORMS": "1",
        "intervenants-MAX_NUM_FORMS": "8",
    }
    for number, speaker in enumerate(speakers):
        data |= {
            f"intervenants-{number}-id": speaker.pk,
            f"intervenants-{number}-name": speaker.name,
            f"intervenants-{number}-email": speaker.email,
        }
    return data | extra


def accept(client: Client, submission: Submission, user: User) -> Any:
    speaker = submission.speakers.get(email=user.email)
    client.force_login(user)
    token = services.invitation_token(speaker)
    return client.post(f"/propositions/invitation/{token}/")


def test_the_owner_answers_for_themself_only_and_sends_without_waiting_for_co_speakers(
    client: Client, speaker_a: User, proposal: Submission, call: CallForPapers
) -> None:
    client.force_login(speaker_a)
    asked = q(call, "Déjà intervenu ?")
    co_speaker = proposal.speakers.get(name="Orateur B")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f"mes-reponses-question_{asked.pk}" in page
    assert f"intervenant-{co_speaker.pk}-question_" not in page
    assert "une réponse de Orateur B à « Déjà intervenu ? »" in page

    refused = client.post(proposal.get_absolute_url(), owner_form(proposal), follow=True)
    assert "votre réponse à « Déjà intervenu ? »" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == Submission.State.DRAFT

    data = owner_form(
        proposal,
        **{
            f"mes-reponses-question_{asked.pk}": "yes",
            # an answer posted in the co-speaker's name (the former form) is ignored
            f"intervenant-{co_speaker.pk}-question_{asked.pk}": "no",
        },
    )
    sent = client.post(proposal.get_absolute_url(), data, follow=True)

    proposal.refresh_from_db()
    assert proposal.state == Submission.State.SUBMITTED
    assert list(Answer.objects.values_list("speaker__name", "value")) == [("Oratrice A", "yes")]
    listing = client.get("/propositions/").content.decode()
    assert "Réponses attendues des co-intervenants" in listing
    assert "une réponse de Orateur B à « Déjà intervenu ? »" in listing
    assert sent.status_code == 200


def test_a_co_speaker_who_accepts_answers_their_own_questions(
    client: Client, speaker_a: User, speaker_b: User, proposal: Submission, call: CallForPapers
) -> None:
    asked, attestation = q(call, "Déjà intervenu ?"), q(call, "Attestation")
    services.save_answers(
        proposal, changes={asked.pk: "yes"}, speaker=proposal.speakers.get(user=speaker_a)
    )

    accepted = accept(client, proposal, speaker_b)

    url = f"/propositions/{proposal.pk}/mes-reponses/"
    assert accepted.status_code == 302 and accepted["Location"] == url
    page = client.get(url).content.decode()
    assert "La pair-aidance" in page and f"reponses-question_{asked.pk}" in page
    saved = client.post(
        url,
        {
            f"reponses-question_{asked.pk}": "no",
            f"reponses-question_{attestation.pk}": SimpleUploadedFile("a.pdf", pdf_bytes()),
        },
    )
    assert saved.status_code == 302
    mine = Answer.objects.filter(speaker__user=speaker_b)
    values = {a.question.label: a.value for a in mine}
    assert values == {"Déjà intervenu ?": "no", "Attestation": ""}
    assert mine.get(question=attestation).file
    # the owner's answer is untouched; both read both answers, nothing is awaited any more
    assert Answer.objects.get(speaker__user=speaker_a).value == "yes"
    for person in (speaker_a, speaker_b):
        client.force_login(person)
        listing = client.get("/propositions/").content.decode()
        assert "Oratrice A" in listing and "Orateur B" in listing, person
        assert "Réponses attendues" not in listing
    file_url = f"/propositions/reponses/{mine.get(question=attestation).pk}/fichier.pdf"
    client.force_login(speaker_a)
    assert client.get(file_url).status_code == 200


def test_a_co_speaker_answers_nothing_once_the_call_is_closed(
    client: Client, speaker_b: User, proposal: Submission, call: CallForPapers
) -> None:
    accept(client, proposal, speaker_b)
    CallForPapers.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    url = f"/propositions/{proposal.pk}/mes-reponses/"
    response = client.post(url, {f"reponses-question_{q(call, 'Déjà intervenu ?').pk}": "no"})
    assert response.status_code == 400
    assert "est clos" in response.content.decode()
    assert not Answer.objects.exists()


def test_only_the_proposal_s_speakers_reach_the_answers_page_and_read_the_answers(
    client: Client,
    speaker_a: User,
    speaker_b: User,
    reviewer: User,
    proposal: Submission,
    call: CallForPapers,
) -> None:
    own = proposal.speakers.get(user=speaker_a)
    services.save_answers(
        proposal,
        changes={q(call, "Attestation").pk: SimpleUploadedFile("a.pdf", pdf_bytes())},
        speaker=own,
    )
    services.save_answers(
        proposal, changes={q(call, "Besoins d'accessibilité").pk: "Rampe"}, speaker=own
    )
    file_url = f"/propositions/reponses/{Answer.objects.get(file__gt='').pk}/fichier.pdf"
    url = f"/propositions/{proposal.pk}/mes-reponses/"
    stranger = UserFactory(email="passant@example.org")
    for person in (speaker_b, reviewer, stranger):  # B is named but has not accepted yet
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {}).status_code == 404, person
        assert "Rampe" not in client.get("/propositions/").content.decode()
        assert client.get(file_url).status_code == 404, person
    accept(client, proposal, speaker_b)
    assert client.get(url).status_code == 200
    assert "Rampe" in client.get("/propositions/").content.decode()
    assert client.get(file_url).status_code == 200


def test_reviewers_read_the_speakers_answers_shown_to_them_without_their_names(
    client: Client, speaker_a: User, speaker_b: User, reviewer: User, proposal: Submission
) -> None:
    call = proposal.call
    services.save_answers(
        proposal,
        changes={q(call, "Déjà intervenu ?").pk: "yes", q(call, "Besoins d'accessibilité").pk: "X"},
        speaker=proposal.speakers.get(user=speaker_a),
    )
    accept(client, proposal, speaker_b)
    services.save_own_answers(
        proposal, by=speaker_b, changes={q(call, "Déjà intervenu ?").pk: "no"}
    )
    Submission.objects.filter(pk=proposal.pk).update(state=Submission.State.SUBMITTED)
    review = services.assign_reviewer(proposal, reviewer=reviewer)
    client.force_login(reviewer)

    page = client.get(f"/relecture/{review.pk}/").content.decode()

    assert "Déjà intervenu ? — Intervenant 1" in page and "Déjà intervenu ? — Intervenant 2" in page
    assert "Oratrice A" not in page and "Orateur B" not in page
    assert "Besoins d" not in page


def test_the_csv_has_one_column_per_speaker_question_with_each_speaker_s_name(
    client: Client, speaker_a: User, speaker_b: User, coordinator: User, proposal: Submission
) -> None:
    asked = q(proposal.call, "Déjà intervenu ?")
    services.save_answers(
        proposal, changes={asked.pk: "yes"}, speaker=proposal.speakers.get(user=speaker_a)
    )
    accept(client, proposal, speaker_b)
    services.save_own_answers(proposal, by=speaker_b, changes={asked.pk: "no"})
    client.force_login(coordinator)
    response = client.post(
        "/admin/events/submission/", {"action": "export_csv", "_selected_action": [proposal.pk]}
    )
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert header.count(f"Q{asked.pk} ") == 1
    assert "Oratrice A : Oui | Orateur B : Non" in row


@pytest.mark.parametrize("rows", [1, 3])
def test_my_proposals_as_co_speaker_run_a_constant_number_of_queries(
    client: Client,
    speaker_a: User,
    speaker_b: User,
    call: CallForPapers,
    rows: int,
    django_assert_num_queries: Any,
) -> None:
    asked = q(call, "Déjà intervenu ?")
    for number in range(rows):
        submission = Submission.objects.create(call=call, owner=speaker_a, title=f"P{number}")
        SubmissionSpeaker.objects.create(
            submission=submission, user=speaker_a, name="Oratrice A", email=speaker_a.email
        )
        line = SubmissionSpeaker.objects.create(
            submission=submission, user=speaker_b, name="Orateur B", email=speaker_b.email
        )
        services.save_answers(submission, changes={asked.pk: "no"}, speaker=line)
    client.force_login(speaker_b)
    with django_assert_num_queries(9):  # the same for 1 and 3 proposals
        response = client.get("/propositions/")
    body = response.content.decode()
    assert body.count("co-intervenant·e") == rows
    assert body.count("une réponse de Oratrice A à") == 0  # the owner's own is not awaited
