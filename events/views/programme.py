"""The public programme: the grid by room and time with its filters, one page per talk,
their calendars and the exports in the formats of schedule apps."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from events.exports import frab
from events.exports.ical import programme_calendar, talks_calendar
from events.models import Session
from events.services.programme import filter_programme, published_programme, published_talk


def _ical(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    full = published_programme(slug)
    kind = request.GET.get("type") or None
    if kind not in Session.Kind.values:
        kind = None
    theme = _int_or_none(request.GET.get("theme"))
    shown = filter_programme(full, theme=theme, kind=kind)
    context = {
        "event": full.event,
        "programme": shown,
        "grid": shown.grid(),
        "themes": full.themes,
        "kinds": Session.Kind.choices,
        "chosen_theme": theme,
        "chosen_kind": kind,
        "filtered": theme is not None or kind is not None,
    }
    return render(request, "events/programme.html", context)


def programme_talk(request: HttpRequest, slug: str, talk: str) -> HttpResponse:
    full, found = published_talk(slug, talk)
    context = {"event": full.event, "talk": found, "session": found.session}
    return render(request, "events/programme_talk.html", context)


def programme_ical(request: HttpRequest, slug: str) -> HttpResponse:
    full = published_programme(slug)
    name = _("Programme : %(event)s") % {"event": full.event.title}
    body = programme_calendar(full.event, full.talks, full.sessions_without_talks, name=name)
    return _ical(body, f"{slug}-programme.ics")


def talk_ical(request: HttpRequest, slug: str, talk: str) -> HttpResponse:
    full, found = published_talk(slug, talk)
    body = talks_calendar(full.event, [found], name=str(found))
    return _ical(body, f"{found.slug}.ics")


def programme_xml(request: HttpRequest, slug: str) -> HttpResponse:
    full = published_programme(slug)
    body = frab.schedule_xml(full, base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def programme_json(request: HttpRequest, slug: str) -> JsonResponse:
    full = published_programme(slug)
    data = frab.schedule_json(full, base_url=request.build_absolute_uri("/").rstrip("/"))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
