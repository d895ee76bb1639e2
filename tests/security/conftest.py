"""The world the security suites attack: one of each object, each persona of the design guide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile

from events import services as events
from events.models import (
    CallForPapers,
    Certificate,
    Registration,
    Review,
    SignInSheet,
    Submission,
)
from events.services import schedule
from experiences.models import Campaign, PublishedExperience, Response, ResponseAttachment
from network.models import Perspective, User
from structures.models import PressDossier
from tests.events.programme_data import confirmed_submission, make_programme
from tests.experiences.factories import CampaignFactory, PublishedExperienceFactory, ResponseFactory
from tests.factories import (
    CallForPapersFactory,
    EngagementRoleFactory,
    EventFactory,
    PressDossierFactory,
    StructureFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    people: dict[str, User | None]
    call: CallForPapers
    submission_a: Submission
    submission_b: Submission
    review: Review
    campaign: Campaign
    response: Response
    other_response: Response
    attachment: ResponseAttachment
    other_attachment: ResponseAttachment
    published: PublishedExperience
    registration: Registration
    programme: dict[str, Any] = field(default_factory=dict)


def _submission(call: CallForPapers, owner: User, title: str) -> Submission:
    submission = events.start_submission(call, by=owner)
    events.save_draft(
        submission,
        by=owner,
        changes={
            "title": title,
            "abstract": "Un résumé.",
            "theme": call.themes.get(),
            "contribution_kind": call.contribution_kinds.get(),
        },
    )
    submission = events.submit_submission(submission, by=owner)
    submission.attachment.save("resume.pdf", ContentFile(PDF), save=True)
    return submission


def _attachment(response: Response) -> ResponseAttachment:
    attachment = ResponseAttachment(
        response=response, name="photo.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("photo.pdf", ContentFile(PDF), save=True)
    return attachment


def _programme() -> dict[str, Any]:
    """A published programme with a talk, a sign-in sheet and a sent certificate."""
    programme = make_programme()
    talk = schedule.place_talk(
        submission=confirmed_submission(programme, "Une intervention"),
        session=programme.sessions[1],
    )
    schedule.publish_programme(event=programme.event)
    sheet = SignInSheet.objects.create(session=programme.sessions[1])
    sheet.file.save("emargement.pdf", ContentFile(PDF), save=True)
    registration = Registration.objects.create(
        event=programme.event, name="Awa Diallo", email="awa@example.org", status="confirmed"
    )
    certificate = Certificate.objects.create(registration=registration, code="ABCDEFGH2345")
    certificate.file.save("attestation.pdf", ContentFile(PDF), save=True)
    return {"event": programme.event, "talk": talk, "sheet": sheet, "certificate": certificate}


@pytest.fixture
def world(
    speaker_a: User,
    speaker_b: User,
    reviewer: User,
    working_group_member: User,
    coordinator: User,
    settings: Any,
    tmp_path: Any,
) -> World:
    settings.MEDIA_ROOT = tmp_path
    EngagementRoleFactory(slug="patient-partenaire")
    StructureFactory(slug="centre-de-sante")
    event = EventFactory(slug="journee", registration_open=True)
    call = CallForPapersFactory(event=event, reviewers_see_speakers=True)
    call.themes.create(title="Pair-aidance")
    call.contribution_kinds.create(name="Actions concrètes")
    call.document.save("appel.pdf", ContentFile(PDF), save=True)
    submission_a = _submission(call, speaker_a, "Proposition A")
    submission_b = _submission(call, speaker_b, "Proposition B")
    review = events.assign_reviewer(submission_a, reviewer=reviewer)
    working_group_member.perspective = Perspective.PROFESSIONAL
    working_group_member.save(update_fields=["perspective"])
    campaign = CampaignFactory(slug="recueil")
    campaign.working_group.add(working_group_member)
    response = ResponseFactory(campaign=campaign, submitted=True)
    other = ResponseFactory(campaign=campaign, submitted=True)
    dossier = PressDossierFactory(status=PressDossier.Status.DONE)
    dossier.file.save("dossier.pdf", ContentFile(PDF), save=True)
    return World(
        people={
            "anonymous": None,
            "speaker_a": speaker_a,
            "speaker_b": speaker_b,
            "reviewer": reviewer,
            "working_group": working_group_member,
            "coordinator": coordinator,
        },
        call=call,
        submission_a=submission_a,
        submission_b=submission_b,
        review=review,
        campaign=campaign,
        response=response,
        other_response=other,
        attachment=_attachment(response),
        other_attachment=_attachment(other),
        published=PublishedExperienceFactory(campaign=campaign, slug="publiee"),
        registration=events.register_attendee(event, name="Awa Diallo", email="awa@example.org"),
        programme=_programme(),
    )
