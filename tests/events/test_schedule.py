"""The programme as a schedule: talks placed with their type's duration, conflicts,
publication and changes after it, events' ends."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event, Session, Submission
from events.services import schedule
from tests.events.programme_data import at, confirmed_submission, make_programme
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_confirmed_submission_becomes_a_talk_lasting_as_long_as_its_type() -> None:
    programme = make_programme()
    first = confirmed_submission(programme, "La pair-aidance à l'hôpital")
    second = confirmed_submission(
        programme, "Représenter les usagers", speakers=(("Manon Navaron", "manon@example.org"),)
    )
    session = programme.sessions[1]

    talk = schedule.place_talk(submission=first, session=session)
    after = schedule.place_talk(submission=second, session=session)

    assert (talk.starts_at, talk.duration_minutes) == (at(10, 30), 20)
    assert after.starts_at == at(10, 50)  # after the talk already there
    assert talk.slug == "la-pair-aidance-a-lhopital"


def test_a_submission_without_type_takes_the_sessions_length() -> None:
    programme = make_programme()
    submission = confirmed_submission(programme, "Sans format", with_type=False)

    talk = schedule.place_talk(submission=submission, session=programme.sessions[2])

    assert talk.duration_minutes == 60


@pytest.mark.parametrize("state", [Submission.State.ACCEPTED, Submission.State.WITHDRAWN])
def test_only_a_confirmed_submission_is_placed(state: str) -> None:
    programme = make_programme()
    submission = confirmed_submission(programme, "Pas encore confirmée")
    submission.state = state
    submission.save()

    with pytest.raises(ValidationError, match="confirmée"):
        schedule.place_talk(submission=submission, session=programme.sessions[1])


def test_a_break_receives_no_talk() -> None:
    programme = make_programme()
    pause = Session.objects.create(
        event=programme.event, title="Pause", kind=Session.Kind.BREAK, starts_at=at(10)
    )
    with pytest.raises(ValidationError, match="pause"):
        schedule.place_talk(submission=confirmed_submission(programme, "T"), session=pause)


def test_conflicts_room_speaker_and_overflow_are_found_and_refuse_publication() -> None:
    programme = make_programme()
    julie = (("Julie Cachard", "julie@example.org"),)
    a = confirmed_submission(programme, "Atelier de Julie", speakers=julie)
    b = confirmed_submission(programme, "Autre atelier de Julie", speakers=julie)
    schedule.place_talk(submission=a, session=programme.sessions[1])
    schedule.place_talk(submission=b, session=programme.sessions[2])
    long_one = confirmed_submission(
        programme, "Trop longue", speakers=(("Pablo Vieira", "pablo@example.org"),)
    )
    schedule.place_talk(submission=long_one, session=programme.sessions[0], starts_at=at(9, 50))
    Session.objects.create(
        event=programme.event,
        room=programme.rooms[0],
        title="Chevauche l'ouverture",
        starts_at=at(9, 30),
        duration_minutes=30,
    )

    conflicts = schedule.find_schedule_conflicts(event=programme.event)

    kinds = sorted(c.kind for c in conflicts)
    assert kinds == ["overflow", "room", "speaker"]
    messages = " ".join(c.message for c in conflicts)
    assert "Julie Cachard intervient dans" in messages
    assert "Amphithéâtre" in messages and "Trop longue" in messages
    with pytest.raises(schedule.ProgrammeConflicts):
        schedule.publish_programme(event=programme.event)
    programme.event.refresh_from_db()
    assert programme.event.programme_published_at is None


def test_a_clean_programme_is_published_and_later_changes_are_dated() -> None:
    programme = make_programme()
    talk = schedule.place_talk(
        submission=confirmed_submission(programme, "Une communication"),
        session=programme.sessions[1],
    )
    published = timezone.now() - datetime.timedelta(hours=1)

    assert schedule.find_schedule_conflicts(event=programme.event) == []
    schedule.publish_programme(event=programme.event, now=published)
    talk.save()  # moved after publication

    programme.event.refresh_from_db()
    assert programme.event.programme_published_at == published
    assert schedule.changed_since_publication(programme.event, talk.updated_at)
    assert not schedule.changed_since_publication(
        programme.event, published - datetime.timedelta(minutes=1)
    )


def test_a_talk_of_another_events_call_is_refused() -> None:
    programme = make_programme()
    other = make_programme(slug="autre-journee")
    with pytest.raises(ValidationError, match="autre événement"):
        schedule.place_talk(
            submission=confirmed_submission(other, "Ailleurs"), session=programme.sessions[1]
        )


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (Event.Kind.WEBINAR, at(14), at(16)),
        (Event.Kind.STUDY_DAY, at(9, 30), at(17, 30)),
        (Event.Kind.STUDY_DAY, at(18), at(20)),
    ],
)
def test_an_event_without_end_gets_a_sensible_one(
    kind: str, start: datetime.datetime, end: datetime.datetime
) -> None:
    event = EventFactory(kind=kind, starts_at=start, ends_at=None)
    assert schedule.default_end(event) == end
