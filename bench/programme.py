"""The programme and attendance at size: the public grid of 200 talks in 6 rooms, its frab
XML and JSON exports, and attendance certificates rendered per second."""

from __future__ import annotations

import datetime
import time

from django.test import Client
from django.utils import timezone

from bench.common import Row, page
from events.models import (
    Attendance,
    CallForPapers,
    Event,
    Registration,
    Room,
    Session,
    Submission,
    SubmissionSpeaker,
    SubmissionType,
    Talk,
)
from events.services import attendance
from network.models import User

ROOMS = 6
TALKS = 200
CERTIFICATES = 500


def _programme() -> Event:
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    day = start - datetime.timedelta(days=3)
    event = Event.objects.create(
        title="Banc programme",
        slug="banc-programme",
        organiser="Banc",
        starts_at=day,
        ends_at=start - datetime.timedelta(days=1),
        programme_published_at=timezone.now(),
    )
    call = CallForPapers.objects.create(
        event=event, text="Banc", closes_at=start, contact_email="banc@banc.example"
    )
    theme = call.themes.create(title="Thème")
    kind = SubmissionType.objects.create(call=call, name="Communication", duration_minutes=20)
    rooms = Room.objects.bulk_create(
        Room(event=event, name=f"Salle {n}", position=n) for n in range(ROOMS)
    )
    per_room = TALKS // ROOMS + 1
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            room=room,
            title=f"Session {hour} {room.name}",
            starts_at=day + datetime.timedelta(hours=hour),
            duration_minutes=60,
        )
        for room in rooms
        for hour in range(per_room // 3 + 1)
    )
    owner = User.objects.create_user("programme@banc.example")
    submissions = Submission.objects.bulk_create(
        Submission(
            call=call,
            owner=owner,
            title=f"Intervention {n:03}",
            abstract="Résumé",
            theme=theme,
            submission_type=kind,
            state=Submission.State.CONFIRMED,
        )
        for n in range(TALKS)
    )
    SubmissionSpeaker.objects.bulk_create(
        SubmissionSpeaker(submission=s, name=f"Personne {n}", email=f"p{n}@banc.example")
        for n, s in enumerate(submissions)
    )
    Talk.objects.bulk_create(
        Talk(
            session=sessions[n // 3],
            submission=s,
            slug=f"intervention-{n:03}",
            starts_at=sessions[n // 3].starts_at + datetime.timedelta(minutes=20 * (n % 3)),
            duration_minutes=20,
        )
        for n, s in enumerate(submissions)
    )
    return event


def _certificates(event: Event) -> Row:
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Participant {n:03}",
            email=f"r{n}@banc.example",
            status=Registration.Status.CONFIRMED,
        )
        for n in range(CERTIFICATES)
    )
    Attendance.objects.bulk_create(Attendance(registration=r) for r in registrations)
    started = time.perf_counter()
    attendance.start_certificates(event=event, send=False)  # the task runs eagerly here
    seconds = time.perf_counter() - started
    return (
        f"attendance certificates ({CERTIFICATES})",
        f"{seconds / CERTIFICATES * 1000:.0f} ms each",
        f"{CERTIFICATES / seconds:.1f} per second, WeasyPrint, rendered once each",
    )


def run() -> list[Row]:
    event = _programme()
    client = Client()
    base = f"/evenements/{event.slug}/"
    note = f"{TALKS} talks in {ROOMS} rooms"
    rows = [
        page(client, "programme grid", base + "programme/", note),
        page(client, "programme, frab XML", base + "programme.xml", note),
        page(client, "programme, JSON", base + "programme.json", note),
    ]
    rows.append(_certificates(event))
    return rows
