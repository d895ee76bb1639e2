"""Public pages of the events app: list, detail with programme, call for papers, iCal, the
call's document."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from events.calendar import calendar
from events.models import CallForPapers, Event, ProgrammeSlot, SlotSpeaker
from network.storage import serve_file


def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    events = list(Event.objects.published().for_list().order_by("starts_at", "title"))
    upcoming_ids = set(Event.objects.published().upcoming(now).values_list("pk", flat=True))
    upcoming = [event for event in events if event.pk in upcoming_ids]
    past = sorted(
        (event for event in events if event.pk not in upcoming_ids),
        key=lambda event: (event.starts_at is not None, event.starts_at),
        reverse=True,
    )
    return render(
        request, "events/event_list.html", {"upcoming": upcoming, "past": past, "now": now}
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speakers = SlotSpeaker.objects.select_related("engagement_role")
    event = get_object_or_404(
        Event.objects.published()
        .for_list()
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=ProgrammeSlot.objects.prefetch_related(
                    Prefetch("speakers", queryset=speakers)
                ),
            )
        ),
        slug=slug,
    )
    return render(
        request,
        "events/event_detail.html",
        {"event": event, "past": event.is_past(), "call": _call_of(event)},
    )


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(
        CallForPapers.objects.select_related("event").prefetch_related(
            "themes", "contribution_kinds"
        ),
        event__slug=slug,
        event__published=True,
    )
    now = timezone.now()
    return render(
        request,
        "events/call_detail.html",
        {
            "call": call,
            "event": call.event,
            "open": call.is_open(now),
            "not_yet_open": now < call.opens_at,
            "now": now,
        },
    )


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _ical([event], name=event.title, filename=f"{event.slug}.ics")


def events_ical(request: HttpRequest) -> HttpResponse:
    events = Event.objects.published().exclude(starts_at__isnull=True).order_by("starts_at")
    return _ical(events, name=_("Événements du réseau"), filename="evenements.ics")


def _ical(events: Iterable[Event], *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        calendar(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _call_of(event: Event) -> CallForPapers | None:
    try:
        return event.call_for_papers
    except CallForPapers.DoesNotExist:
        return None


def call_document(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The call's document (uploaded files are not served as static media); coordinators
    reach it before the event is published."""
    call = get_object_or_404(CallForPapers.objects.select_related("event"), event__slug=slug)
    visible = call.event.published or request.user.has_perm("events.view_callforpapers")
    if not visible or not call.document:
        raise Http404
    return serve_file(request, call.document, f"appel-{slug}.pdf")
