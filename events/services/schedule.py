"""Building the programme: placing confirmed submissions as talks in sessions, finding the
conflicts of a schedule, publishing it and listing what changed since."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import combinations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event, Room, Session, Submission, SubmissionSpeaker, Talk
from network.timezones import PARIS


@dataclass(frozen=True)
class Conflict:
    """One problem of a schedule, told in French for the coordinators."""

    kind: str  # "room", "speaker" or "overflow"
    message: str
    talks: tuple[int, ...] = field(default=())
    sessions: tuple[int, ...] = field(default=())


class ProgrammeConflicts(ValidationError):
    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__([c.message for c in conflicts])


def default_end(event: Event) -> datetime.datetime | None:
    """An event's end, or a sensible one when none was given: two hours for a webinar or a
    late start, else 17:30 Paris time the same day."""
    if event.ends_at or event.starts_at is None:
        return event.ends_at
    start = event.starts_at.astimezone(PARIS)
    evening = start.replace(hour=17, minute=30, second=0, microsecond=0)
    if event.kind == Event.Kind.WEBINAR or evening <= start:
        return start + datetime.timedelta(hours=2)
    return evening


def schedule_sessions(event: Event) -> QuerySet[Session]:
    """The event's sessions with their room, theme, talks and speakers, in a fixed number of
    queries whatever their count."""
    speakers = SubmissionSpeaker.objects.select_related("engagement_role").order_by(
        "position", "pk"
    )
    talks = Talk.objects.select_related(
        "submission__theme", "submission__submission_type"
    ).prefetch_related(Prefetch("submission__speakers", queryset=speakers))
    return (
        Session.objects.filter(event=event)
        .select_related("room", "theme")
        .prefetch_related(Prefetch("talks", queryset=talks))
        .order_by("starts_at", "room__position", "room__pk", "pk")
    )


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = slugify(title)[:180] or "intervention"
    slug, n = base, 1
    others = Talk.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude)
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def place_talk(
    *, submission: Submission, session: Session, starts_at: datetime.datetime | None = None
) -> Talk:
    """Place a confirmed submission in a session (or move it there), lasting as long as its
    submission type says (the session's length when it has no type); it starts at
    ``starts_at`` or after the talks already in the session.

    Side effects: creates or updates the submission's talk.
    """
    if submission.state != Submission.State.CONFIRMED:
        raise ValidationError(_("Seule une proposition confirmée peut être placée au programme."))
    if submission.call.event_id != session.event_id:
        raise ValidationError(_("Cette proposition répond à l'appel d'un autre événement."))
    if session.kind == Session.Kind.BREAK:
        raise ValidationError(_("Une pause ne reçoit pas d'intervention."))
    kind = submission.submission_type
    duration = kind.duration_minutes if kind else session.duration_minutes
    if starts_at is None:
        others = [t for t in session.talks.all() if t.submission_id != submission.pk]
        starts_at = max((t.ends_at for t in others), default=session.starts_at)
    talk = Talk.objects.filter(submission=submission).first() or Talk(submission=submission)
    talk.session = session
    talk.starts_at = starts_at
    talk.duration_minutes = duration
    if not talk.slug:
        talk.slug = _unique_slug(str(submission), exclude=talk.pk)
    talk.save()
    return talk


def unplace_talk(*, talk: Talk) -> None:
    """Take a talk off the programme. Side effects: deletes the talk (not the submission)."""
    talk.delete()


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def find_schedule_conflicts(*, event: Event) -> list[Conflict]:
    """What must be fixed before publishing: a room holding two sessions at once, a speaker
    in two places at once, a talk outside (or longer than) its session."""
    sessions = list(schedule_sessions(event))
    conflicts: list[Conflict] = []
    for a, b in combinations([s for s in sessions if s.room_id], 2):
        if a.room_id == b.room_id and a.starts_at < b.ends_at and b.starts_at < a.ends_at:
            conflicts.append(
                Conflict(
                    "room",
                    _(
                        "La salle « %(room)s » accueille « %(a)s » et « %(b)s » en même "
                        "temps (%(when)s)."
                    )
                    % {
                        "room": a.room,
                        "a": a,
                        "b": b,
                        "when": _when(max(a.starts_at, b.starts_at)),
                    },
                    sessions=(a.pk, b.pk),
                )
            )
    talks = [talk for session in sessions for talk in session.talks.all()]
    for talk in talks:
        session = talk.session
        if talk.starts_at < session.starts_at or talk.ends_at > session.ends_at:
            conflicts.append(
                Conflict(
                    "overflow",
                    _("« %(talk)s » (%(minutes)d min) dépasse de la session « %(session)s ».")
                    % {"talk": talk, "minutes": talk.duration_minutes, "session": session},
                    talks=(talk.pk,),
                    sessions=(session.pk,),
                )
            )
    for one, two in combinations(talks, 2):
        if not (one.starts_at < two.ends_at and two.starts_at < one.ends_at):
            continue
        emails = {s.email.lower() for s in one.submission.speakers.all()}
        for speaker in two.submission.speakers.all():
            if speaker.email.lower() in emails:
                conflicts.append(
                    Conflict(
                        "speaker",
                        _(
                            "%(name)s intervient dans « %(a)s » et « %(b)s » en même temps "
                            "(%(when)s)."
                        )
                        % {
                            "name": speaker.name,
                            "a": one,
                            "b": two,
                            "when": _when(max(one.starts_at, two.starts_at)),
                        },
                        talks=(one.pk, two.pk),
                    )
                )
    return conflicts


@transaction.atomic
def publish_programme(*, event: Event, now: datetime.datetime | None = None) -> None:
    """Publish the event's programme, refused while it has conflicts.

    Side effects: ``programme_published_at`` set to now (later changes are listed as
    changed after it).
    """
    conflicts = find_schedule_conflicts(event=event)
    if conflicts:
        raise ProgrammeConflicts(conflicts)
    event.programme_published_at = now or timezone.now()
    event.save(update_fields=["programme_published_at", "updated_at"])


def unpublish_programme(*, event: Event) -> None:
    """Withdraw the programme from the public. Side effects: clears the publication date."""
    event.programme_published_at = None
    event.save(update_fields=["programme_published_at", "updated_at"])


def changed_since_publication(event: Event, moment: datetime.datetime) -> bool:
    """Whether something dated ``moment`` changed after the programme was published."""
    published = event.programme_published_at
    return published is not None and moment > published


@dataclass
class GridRow:
    starts_at: datetime.datetime
    cells: list[list[Session]]  # one list per column (room), sessions starting then


@dataclass
class GridDay:
    day: datetime.date
    rows: list[GridRow]


@dataclass
class Grid:
    rooms: list[Room | None]  # the columns; None for sessions without a room
    days: list[GridDay]


def programme_grid(sessions: list[Session], rooms: list[Room]) -> Grid:
    """Sessions laid out by day, start time and room (the columns: the event's rooms, then
    one for sessions in no room if there are any)."""
    columns: list[Room | None] = list(rooms)
    if any(s.room_id is None for s in sessions):
        columns.append(None)
    index = {room.pk if room else None: i for i, room in enumerate(columns)}
    days: dict[datetime.date, dict[datetime.datetime, GridRow]] = {}
    for session in sorted(sessions, key=lambda s: s.starts_at):
        start = timezone.localtime(session.starts_at)
        rows = days.setdefault(start.date(), {})
        row = rows.get(start) or rows.setdefault(start, GridRow(start, [[] for _ in columns]))
        row.cells[index[session.room_id]].append(session)
    return Grid(
        rooms=columns,
        days=[GridDay(day, list(rows.values())) for day, rows in sorted(days.items())],
    )
