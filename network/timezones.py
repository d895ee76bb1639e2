"""Deadlines given as a date close at the end of that day in Paris."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """« Avant le 16 mars », « jusqu'au 31 mai inclus »: the last instant of that day in Paris."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=PARIS)
