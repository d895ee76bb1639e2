"""Dates and durations said as a French reader expects: « 1er février », « dans 8 semaines ».

Django's ``date`` filter writes « 1 février » and ``timeuntil`` « 1 mois, 4 semaines »; the
template filters of ``network.templatetags.wording`` use these helpers instead.
"""

from __future__ import annotations

import datetime
import re

from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language, ngettext

# A day-of-month ``j`` that is not escaped by a backslash.
_DAY = re.compile(r"(?<!\\)j")


def format_day(value: datetime.date | datetime.datetime, format_name: str = "DATE_FORMAT") -> str:
    """``value`` in ``format_name`` (a format setting such as DATE_FORMAT, or a format string),
    with « 1er » for the first day of a month in French."""
    pattern = get_format(format_name)
    if value.day == 1 and (get_language() or "fr").startswith("fr"):
        pattern = _DAY.sub(r"j\\e\\r", pattern)
    return dateformat.format(value, pattern)


def in_one_unit(
    moment: datetime.datetime | datetime.date, now: datetime.datetime | None = None
) -> str:
    """The time from ``now`` to ``moment`` in one rounded unit: « dans 8 semaines »,
    « dans 3 jours », « dans 5 heures »; « il y a … » when it is past."""
    now = now or timezone.now()
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time.min, tzinfo=now.tzinfo)
    seconds = (moment - now).total_seconds()
    past, seconds = seconds < 0, abs(seconds)
    days = seconds / 86400
    if days >= 365 * 2:
        count, text = round(days / 365), ("%(count)d an", "%(count)d ans")
    elif days >= 91:
        count, text = round(days / 30.44), ("%(count)d mois", "%(count)d mois")
    elif days >= 14:
        count, text = round(days / 7), ("%(count)d semaine", "%(count)d semaines")
    elif days >= 1:
        count, text = round(days), ("%(count)d jour", "%(count)d jours")
    elif seconds >= 3600:
        count, text = round(seconds / 3600), ("%(count)d heure", "%(count)d heures")
    else:
        count = max(1, round(seconds / 60))
        text = ("%(count)d minute", "%(count)d minutes")
    amount = ngettext(text[0], text[1], count) % {"count": count}
    if past:
        return ngettext("il y a %(amount)s", "il y a %(amount)s", count) % {"amount": amount}
    return ngettext("dans %(amount)s", "dans %(amount)s", count) % {"amount": amount}
