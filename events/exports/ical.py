"""A programme's talks and sessions as iCalendar entries, with their end, room and page."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event, Session, Talk


def _location(event: Event, session: Session) -> str:
    place = [str(session.room)] if session.room else []
    if event.location:
        place.append(event.location)
    return ", ".join(place)


def talks_calendar(event: Event, talks: Iterable[Talk], *, name: str) -> bytes:
    """One entry per talk: start, end, summary with speakers, room as location, URL."""
    cal = Calendar()
    cal.add("prodid", "-//Réseau participatif en santé//Programme//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    host = settings.SITE_URL.split("://")[-1]
    for talk in talks:
        speakers = ", ".join(s.name for s in talk.submission.speakers.all())
        entry = CalendarEvent()
        entry.add("uid", f"intervention-{talk.guid}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", talk.starts_at)
        entry.add("dtend", talk.ends_at)
        entry.add("summary", f"{talk} — {speakers}" if speakers else str(talk))
        entry.add("description", talk.submission.abstract or str(talk))
        entry.add("location", _location(event, talk.session))
        entry.add("url", settings.SITE_URL + talk.get_absolute_url())
        entry.add("last-modified", talk.updated_at)
        cal.add_component(entry)
    return cal.to_ical()
