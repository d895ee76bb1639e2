"""Speakers submit abstracts: drafts, submission, edits and withdrawal until the deadline."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from events import services
from events.models import CallForPapers, Submission, SubmissionSpeaker
from network.models import User
from tests.factories import CallForPapersFactory, pdf_bytes

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def call(db: None) -> CallForPapers:
    call = CallForPapersFactory(abstract_max_words=20)
    call.themes.create(title="Pair-aidance")
    call.contribution_kinds.create(name="Actions concrètes")
    return call


def form_data(call: CallForPapers, *, action: str = "save", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "action": action,
        "title": "La pair-aidance à l'hôpital",
        "abstract": "Un retour d'expérience en quelques mots.",
        "theme": call.themes.get().pk,
        "contribution_kind": call.contribution_kinds.get().pk,
        "note": "",
        "intervenants-TOTAL_FORMS": "2",
        "intervenants-INITIAL_FORMS": "0",
        "intervenants-MIN_NUM_FORMS": "1",
        "intervenants-MAX_NUM_FORMS": "8",
        "intervenants-0-name": "Oratrice A",
        "intervenants-0-email": "oratrice.a@example.org",
        "intervenants-0-affiliation": "Village 2 santé",
        "intervenants-1-name": "Co Intervenant",
        "intervenants-1-email": "co@example.org",
    }
    data.update(fields)
    return data


def new_url(call: CallForPapers) -> str:
    return f"/evenements/{call.event.slug}/appel/proposer/"


def test_a_visitor_must_log_in_to_propose(client: Client, call: CallForPapers) -> None:
    for url in (new_url(call), "/propositions/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")


def test_a_speaker_saves_a_draft_then_submits_it_and_gets_a_receipt(
    client: Client,
    speaker_a: User,
    call: CallForPapers,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client.force_login(speaker_a)

    response = client.post(new_url(call), form_data(call, title="", abstract=""))
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.state == Submission.State.DRAFT
    assert [s.name for s in submission.speakers.all()] == ["Oratrice A", "Co Intervenant"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submission.get_absolute_url(),
            {
                **form_data(call, action="submit"),
                "intervenants-INITIAL_FORMS": "2",
                "intervenants-0-id": submission.speakers.all()[0].pk,
                "intervenants-1-id": submission.speakers.all()[1].pk,
            },
        )

    submission.refresh_from_db()
    assert response.status_code == 302
    assert submission.state == Submission.State.SUBMITTED
    assert submission.submitted_at is not None
    recipients = {m.to[0]: m.subject for m in django_mail.outbox}
    assert recipients[speaker_a.email].startswith("Proposition reçue")
    assert "co-intervenant" in recipients["co@example.org"]


def test_an_incomplete_submission_is_refused_and_the_draft_is_kept_once(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    client.force_login(speaker_a)

    response = client.post(new_url(call), form_data(call, action="submit", theme=""), follow=True)

    submission = Submission.objects.get()  # one draft, whatever happens next
    page = response.content.decode().replace("\xa0", " ")
    assert response.redirect_chain == [(submission.get_absolute_url(), 302)]
    assert "Pour envoyer la proposition, il manque : une thématique." in page
    assert submission.state == Submission.State.DRAFT
    assert submission.title == "La pair-aidance à l'hôpital"
    speaker = submission.speakers.get(email="oratrice.a@example.org")
    again = client.post(
        submission.get_absolute_url(),
        {
            **form_data(call, action="submit", theme=""),
            "intervenants-TOTAL_FORMS": "2",
            "intervenants-INITIAL_FORMS": "2",
            "intervenants-0-id": speaker.pk,
            "intervenants-1-id": submission.speakers.exclude(pk=speaker.pk).get().pk,
        },
    )
    assert again.status_code == 400
    assert Submission.objects.count() == 1


def test_an_abstract_over_the_limit_is_refused_with_its_count(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    client.force_login(speaker_a)

    response = client.post(
        new_url(call), form_data(call, action="submit", abstract="mot " * 25), follow=True
    )

    assert "Le résumé compte 25 mots ; l&#x27;appel en permet 20 au plus." in (
        response.content.decode().replace("\u202f", " ")
    )
    assert Submission.objects.get().state == Submission.State.DRAFT


def test_the_first_speaker_s_name_is_never_prefilled_with_the_email(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    client.force_login(speaker_a)

    page = client.get(new_url(call)).content.decode()

    name_input = page.split('name="intervenants-0-name"')[1].split(">")[0]
    assert "oratrice.a@example.org" not in name_input
    assert 'value="oratrice.a@example.org"' in page.split('name="intervenants-0-email"')[1][:200]


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("resume.pdf", b"<html>pas un pdf</html>"),
            "n&#x27;est pas un document PDF",
        ),
        (SimpleUploadedFile("gros.pdf", b"%PDF-1.7" + b"0" * (5 * 1024 * 1024)), "dépasse 5 Mo"),
        (  # a PDF header, then HTML: the whole file must parse as a PDF
            SimpleUploadedFile("resume.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>"),
            "n&#x27;est pas un PDF lisible",
        ),
    ],
)
def test_an_attachment_is_checked_by_its_content_and_size(
    client: Client, speaker_a: User, call: CallForPapers, upload: Any, message: str
) -> None:
    client.force_login(speaker_a)

    response = client.post(new_url(call), {**form_data(call), "attachment": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_a_real_pdf_is_accepted(
    client: Client, speaker_a: User, call: CallForPapers, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(speaker_a)
    pdf = SimpleUploadedFile("resume.pdf", pdf_bytes(), content_type="application/pdf")

    client.post(new_url(call), {**form_data(call), "attachment": pdf})

    assert Submission.objects.get().attachment.name.endswith(".pdf")


def test_after_the_deadline_nothing_changes_and_the_speaker_is_told_why(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    submission = services.start_submission(call, by=speaker_a)
    services.save_draft(submission, by=speaker_a, changes={"title": "Avant"})
    CallForPapers.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(speaker_a)

    page = client.get(submission.get_absolute_url()).content.decode()
    response = client.post(submission.get_absolute_url(), form_data(call, title="Après"))
    autosave = client.post(f"/propositions/{submission.pk}/brouillon/", {"title": "Après"})

    submission.refresh_from_db()
    assert "L'appel à communications est clos" in page
    assert "est clos depuis le" in response.content.decode()
    assert autosave.status_code == 409 and "clos" in autosave.json()["message"]
    assert submission.title == "Avant"


def test_a_submission_is_withdrawn_until_the_deadline(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    submission = services.start_submission(call, by=speaker_a)
    client.force_login(speaker_a)
    speaker = submission.speakers.get()

    client.post(
        submission.get_absolute_url(),
        {
            **form_data(call, action="withdraw"),
            "intervenants-TOTAL_FORMS": "1",
            "intervenants-INITIAL_FORMS": "1",
            "intervenants-0-id": speaker.pk,
        },
    )

    submission.refresh_from_db()
    assert submission.state == Submission.State.WITHDRAWN


@pytest.fixture
def sent(call: CallForPapers, speaker_a: User) -> Submission:
    submission = services.start_submission(call, by=speaker_a)
    services.save_draft(
        submission,
        by=speaker_a,
        changes={
            "title": "Avant",
            "abstract": "Un résumé complet.",
            "theme": call.themes.get(),
            "contribution_kind": call.contribution_kinds.get(),
        },
    )
    return services.submit_submission(submission, by=speaker_a)


def edit_data(submission: Submission, **fields: Any) -> dict[str, Any]:
    speaker = submission.speakers.get()
    return {
        **form_data(submission.call, **fields),
        "intervenants-TOTAL_FORMS": "1",
        "intervenants-INITIAL_FORMS": "1",
        "intervenants-0-id": speaker.pk,
        "intervenants-0-name": speaker.name or "Oratrice A",
        "intervenants-0-email": speaker.email,
    }


def test_a_sent_proposal_changes_only_into_another_complete_one(
    client: Client, speaker_a: User, sent: Submission
) -> None:
    client.force_login(speaker_a)
    page = client.get(sent.get_absolute_url()).content.decode()

    too_long = client.post(
        sent.get_absolute_url(), edit_data(sent, action="save", abstract="mot " * 25)
    )
    no_title = client.post(sent.get_absolute_url(), edit_data(sent, action="submit", title=""))
    typed = client.post(f"/propositions/{sent.pk}/brouillon/", {"title": "À moitié tap"})
    withdrawn = client.post(sent.get_absolute_url(), edit_data(sent, action="withdraw", title="X"))

    assert "data-autosave" not in page and 'value="save"' not in page
    assert too_long.status_code == no_title.status_code == 400
    assert "Le résumé compte 25 mots" in too_long.content.decode().replace("\u202f", " ")
    assert typed.status_code == 409 and "Enregistrer les modifications" in typed.json()["message"]
    assert withdrawn.status_code == 302
    sent.refresh_from_db()
    assert (sent.title, sent.abstract) == ("Avant", "Un résumé complet.")
    assert sent.state == Submission.State.WITHDRAWN


def test_a_sent_proposal_is_corrected_in_one_go(
    client: Client, speaker_a: User, sent: Submission
) -> None:
    client.force_login(speaker_a)

    answer = client.post(sent.get_absolute_url(), edit_data(sent, action="submit"), follow=True)

    sent.refresh_from_db()
    assert "Modifications enregistrées" in answer.content.decode()
    assert (sent.title, sent.state) == ("La pair-aidance à l'hôpital", Submission.State.SUBMITTED)


def test_drafts_are_saved_as_the_speaker_types(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    submission = services.start_submission(call, by=speaker_a)
    client.force_login(speaker_a)

    response = client.post(
        f"/propositions/{submission.pk}/brouillon/",
        {"title": "Titre provisoire", "abstract": "Trois mots seulement"},
    )

    submission.refresh_from_db()
    assert response.json()["saved"] is True and response.json()["words"] == 3
    assert (submission.title, submission.abstract) == ("Titre provisoire", "Trois mots seulement")


def test_speaker_b_never_sees_speaker_a_s_submission(
    client: Client, speaker_a: User, speaker_b: User, call: CallForPapers
) -> None:
    submission = services.start_submission(call, by=speaker_a)
    services.save_draft(submission, by=speaker_a, changes={"title": "Le secret de A"})
    client.force_login(speaker_b)

    assert client.get(submission.get_absolute_url()).status_code == 404
    assert (
        client.post(f"/propositions/{submission.pk}/brouillon/", {"title": "x"}).status_code == 404
    )
    assert "Le secret de A" not in client.get("/propositions/").content.decode()
    client.force_login(speaker_a)
    assert "Le secret de A" in client.get("/propositions/").content.decode()


def test_state_changes_refuse_someone_else(
    speaker_a: User, speaker_b: User, call: CallForPapers
) -> None:
    from django.core.exceptions import PermissionDenied

    submission = services.start_submission(call, by=speaker_a)

    with pytest.raises(PermissionDenied):
        services.withdraw_submission(submission, by=speaker_b)
    with pytest.raises(PermissionDenied):
        services.submit_submission(submission, by=speaker_b)


@pytest.mark.parametrize("rows", [1, 3])
def test_my_submissions_query_count_does_not_grow(
    client: Client,
    speaker_a: User,
    call: CallForPapers,
    django_assert_num_queries: Any,
    rows: int,
) -> None:
    for _ in range(rows):
        services.start_submission(call, by=speaker_a)
    client.force_login(speaker_a)
    # session, user, submissions, their comments for authors, speakers, the calls'
    # questions, answers, the navigation's permissions (own, groups')
    with django_assert_num_queries(9):
        client.get("/propositions/")


def test_the_attachment_is_for_its_owner_and_coordinators_only(
    client: Client,
    speaker_a: User,
    speaker_b: User,
    coordinator: User,
    call: CallForPapers,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(speaker_a)
    pdf = SimpleUploadedFile("resume.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(new_url(call), {**form_data(call), "attachment": pdf})
    url = f"/propositions/{Submission.objects.get().pk}/document.pdf"

    owner = client.get(url)
    client.force_login(speaker_b)
    other = client.get(url)
    client.force_login(coordinator)
    coordination = client.get(url)

    assert b"".join(owner.streaming_content).startswith(b"%PDF")
    assert other.status_code == 404
    assert coordination.status_code == 200


def test_the_admin_links_a_submission_pdf_to_its_checked_download(
    client: Client,
    speaker_a: User,
    coordinator: User,
    call: CallForPapers,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(speaker_a)
    pdf = SimpleUploadedFile("resume.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(new_url(call), {**form_data(call), "attachment": pdf})
    submission = Submission.objects.get()
    client.force_login(coordinator)

    page = client.get(f"/admin/events/submission/{submission.pk}/change/").content.decode()
    download = client.get(f"/propositions/{submission.pk}/document.pdf")

    assert f'href="/propositions/{submission.pk}/document.pdf"' in page
    assert 'href="/media/' not in page  # never served in production
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_coordinator_reads_the_call_document_before_the_event_is_published(
    client: Client, coordinator: User, call: CallForPapers, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call.document = SimpleUploadedFile("appel.pdf", b"%PDF-1.4 appel")
    call.save()
    call.event.published = False
    call.event.save()
    url = f"/evenements/{call.event.slug}/appel/document/"

    anonymous = client.get(url)
    client.force_login(coordinator)
    page = client.get(f"/admin/events/callforpapers/{call.pk}/change/").content.decode()
    coordination = client.get(url)

    assert anonymous.status_code == 404
    assert f'href="{url}"' in page
    assert 'href="/media/' not in page
    assert b"".join(coordination.streaming_content) == b"%PDF-1.4 appel"


def test_the_call_document_is_served(
    client: Client, call: CallForPapers, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    call.document = SimpleUploadedFile("appel.pdf", b"%PDF-1.4 appel")
    call.save()

    response = client.get(f"/evenements/{call.event.slug}/appel/document/")
    page = client.get(f"/evenements/{call.event.slug}/appel/").content.decode()

    assert b"".join(response.streaming_content) == b"%PDF-1.4 appel"
    assert f'href="/evenements/{call.event.slug}/appel/document/"' in page


def test_the_save_service_keeps_the_speakers_given_in_their_order(
    call: CallForPapers, speaker_a: User
) -> None:
    first = services.save_submission(
        call=call,
        submission=None,
        by=speaker_a,
        changes={"title": "Deux voix"},
        speakers=[
            SubmissionSpeaker(name="A", email="a@example.org"),
            SubmissionSpeaker(name="B", email="b@example.org"),
        ],
        action="save",
    )
    a, b = first.submission.speakers.all()

    again = services.save_submission(
        call=call,
        submission=first.submission,
        by=speaker_a,
        changes={},
        speakers=[b, SubmissionSpeaker(name="C", email="c@example.org")],
        action="save",
    )

    assert (first.outcome, again.outcome) == ("saved", "saved")
    assert list(again.submission.speakers.values_list("name", "position")) == [
        ("B", 0),
        ("C", 1),
    ]
    assert not SubmissionSpeaker.objects.filter(pk=a.pk).exists()


def test_a_new_proposal_that_cannot_be_sent_is_kept_as_a_draft_with_why(
    call: CallForPapers, speaker_a: User
) -> None:
    saved = services.save_submission(
        call=call,
        submission=None,
        by=speaker_a,
        changes={"title": "Sans résumé"},
        speakers=[SubmissionSpeaker(name="A", email="a@example.org")],
        action="submit",
    )

    assert saved.outcome == "not_sent"
    assert "un résumé" in " ".join(saved.refusal)
    assert saved.submission.state == Submission.State.DRAFT
