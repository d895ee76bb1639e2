"""A study day with rooms, sessions and confirmed talks, for the programme's tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from events.models import (
    CallForPapers,
    CallTheme,
    Event,
    Room,
    Session,
    Submission,
    SubmissionSpeaker,
    SubmissionType,
)
from network.timezones import PARIS
from tests.factories import CallForPapersFactory, EventFactory, UserFactory

DAY = datetime.date(2030, 6, 12)


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(DAY, datetime.time(hour, minute), tzinfo=PARIS)


@dataclass
class Programme:
    event: Event
    call: CallForPapers
    theme: CallTheme
    talk_type: SubmissionType
    rooms: list[Room] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)


def make_programme(*, slug: str = "journee-programme") -> Programme:
    event = EventFactory(slug=slug, title="Journée du programme", starts_at=at(9), ends_at=at(17))
    call = CallForPapersFactory(event=event)
    theme = call.themes.create(title="Pair-aidance", position=0)
    talk_type = SubmissionType.objects.create(call=call, name="Communication", duration_minutes=20)
    programme = Programme(event=event, call=call, theme=theme, talk_type=talk_type)
    programme.rooms = [
        Room.objects.create(event=event, name="Amphithéâtre", capacity=200, position=0),
        Room.objects.create(event=event, name="Salle 2", capacity=40, position=1),
    ]
    programme.sessions = [
        Session.objects.create(
            event=event,
            room=programme.rooms[0],
            title="Ouverture",
            kind=Session.Kind.PLENARY,
            starts_at=at(9),
            duration_minutes=60,
        ),
        Session.objects.create(
            event=event,
            room=programme.rooms[0],
            title="Atelier A",
            kind=Session.Kind.WORKSHOP,
            theme=theme,
            starts_at=at(10, 30),
            duration_minutes=60,
        ),
        Session.objects.create(
            event=event,
            room=programme.rooms[1],
            title="Atelier B",
            kind=Session.Kind.WORKSHOP,
            starts_at=at(10, 30),
            duration_minutes=60,
        ),
    ]
    return programme


def confirmed_submission(
    programme: Programme,
    title: str,
    *,
    speakers: tuple[tuple[str, str], ...] = (("Julie Cachard", "julie@example.org"),),
    with_type: bool = True,
    with_account: bool = False,
) -> Submission:
    """A confirmed proposal of ``speakers`` (name, email), owned by an account of the first
    one's address; with ``with_account`` that speaker's line is tied to it (a public page)."""
    owner = UserFactory(email=speakers[0][1])
    submission = Submission.objects.create(
        call=programme.call,
        owner=owner,
        title=title,
        abstract="Un résumé.",
        theme=programme.theme,
        submission_type=programme.talk_type if with_type else None,
        state=Submission.State.CONFIRMED,
    )
    for position, (name, email) in enumerate(speakers):
        SubmissionSpeaker.objects.create(
            submission=submission,
            name=name,
            email=email,
            position=position,
            user=owner if with_account and position == 0 else None,
        )
    return submission
