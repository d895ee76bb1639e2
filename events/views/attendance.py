"""Attendance pages: the coordinators' check-in (a phone, no JavaScript), the certificate
from its signed link, the public verification of a code, the sign-in sheet's PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events.models import Event, Registration, SignInSheet
from events.services import attendance
from events.views.access import logged_in_user
from network.storage import serve_file

CHECK_IN = "events.check_in_attendance"


@login_required
@permission_required(CHECK_IN, raise_exception=True)
def check_in(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Search a registrant (GET ``q``), mark present or undo (POST)."""
    event = get_object_or_404(Event, slug=slug)
    query = request.GET.get("q", "")[:100]
    if request.method == "POST":
        raw = request.POST.get("registration", "")
        registration = get_object_or_404(
            Registration, pk=int(raw) if raw.isdigit() else 0, event=event
        )
        try:
            if request.POST.get("undo"):
                attendance.undo_check_in(registration=registration)
                message = _("%(name)s n'est plus pointé.")
            else:
                attendance.check_in(registration=registration, by=logged_in_user(request))
                message = _("%(name)s est pointé présent.")
            messages.success(request, message % {"name": registration.name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{request.path}?q={query}" if query else request.path)
    registrants = list(attendance.search_registrants(event, query)[:100])
    present = sum(1 for r in registrants if hasattr(r, "attendance"))
    context = {"event": event, "query": query, "registrants": registrants, "present": present}
    return render(request, "events/check_in.html", context)


def certificate_download(request: HttpRequest, token: str) -> HttpResponseBase:
    certificate = attendance.certificate_from_token(token)
    if certificate is None:
        raise Http404
    return serve_file(request, certificate.file, f"attestation-{certificate.code}.pdf")


def certificate_verify(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")[:40]
    certificate = attendance.verify_certificate(code) if code else None
    context = {"code": code, "certificate": certificate, "asked": bool(code.strip())}
    return render(request, "events/certificate_verify.html", context)


@login_required
@permission_required("events.view_signinsheet", raise_exception=True)
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponseBase:
    sheet = get_object_or_404(SignInSheet, session_id=pk)
    if not sheet.file:
        raise Http404
    return serve_file(request, sheet.file, f"emargement-{pk}.pdf")
