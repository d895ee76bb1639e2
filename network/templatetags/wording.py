"""``{{ value|day:"DATE_FORMAT" }}`` (« 1er février 2025 ») and ``{{ value|in_one_unit }}``
(« dans 8 semaines »): see :mod:`network.wording`."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from network import wording

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def day(value: Any, format_name: str = "DATE_FORMAT") -> str:
    if not isinstance(value, datetime.date):
        return ""
    return wording.format_day(value, format_name)


@register.filter
def in_one_unit(value: Any, now: Any = None) -> str:
    if not isinstance(value, datetime.date):
        return ""
    return wording.in_one_unit(value, now if isinstance(now, datetime.datetime) else None)


@register.simple_tag
def now_aware() -> datetime.datetime:
    return timezone.now()
