"""Events as iCalendar (RFC 5545), for the feeds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event
from events.services.schedule import default_end


def calendar(events: Iterable[Event], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Réseau participatif en santé//Événements//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = datetime.datetime.now(tz=datetime.UTC)
    for event in events:
        if event.starts_at is None:
            continue  # no date yet: nothing to put in a calendar
        entry = CalendarEvent()
        entry.add("uid", f"evenement-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", default_end(event))
        entry.add("summary", event.title)
        entry.add("description", event.summary or event.title)
        entry.add("location", event.location or (gettext("En ligne") if event.online else ""))
        entry.add("url", settings.SITE_URL + event.get_absolute_url())
        entry.add("last-modified", event.updated_at)
        cal.add_component(entry)
    return cal.to_ical()
