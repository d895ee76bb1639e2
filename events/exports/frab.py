"""A published programme in the frab schedule XML format (the one pretalx exports and
voc/schedule's ``schedule.xml.xsd`` describes) and in the matching JSON.

Each talk is a frab « event »: its id is the talk's, its guid a uuid5 of it, its slug the
talk's address. A session without talks (a break, lunch, a plenary opening) is one too, so
that a schedule app shows the whole day (pretalx leaves its breaks out of its frab XML, only
its widget's data has them): its id is the session's past :data:`SESSION_ID_OFFSET` (the
schema wants the ids of talks and sessions unique together), its guid a uuid5 of the
session, no persons, its type the session's kind (« Pause »…). The days are the Paris days
of the items, the rooms the event's rooms; a room lists its items by start.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring  # writing only

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, Session, SubmissionSpeaker, Talk
from events.models.schedule import GUID_NAMESPACE
from events.services.programme import PublishedProgramme

LANGUAGE = "fr"
TIMESLOT = "00:05"
GENERATOR = {"name": "reseau-participatif-sante", "version": "1"}
#: Added to a session's id to give its frab id: talks keep theirs, and the two never meet.
SESSION_ID_OFFSET = 1_000_000_000


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


@dataclass(frozen=True)
class Item:
    """One frab « event »: a talk, or a session without talks."""

    id: int
    guid: str
    starts_at: datetime.datetime
    minutes: int
    room: str
    title: str
    type: str
    abstract: str
    slug: str
    track: str
    url: str
    speakers: tuple[SubmissionSpeaker, ...] = ()


def _room_name(session: Session) -> str:
    return str(session.room) if session.room else str(session.event.location or "—")


def _talk_item(talk: Talk, base_url: str) -> Item:
    session = talk.session
    kind = talk.submission.submission_type
    theme = talk.submission.theme or session.theme
    return Item(
        id=talk.pk,
        guid=str(talk.guid),
        starts_at=talk.starts_at,
        minutes=talk.duration_minutes,
        room=_room_name(session),
        title=str(talk),
        type=kind.name if kind else str(session.get_kind_display()),
        abstract=talk.submission.abstract,
        slug=talk.slug,
        track=str(theme) if theme else "",
        url=base_url + talk.get_absolute_url(),
        speakers=tuple(talk.submission.speakers.all()),
    )


def _session_item(session: Session, base_url: str) -> Item:
    page = reverse("programme", kwargs={"slug": session.event.slug})
    return Item(
        id=SESSION_ID_OFFSET + session.pk,
        guid=str(session.guid),
        starts_at=session.starts_at,
        minutes=session.duration_minutes,
        room=_room_name(session),
        title=session.title,
        type=str(session.get_kind_display()),
        abstract="",
        slug="-".join(p for p in ("session", str(session.pk), slugify(session.title)[:80]) if p),
        track=str(session.theme) if session.theme else "",
        url=f"{base_url}{page}#session-{session.pk}",
    )


def items(programme: PublishedProgramme, *, base_url: str) -> list[Item]:
    """The talks, and the sessions without talks, by start."""
    found = [_talk_item(talk, base_url) for talk in programme.talks]
    found += [_session_item(session, base_url) for session in programme.sessions_without_talks]
    return sorted(found, key=lambda item: (item.starts_at, item.id))


def _days(found: list[Item]) -> list[tuple[datetime.date, dict[str, list[Item]]]]:
    """The items by Paris day, then by room (each room's in order of start)."""
    by_day: dict[datetime.date, dict[str, list[Item]]] = {}
    for item in found:
        day = by_day.setdefault(timezone.localtime(item.starts_at).date(), {})
        day.setdefault(item.room, []).append(item)
    return sorted(by_day.items())


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(4, 0), tzinfo=tz)
    return start, start + datetime.timedelta(days=1) - datetime.timedelta(seconds=1)


def _text(parent: Element, tag: str, text: str = "", **attributes: str) -> Element:
    child = SubElement(parent, tag, attributes)
    child.text = text
    return child


def _xml_event(room: Element, item: Item) -> None:
    node = SubElement(room, "event", {"guid": item.guid, "id": str(item.id)})
    start = timezone.localtime(item.starts_at)
    _text(node, "room", item.room)
    _text(node, "title", item.title)
    _text(node, "subtitle")
    _text(node, "type", item.type)
    _text(node, "date", start.isoformat())
    _text(node, "start", start.strftime("%H:%M"))
    _text(node, "duration", duration(item.minutes))
    _text(node, "abstract", item.abstract)
    _text(node, "slug", item.slug)
    _text(node, "track", item.track)
    persons = SubElement(node, "persons")
    for speaker in item.speakers:
        _text(persons, "person", speaker.name, id=str(speaker.pk))
    _text(node, "language", LANGUAGE)
    _text(node, "description", "")
    links = SubElement(node, "links")
    _text(links, "link", item.title, href=item.url)


def schedule_xml(programme: PublishedProgramme, *, base_url: str) -> bytes:
    """The programme as frab schedule XML (UTF-8)."""
    event = programme.event
    days = _days(items(programme, base_url=base_url))
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
    for index, (day, rooms) in enumerate(days, start=1):
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
        for name, room_items in rooms.items():
            room = SubElement(day_node, "room", {"name": name})
            for item in room_items:
                _xml_event(room, item)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode()


def _json_event(item: Item) -> dict[str, Any]:
    start = timezone.localtime(item.starts_at)
    return {
        "guid": item.guid,
        "id": item.id,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": duration(item.minutes),
        "room": item.room,
        "slug": item.slug,
        "url": item.url,
        "title": item.title,
        "subtitle": "",
        "track": item.track or None,
        "type": item.type,
        "language": LANGUAGE,
        "abstract": item.abstract,
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
            for speaker in item.speakers
        ],
        "links": [],
        "attachments": [],
        "answers": [],
    }


def schedule_json(programme: PublishedProgramme, *, base_url: str) -> dict[str, Any]:
    """The programme as the schedule JSON of pretalx and the voc (``schedule.json``)."""
    event = programme.event
    days = _days(items(programme, base_url=base_url))
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
                            name: [_json_event(item) for item in room_items]
                            for name, room_items in day_rooms.items()
                        },
                    }
                    for index, (day, day_rooms) in enumerate(days, start=1)
                ],
            },
        },
    }
