"""Reading a published programme for the public pages, the calendars and the exports, in
a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import CallTheme, Event, Room, Session, Talk
from events.services.schedule import Grid, programme_grid, schedule_sessions


@dataclass
class PublishedProgramme:
    event: Event
    rooms: list[Room]
    sessions: list[Session]
    themes: list[CallTheme]

    @property
    def talks(self) -> list[Talk]:
        return [talk for session in self.sessions for talk in session.talks.all()]

    @property
    def sessions_without_talks(self) -> list[Session]:
        """Breaks, lunch, a plenary opening…: sessions that are an item of the programme
        by themselves."""
        return [session for session in self.sessions if not session.talks.all()]

    def grid(self) -> Grid:
        return programme_grid(self.sessions, self.rooms)


def published_programme(slug: str) -> PublishedProgramme:
    """The published programme of a published event (404 otherwise)."""
    event = get_object_or_404(
        Event.objects.published().filter(programme_published_at__isnull=False), slug=slug
    )
    sessions = list(schedule_sessions(event))
    for session in sessions:
        session.event = event  # the talks' addresses need it: no query per talk
    themes = list(CallTheme.objects.filter(call__event=event).order_by("position", "pk"))
    return PublishedProgramme(event, list(event.rooms.all()), sessions, themes)


def _theme_ids(session: Session) -> set[int]:
    ids = {talk.submission.theme_id for talk in session.talks.all()}
    ids.add(session.theme_id)
    return {i for i in ids if i is not None}


def filter_programme(
    programme: PublishedProgramme, *, theme: int | None, kind: str | None
) -> PublishedProgramme:
    """Only the sessions of a kind and (by themselves or one of their talks) of a theme."""
    sessions = [
        session
        for session in programme.sessions
        if (kind is None or session.kind == kind)
        and (theme is None or theme in _theme_ids(session))
    ]
    return PublishedProgramme(programme.event, programme.rooms, sessions, programme.themes)


def published_talk(slug: str, talk_slug: str) -> tuple[PublishedProgramme, Talk]:
    """A talk of a published programme, with its programme (404 otherwise)."""
    programme = published_programme(slug)
    for talk in programme.talks:
        if talk.slug == talk_slug:
            return programme, talk
    raise Http404
