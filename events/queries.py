from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from events.models import Event  # noqa: F401  # typing only: the models import this module


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(published=True)

    def _finished(self, now: datetime.datetime) -> Q:
        """Over: ended, started without an end, or undated with its call closed."""
        return (
            Q(ends_at__lt=now)
            | Q(ends_at__isnull=True, starts_at__lt=now)
            | Q(starts_at__isnull=True, call_for_papers__closes_at__lt=now)
        )

    def upcoming(self, now: datetime.datetime) -> EventQuerySet:
        return self.exclude(self._finished(now)).order_by("starts_at", "title")

    def past(self, now: datetime.datetime) -> EventQuerySet:
        return self.filter(self._finished(now)).order_by("-starts_at", "title")

    def for_list(self) -> EventQuerySet:
        return self.select_related("call_for_papers")
