"""A published programme in the frab schedule XML format (the one pretalx exports and
voc/schedule's ``schedule.xml.xsd`` describes) and in the matching JSON.

Each talk is a frab « event »: its id is the talk's, its guid a uuid5 of it, its slug the
talk's address; the days are the Paris days of its sessions, the rooms the event's rooms.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring  # writing only

from django.conf import settings
from django.utils import timezone

from events.models import Event, Session, SubmissionSpeaker, Talk
from events.models.schedule import GUID_NAMESPACE
from events.services.programme import PublishedProgramme

LANGUAGE = "fr"
TIMESLOT = "00:05"
GENERATOR = {"name": "reseau-participatif-sante", "version": "1"}


def duration(minutes: int) -> str:
    """frab's ``HH:MM`` (hours may pass 24 on paper, not here)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def acronym(event: Event) -> str:
    """Lower case letters, digits and underscores, as the JSON schema's pattern wants."""
    return re.sub(r"[^a-z0-9_]", "_", event.slug.lower())[:60] or "programme"


def version(programme: PublishedProgramme) -> str:
    published = programme.event.programme_published_at
    return timezone.localtime(published).strftime("%Y-%m-%d %H:%M") if published else "0"


def room_guid(name: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"room-{name}"))


def person_guid(speaker: SubmissionSpeaker) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"acct:{speaker.email.lower()}"))


def _days(programme: PublishedProgramme) -> list[tuple[datetime.date, list[Talk]]]:
    by_day: dict[datetime.date, list[Talk]] = {}
    for talk in sorted(programme.talks, key=lambda t: (t.starts_at, t.pk)):
        by_day.setdefault(timezone.localtime(talk.starts_at).date(), []).append(talk)
    return sorted(by_day.items())


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(4, 0), tzinfo=tz)
    return start, start + datetime.timedelta(days=1) - datetime.timedelta(seconds=1)


def _room_name(session: Session) -> str:
    return str(session.room) if session.room else str(session.event.location or "—")


def _rooms_of(talks: list[Talk]) -> dict[str, list[Talk]]:
    rooms: dict[str, list[Talk]] = {}
    for talk in talks:
        rooms.setdefault(_room_name(talk.session), []).append(talk)
    return rooms


def _track(talk: Talk) -> str:
    theme = talk.submission.theme or talk.session.theme
    return str(theme) if theme else ""


def _type(talk: Talk) -> str:
    kind = talk.submission.submission_type
    return kind.name if kind else talk.session.get_kind_display()


def _text(parent: Element, tag: str, text: str = "", **attributes: str) -> Element:
    child = SubElement(parent, tag, attributes)
    child.text = text
    return child


def _xml_event(room: Element, talk: Talk, base_url: str) -> None:
    node = SubElement(room, "event", {"guid": str(talk.guid), "id": str(talk.pk)})
    start = timezone.localtime(talk.starts_at)
    _text(node, "room", _room_name(talk.session))
    _text(node, "title", str(talk))
    _text(node, "subtitle")
    _text(node, "type", _type(talk))
    _text(node, "date", start.isoformat())
    _text(node, "start", start.strftime("%H:%M"))
    _text(node, "duration", duration(talk.duration_minutes))
    _text(node, "abstract", talk.submission.abstract)
    _text(node, "slug", talk.slug)
    _text(node, "track", _track(talk))
    persons = SubElement(node, "persons")
    for speaker in talk.submission.speakers.all():
        _text(persons, "person", speaker.name, id=str(speaker.pk))
    _text(node, "language", LANGUAGE)
    _text(node, "description", "")
    links = SubElement(node, "links")
    _text(links, "link", str(talk), href=base_url + talk.get_absolute_url())


def schedule_xml(programme: PublishedProgramme, *, base_url: str) -> bytes:
    """The programme as frab schedule XML (UTF-8)."""
    event = programme.event
    days = _days(programme)
    root = Element("schedule")
    _text(root, "version", version(programme))
    conference = SubElement(root, "conference")
    _text(conference, "title", event.title)
    _text(conference, "acronym", acronym(event))
    if days:
        _text(conference, "start", days[0][0].isoformat())
        _text(conference, "end", days[-1][0].isoformat())
    _text(conference, "days", str(len(days)))
    _text(conference, "timeslot_duration", TIMESLOT)
    for index, (day, talks) in enumerate(days, start=1):
        start, end = _day_bounds(day)
        day_node = SubElement(
            root,
            "day",
            {
                "index": str(index),
                "date": day.isoformat(),
                "start": start.isoformat(),
                "end": end.isoformat(),
            },
        )
        for name, room_talks in _rooms_of(talks).items():
            room = SubElement(day_node, "room", {"name": name})
            for talk in room_talks:
                _xml_event(room, talk, base_url)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode()


def _json_event(talk: Talk, base_url: str) -> dict[str, Any]:
    start = timezone.localtime(talk.starts_at)
    return {
        "guid": str(talk.guid),
        "id": talk.pk,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": duration(talk.duration_minutes),
        "room": _room_name(talk.session),
        "slug": talk.slug,
        "url": base_url + talk.get_absolute_url(),
        "title": str(talk),
        "subtitle": "",
        "track": _track(talk) or None,
        "type": _type(talk),
        "language": LANGUAGE,
        "abstract": talk.submission.abstract,
        "description": "",
        "recording_license": "",
        "do_not_record": None,
        "persons": [
            {
                "code": f"S{speaker.pk}",
                "guid": person_guid(speaker),
                "name": speaker.name,
                "public_name": speaker.name,
                "biography": ", ".join(p for p in (speaker.role, speaker.affiliation) if p),
                "answers": [],
            }
            for speaker in talk.submission.speakers.all()
        ],
        "links": [],
        "attachments": [],
        "answers": [],
    }


def schedule_json(programme: PublishedProgramme, *, base_url: str) -> dict[str, Any]:
    """The programme as the schedule JSON of pretalx and the voc (``schedule.json``)."""
    event = programme.event
    days = _days(programme)
    rooms = [
        {
            "name": room.name,
            "guid": room_guid(room.name),
            "description": room.accessibility_notes or None,
            "capacity": room.capacity,
        }
        for room in programme.rooms
    ]
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": GENERATOR,
        "schedule": {
            "url": base_url + f"/evenements/{event.slug}/programme.json",
            "version": version(programme),
            "base_url": base_url,
            "conference": {
                "acronym": acronym(event),
                "title": event.title,
                "start": days[0][0].isoformat() if days else "",
                "end": days[-1][0].isoformat() if days else "",
                "daysCount": len(days),
                "timeslot_duration": TIMESLOT,
                "time_zone_name": settings.TIME_ZONE,
                "url": base_url + event.get_absolute_url(),
                "rooms": rooms,
                "tracks": [{"name": theme.title} for theme in programme.themes],
                "days": [
                    {
                        "index": index,
                        "date": day.isoformat(),
                        "day_start": _day_bounds(day)[0].isoformat(),
                        "day_end": _day_bounds(day)[1].isoformat(),
                        "rooms": {
                            name: [_json_event(t, base_url) for t in room_talks]
                            for name, room_talks in _rooms_of(talks).items()
                        },
                    }
                    for index, (day, talks) in enumerate(days, start=1)
                ],
            },
        },
    }
