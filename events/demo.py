"""Demo content of the events app (``demo/``): the call for papers of a study day and a
regional webinar with its programme, both of 2025 and kept as past editions, and a
demonstration event whose call is open, so that a newcomer can try the whole journey, with
a published programme of generic rooms and sessions (no talk: its call is still open).

Events are matched on their slug, calls on their event, their themes, kinds, criteria,
rooms and the webinar's slots and speakers on their position, sessions on their title, and
updated in place.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.models import CallForPapers, Event, Session
from events.services.schedule import publish_programme
from network.demo_loader import demo_dir, read_data, sync_children, upsert
from network.timezones import PARIS, end_of_day

DEMO = demo_dir(__file__)


def _event(data: dict[str, Any], **fields: Any) -> Event:
    event_fields = dict(data["event"])
    return upsert(Event, slug=event_fields.pop("slug"), defaults={**event_fields, **fields})[0]


def _call(
    event: Event, *, themes: list[str], contribution_kinds: list[str], **fields: Any
) -> CallForPapers:
    call, _ = upsert(CallForPapers, event=event, defaults=fields)
    sync_children(call.themes, [{"title": title} for title in themes])
    sync_children(call.contribution_kinds, [{"name": name} for name in contribution_kinds])
    return call


def _session_rows(event: Event) -> list[tuple[Any, ...]]:
    fields = ("title", "kind", "room_id", "theme_id", "starts_at", "duration_minutes")
    return list(event.sessions.order_by("pk").values_list(*fields))


def _programme(
    event: Event, call: CallForPapers, data: dict[str, Any], *, day: datetime.date
) -> int:
    """The event's rooms and sessions on ``day``; the programme published on the first load,
    and again only when a session changed (the demonstration day follows today's date)."""
    before = _session_rows(event)
    stale = event.sessions.exclude(title__in=[row["title"] for row in data["sessions"]])
    if stale.exists():
        stale.delete()
    rooms = {room.name: room for room in sync_children(event.rooms, data["rooms"])}
    themes = list(call.themes.order_by("position"))
    for row in data["sessions"]:
        upsert(
            Session,
            event=event,
            title=row["title"],
            defaults={
                "kind": row["kind"],
                "room_id": rooms[row["room"]].pk if "room" in row else None,
                "theme_id": themes[row["theme"]].pk if "theme" in row else None,
                "starts_at": datetime.datetime.combine(
                    day, datetime.time.fromisoformat(row["start"]), tzinfo=PARIS
                ),
                "duration_minutes": row["minutes"],
            },
        )
    if event.programme_published_at is None or _session_rows(event) != before:
        publish_programme(event=event)
    return len(data["sessions"])


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the demo events, their calls and the webinar's programme.

    Side effects: writes events, calls for papers (themes, kinds of contribution, criteria),
    programme slots and their speakers, the demonstration day's rooms and sessions, and
    publishes its programme when they changed.
    """
    lille = read_data(DEMO / "lille-study-day.yaml")
    lille_call = lille["call"]
    _call(
        _event(lille),
        text=lille_call["text"],
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=PARIS),
        closes_at=end_of_day(datetime.date(2025, 3, 16)),
        contact_email=lille_call["contact_email"],
        themes=lille_call["themes"],
        contribution_kinds=lille_call["contribution_kinds"],
    )
    webinar_data = read_data(DEMO / "webinar.yaml")
    webinar = _event(
        webinar_data,
        starts_at=datetime.datetime(2025, 4, 3, 14, 0, tzinfo=PARIS),
        ends_at=datetime.datetime(2025, 4, 3, 16, 0, tzinfo=PARIS),
    )
    slots = webinar_data["slots"]
    slot_rows = [{k: v for k, v in slot.items() if k != "speakers"} for slot in slots]
    for slot, data in zip(sync_children(webinar.slots, slot_rows), slots, strict=True):
        sync_children(slot.speakers, data["speakers"])
    demo_data = read_data(DEMO / "demonstration.yaml")
    today = timezone.localdate()
    day = today + datetime.timedelta(days=120)
    demo = _event(
        demo_data,
        starts_at=datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=PARIS),
        ends_at=datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=PARIS),
    )
    demo_call = _call(
        demo,
        text=demo_data["call"]["text_prefix"] + lille_call["text"],
        opens_at=datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=PARIS),
        closes_at=end_of_day(today + datetime.timedelta(days=60)),
        review_deadline=end_of_day(today + datetime.timedelta(days=75)),
        confirmation_deadline=end_of_day(today + datetime.timedelta(days=95)),
        contact_email=demo_data["call"]["contact_email"],
        themes=lille_call["themes"],
        contribution_kinds=lille_call["contribution_kinds"],
    )
    sync_children(demo_call.criteria, [{"name": name} for name in demo_data["criteria"]])
    sessions = _programme(demo, demo_call, demo_data, day=day)
    return {
        "events": 3,
        "calls for papers": 2,
        "programme slots": len(slots),
        "rooms": len(demo_data["rooms"]),
        "sessions": sessions,
    }
