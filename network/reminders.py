"""The platform's reminder engine: relances before every deadline, each sent exactly once.

Apps register *sources*: functions that, given the current time, yield the reminders
that are due. :func:`sweep` (run by Celery beat) records each one under a unique
constraint — (kind, recipient, object, deadline) — in the same transaction as its outbox
mail, so that:

- a second beat, a retried task or a restarted worker finds the row and sends nothing;
- nothing is sent for data that was not committed (the mail leaves after the commit);
- a transient SMTP failure is retried by the outbox, never by sending a second reminder.

``network`` imports no app: events and experiences register their sources at start-up.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from network.mail import queue_mail, queue_mails
from network.models import SentReminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueReminder:
    kind: str
    recipient: str
    object_key: str
    deadline: datetime.datetime
    mail: str
    context: Mapping[str, Any] = field(default_factory=dict)


Source = Callable[[datetime.datetime], Iterable[DueReminder]]
SOURCES: dict[str, Source] = {}


def reminder_source(name: str) -> Callable[[Source], Source]:
    """Decorator: ``@reminder_source("submission-drafts")`` on a function ``(now) -> reminders``."""

    def decorate(source: Source) -> Source:
        SOURCES[name] = source
        return source

    return decorate


@dataclass
class SweepResult:
    sent: int = 0
    already_sent: int = 0


def sweep(now: datetime.datetime | None = None) -> SweepResult:
    """Send every due reminder not sent yet. Safe to run concurrently and repeatedly.

    Side effects: one SentReminder and one OutgoingMail per new reminder, committed by
    chunks of ``CHUNK`` (two inserts per chunk); delivery tasks after each commit.
    """
    now = now or timezone.now()
    total = SweepResult()
    for name, source in SOURCES.items():
        result = SweepResult()
        for chunk in _chunks(source(now), CHUNK):
            known = _already_sent(chunk)
            fresh = [due for due in chunk if _key(due) not in known]
            result.already_sent += len(chunk) - len(fresh)
            with transaction.atomic():  # one commit per chunk
                if _send_all_once(fresh):
                    result.sent += len(fresh)
                    continue
                # A concurrent sweep recorded some of them: one savepoint per reminder.
                for due in fresh:
                    if _send_once(due):
                        result.sent += 1
                    else:
                        result.already_sent += 1
        logger.info("reminders %s: %s", name, result)
        total.sent += result.sent
        total.already_sent += result.already_sent
    return total


CHUNK = 500


def _key(due: DueReminder) -> tuple[str, str, str, datetime.datetime]:
    return (due.kind, due.recipient.lower(), due.object_key, due.deadline)


def _chunks(items: Iterable[DueReminder], size: int) -> Iterator[list[DueReminder]]:
    chunk: list[DueReminder] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _already_sent(chunk: list[DueReminder]) -> set[tuple[str, str, str, datetime.datetime]]:
    """One query per chunk, so that a sweep finding everything sent stays cheap; the
    unique constraint, not this look-up, is what makes sending exactly once."""
    rows = SentReminder.objects.filter(
        kind__in={due.kind for due in chunk},
        object_key__in={due.object_key for due in chunk},
    ).values_list("kind", "recipient", "object_key", "deadline")
    return set(rows)


def _send_all_once(batch: list[DueReminder]) -> bool:
    """Record and queue the whole batch in two inserts, or nothing if one was recorded."""
    if not batch:
        return True
    try:
        with transaction.atomic():  # a rolled-back savepoint also drops its mails' tasks
            mails = queue_mails((due.mail, due.recipient, due.context) for due in batch)
            SentReminder.objects.bulk_create(
                SentReminder(
                    kind=due.kind,
                    recipient=due.recipient.lower(),
                    object_key=due.object_key,
                    deadline=due.deadline,
                    mail=mail,
                )
                for due, mail in zip(batch, mails, strict=True)
            )
    except IntegrityError:
        return False
    return True


def _send_once(due: DueReminder) -> bool:
    try:
        with transaction.atomic():  # a rolled-back savepoint also drops its mail's task
            (mail,) = queue_mail(due.mail, to=due.recipient, context=due.context)
            SentReminder.objects.create(
                kind=due.kind,
                recipient=due.recipient.lower(),
                object_key=due.object_key,
                deadline=due.deadline,
                mail=mail,
            )
    except IntegrityError:
        return False  # recorded by an earlier sweep (or a concurrent one): never twice
    return True
