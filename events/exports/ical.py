"""A programme's talks and sessions as iCalendar entries, with their end, room and page."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event, Session, Talk


def _location(event: Event, session: Session) -> str:
    place = [str(session.room)] if session.room else []
    if event.location:
        place.append(event.location)
    return ", ".join(place)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Réseau participatif en santé//Programme//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _talk_entry(event: Event, talk: Talk, stamp: datetime.datetime) -> CalendarEvent:
    speakers = ", ".join(s.name for s in talk.submission.speakers.all())
    entry = CalendarEvent()
    entry.add("uid", f"intervention-{talk.guid}@{settings.SITE_URL.split('://')[-1]}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", talk.starts_at)
    entry.add("dtend", talk.ends_at)
    entry.add("summary", f"{talk} — {speakers}" if speakers else str(talk))
    entry.add("description", talk.submission.abstract or str(talk))
    entry.add("location", _location(event, talk.session))
    entry.add("url", settings.SITE_URL + talk.get_absolute_url())
    entry.add("last-modified", talk.updated_at)
    return entry


def _session_entry(event: Event, session: Session, stamp: datetime.datetime) -> CalendarEvent:
    page = reverse("programme", kwargs={"slug": event.slug})
    entry = CalendarEvent()
    entry.add("uid", f"session-{session.guid}@{settings.SITE_URL.split('://')[-1]}")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", session.starts_at)
    entry.add("dtend", session.ends_at)
    entry.add("summary", session.title)
    entry.add("description", f"{session.title} ({session.get_kind_display()})")
    entry.add("location", _location(event, session))
    entry.add("url", f"{settings.SITE_URL}{page}#session-{session.pk}")
    entry.add("last-modified", session.updated_at)
    return entry


def talks_calendar(event: Event, talks: Iterable[Talk], *, name: str) -> bytes:
    """One entry per talk: start, end, summary with speakers, room as location, URL."""
    cal = _calendar(name)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    for talk in talks:
        cal.add_component(_talk_entry(event, talk, stamp))
    return cal.to_ical()


def programme_calendar(
    event: Event, talks: Iterable[Talk], sessions: Iterable[Session], *, name: str
) -> bytes:
    """The whole programme: an entry per talk and per session without talks (a break,
    lunch, a plenary opening), by start."""
    cal = _calendar(name)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    entries = [_talk_entry(event, talk, stamp) for talk in talks]
    entries += [_session_entry(event, session, stamp) for session in sessions]
    for entry in sorted(entries, key=lambda entry: entry.decoded("dtstart")):
        cal.add_component(entry)
    return cal.to_ical()
