"""Speakers: a profile filled once and reused, co-speakers' invitations, and the public
pages of confirmed speakers only."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from events import services
from events.models import CallForPapers, SpeakerProfile, Submission, SubmissionSpeaker
from network.models import User
from tests.factories import CallForPapersFactory, UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def image_bytes(size: tuple[int, int] = (1200, 900), kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 50, 50)).save(buffer, format=kind)
    return buffer.getvalue()


def profile_data(**fields: Any) -> dict[str, Any]:
    data = {
        "display_name": "Awa Diallo",
        "pronouns": "elle",
        "organisation": "Village 2 santé",
        "engagement_role": "",
        "bio": "Paire-aidante depuis 2019.",
        "links": "https://exemple.org/awa",
    }
    data.update(fields)
    return data


@pytest.fixture
def call(db: None) -> CallForPapers:
    return CallForPapersFactory()


def test_the_profile_page_needs_an_account(client: Client) -> None:
    for url in ("/propositions/profil/", "/propositions/profil/photo/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")


def test_a_speaker_fills_a_profile_with_a_photo_resized_and_served_to_them_only(
    client: Client, speaker_a: User, speaker_b: User, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(speaker_a)
    photo = SimpleUploadedFile("moi.jpg", image_bytes(), content_type="image/jpeg")

    response = client.post("/propositions/profil/", {**profile_data(), "photo": photo})

    assert response.status_code == 302
    profile = SpeakerProfile.objects.get(user=speaker_a)
    assert profile.display_name == "Awa Diallo"
    with Image.open(profile.photo.path) as stored:
        assert max(stored.size) == 400
    assert client.get("/propositions/profil/photo/").status_code == 200
    client.force_login(speaker_b)
    assert client.get("/propositions/profil/photo/").status_code == 404


def test_a_photo_is_checked_by_its_content(
    client: Client, speaker_a: User, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(speaker_a)
    fake = SimpleUploadedFile("moi.jpg", pdf_bytes(), content_type="image/jpeg")

    response = client.post("/propositions/profil/", {**profile_data(), "photo": fake})

    assert response.status_code == 400
    assert "n&#x27;est pas un document" in response.content.decode()
    assert not SpeakerProfile.objects.exists()


def test_links_must_be_web_addresses(client: Client, speaker_a: User) -> None:
    client.force_login(speaker_a)
    response = client.post("/propositions/profil/", profile_data(links="javascript:alert(1)"))
    assert response.status_code == 400
    assert not SpeakerProfile.objects.exists()


def test_a_new_proposal_is_prefilled_from_the_profile_never_the_email(
    client: Client, speaker_a: User, call: CallForPapers
) -> None:
    client.force_login(speaker_a)
    url = f"/evenements/{call.event.slug}/appel/proposer/"
    speaker_a.first_name = speaker_a.last_name = ""
    speaker_a.save()

    blank = client.get(url).content.decode()
    assert 'name="intervenants-0-name" value="oratrice' not in blank
    assert re.search(r'name="intervenants-0-name"[^>]*maxlength="150"', blank)

    services.save_profile(user=speaker_a, changes=profile_data(engagement_role=None))
    page = client.get(url).content.decode()
    assert 'value="Awa Diallo"' in page
    assert 'value="Village 2 santé"' in page
    submission = services.start_submission(call, by=speaker_a)
    assert submission.speakers.get().name == "Awa Diallo"


def confirmed_submission(call: CallForPapers, owner: User, co_email: str) -> Submission:
    submission = Submission.objects.create(
        call=call, owner=owner, title="La pair-aidance", state=Submission.State.CONFIRMED
    )
    SubmissionSpeaker.objects.create(
        submission=submission, user=owner, name="Oratrice A", email=owner.email
    )
    SubmissionSpeaker.objects.create(
        submission=submission, name="Co Intervenant", email=co_email, position=1
    )
    return submission


def test_a_co_speaker_accepts_the_signed_invitation_then_completes_their_profile(
    client: Client,
    speaker_a: User,
    speaker_b: User,
    call: CallForPapers,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    submission = Submission.objects.create(
        call=call, owner=speaker_a, title="Titre", abstract="Un résumé."
    )
    SubmissionSpeaker.objects.create(submission=submission, user=speaker_a, email=speaker_a.email)
    co = SubmissionSpeaker.objects.create(
        submission=submission, name="Co Intervenant", email=speaker_b.email, position=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_submission(submission, by=speaker_a)
    invitation = next(m for m in django_mail.outbox if m.to == [speaker_b.email])
    link = re.search(r"/propositions/invitation/[^/\s]+/", invitation.body)
    assert link is not None, invitation.body

    client.force_login(speaker_b)
    assert "Titre" in client.get(link.group()).content.decode()
    response = client.post(link.group())

    assert response["Location"] == "/propositions/profil/"
    co.refresh_from_db()
    assert co.user == speaker_b and co.accepted_at is not None
    assert SpeakerProfile.objects.get(user=speaker_b).display_name == "Co Intervenant"


def test_a_forged_or_taken_invitation_is_refused(
    client: Client, speaker_a: User, speaker_b: User, call: CallForPapers
) -> None:
    submission = confirmed_submission(call, speaker_a, "co@example.org")
    co = submission.speakers.get(position=1)
    client.force_login(speaker_b)
    assert client.post("/propositions/invitation/faux/").status_code == 400
    token = services.invitation_token(co)
    assert client.post(f"/propositions/invitation/{token}/").status_code == 302
    client.force_login(UserFactory())
    response = client.post(f"/propositions/invitation/{token}/")
    assert response.status_code == 400
    assert "déjà été acceptée" in response.content.decode()


def test_only_confirmed_speakers_are_public(
    client: Client, speaker_a: User, speaker_b: User, call: CallForPapers
) -> None:
    services.save_profile(user=speaker_a, changes=profile_data(engagement_role=None))
    submission = confirmed_submission(call, speaker_a, speaker_b.email)
    pending = Submission.objects.create(
        call=call, owner=speaker_b, title="Pas encore", state=Submission.State.ACCEPTED
    )
    SubmissionSpeaker.objects.create(
        submission=pending, user=speaker_b, name="Oratrice B", email=speaker_b.email
    )
    slug = call.event.slug

    page = client.get(f"/evenements/{slug}/intervenants/").content.decode()
    assert "Awa Diallo" in page and "La pair-aidance" in page
    assert "Oratrice B" not in page and "Co Intervenant" not in page
    assert client.get(f"/evenements/{slug}/intervenants/{speaker_a.pk}/").status_code == 200
    assert client.get(f"/evenements/{slug}/intervenants/{speaker_b.pk}/").status_code == 404
    assert client.get(f"/evenements/{slug}/intervenants/{speaker_a.pk}/photo/").status_code == 404

    co = submission.speakers.get(position=1)
    services.accept_invitation(token=services.invitation_token(co), by=speaker_b)
    assert client.get(f"/evenements/{slug}/intervenants/{speaker_b.pk}/").status_code == 200
    pending_page = client.get(f"/evenements/{slug}/intervenants/").content.decode()
    assert "Pas encore" not in pending_page


def test_the_photo_of_a_public_speaker_is_served(
    client: Client, speaker_a: User, call: CallForPapers, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("moi.png", image_bytes(kind="PNG"), content_type="image/png")
    services.save_profile(user=speaker_a, changes=profile_data(engagement_role=None), photo=photo)
    slug = call.event.slug
    assert client.get(f"/evenements/{slug}/intervenants/{speaker_a.pk}/photo/").status_code == 404
    confirmed_submission(call, speaker_a, "co@example.org")
    response = client.get(f"/evenements/{slug}/intervenants/{speaker_a.pk}/photo/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("rows", [1, 3])
def test_the_speaker_list_runs_a_constant_number_of_queries(
    client: Client, call: CallForPapers, rows: int, django_assert_num_queries: Any
) -> None:
    for _row in range(rows):
        owner = UserFactory()
        services.save_profile(user=owner, changes={"display_name": f"Oratrice {owner.pk}"})
        confirmed_submission(call, owner, f"co{owner.pk}@example.org")
    with django_assert_num_queries(2):
        response = client.get(f"/evenements/{call.event.slug}/intervenants/")
    assert response.content.decode().count("/intervenants/") >= rows


def test_the_first_keystroke_creates_the_draft_and_the_button_works_without_script(
    client: Client, speaker_a: User, speaker_b: User, call: CallForPapers
) -> None:
    url = f"/evenements/{call.event.slug}/appel/brouillon/"
    assert client.post(url, {"title": "T"}).status_code == 302  # to the login page
    client.force_login(speaker_a)
    page = client.get(f"/evenements/{call.event.slug}/appel/proposer/").content.decode()
    assert f'data-create="{url}"' in page

    answer = client.post(url, {"title": "Premier mot"}).json()

    submission = Submission.objects.get()
    assert answer["saved"] is True and answer["edit"] == submission.get_absolute_url()
    assert submission.title == "Premier mot" and submission.owner == speaker_a
    assert answer["autosave"] == f"/propositions/{submission.pk}/brouillon/"
    # the button then posts the whole form to the draft's page: its owner line is theirs
    data = {
        "action": "save",
        "title": "Premier mot",
        "abstract": "",
        "note": "",
        "intervenants-TOTAL_FORMS": "1",
        "intervenants-INITIAL_FORMS": "0",
        "intervenants-MIN_NUM_FORMS": "1",
        "intervenants-MAX_NUM_FORMS": "8",
        "intervenants-0-name": "Awa Diallo",
        "intervenants-0-email": speaker_a.email,
    }
    assert client.post(submission.get_absolute_url(), data).status_code == 302
    assert [(s.name, s.user) for s in submission.speakers.all()] == [("Awa Diallo", speaker_a)]
    assert Submission.objects.count() == 1
