"""Public pages of the events app: list, detail with programme, call for papers, iCal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.calendar import calendar
from events.forms import RegistrationForm, ReviewForm, SpeakerFormSet, SubmissionForm
from events.models import (
    CallForPapers,
    Event,
    ProgrammeSlot,
    Registration,
    Review,
    SlotSpeaker,
    Submission,
)
from network.models import User
from network.permissions import REVIEWERS
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


# --- Submissions (speakers) -------------------------------------------------------------------


@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    """« Mes propositions »: the speaker's own submissions, and only theirs."""
    submissions = (
        Submission.objects.filter(owner=_speaker(request))
        .select_related("call__event", "theme", "contribution_kind")
        .order_by("-updated_at")
    )
    return render(request, "events/my_submissions.html", {"submissions": submissions})


@login_required
def submission_new(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(
        CallForPapers.objects.select_related("event"), event__slug=slug, event__published=True
    )
    return _submission_form(request, call, None)


@login_required
def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("call__event"), pk=pk, owner=_speaker(request)
    )
    return _submission_form(request, submission.call, submission)


def _submission_form(
    request: HttpRequest, call: CallForPapers, submission: Submission | None
) -> HttpResponse:
    user = _speaker(request)
    closed = not call.is_open()
    form = SubmissionForm(
        request.POST or None, request.FILES or None, instance=submission, call=call
    )
    speakers = SpeakerFormSet(request.POST or None, instance=submission, prefix="intervenants")
    if submission is None and not request.POST:
        speakers = SpeakerFormSet(
            instance=None,
            prefix="intervenants",
            initial=[{"name": user.get_full_name() or user.email, "email": user.email}],
        )
    if request.method == "POST":
        action = request.POST.get("action", "save")
        # A sent proposal is what reviewers read: it changes only into another complete one,
        # all at once, and a withdrawal keeps it as it was.
        sent = submission is not None and submission.state == Submission.State.SUBMITTED
        if sent and action == "save":
            action = "submit"
        try:
            if form.is_valid() and speakers.is_valid():
                created = submission is None
                with transaction.atomic():
                    if submission is None:
                        submission = services.start_submission(call, by=user)
                        submission.speakers.all().delete()  # the form's list replaces it
                    if not (sent and action == "withdraw"):
                        services.save_draft(submission, by=user, changes=form.cleaned_data)
                        speakers.instance = submission
                        _save_speakers(speakers)
                    if sent and action == "submit":  # refused: the edit is rolled back
                        services.submit_submission(submission, by=user)
                if sent and action == "submit":
                    messages.success(
                        request,
                        _("Modifications enregistrées : un accusé de réception suit par courriel."),
                    )
                elif action == "submit":
                    try:
                        services.submit_submission(submission, by=user)
                    except ValidationError as error:
                        if created:  # the draft exists now: go on from its own page
                            messages.error(request, " ".join(error.messages))
                            return redirect(submission)
                        raise
                    messages.success(
                        request,
                        _("Proposition envoyée : un accusé de réception suit par courriel."),
                    )
                elif action == "withdraw":
                    services.withdraw_submission(submission, by=user)
                    messages.success(request, _("Votre proposition est retirée."))
                else:
                    messages.success(request, _("Brouillon enregistré."))
                return redirect(submission)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "events/submission_form.html",
        {
            "call": call,
            "event": call.event,
            "submission": submission,
            "form": form,
            "speakers": speakers,
            "closed": closed,
            "editable": not closed
            and (submission is None or submission.state in submission.editable_states),
        },
        status=400 if request.method == "POST" else 200,
    )


def _speaker(request: HttpRequest) -> User:
    """The logged-in person (views using it are behind ``login_required``)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _save_speakers(speakers: Any) -> None:
    instances = speakers.save(commit=False)
    for removed in speakers.deleted_objects:
        removed.delete()
    for position, speaker in enumerate(instances):
        speaker.position = position
        speaker.save()


@login_required
@require_POST
def submission_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Drafts saved as the speaker types (the page's script posts the form here)."""
    submission = get_object_or_404(Submission, pk=pk, owner=_speaker(request))
    user = _speaker(request)
    form = SubmissionForm(request.POST, instance=submission, call=submission.call)
    form.is_valid()
    changes = {
        name: value
        for name, value in form.cleaned_data.items()
        if name in {"title", "abstract", "theme", "contribution_kind", "note"}
        and name not in form.errors
    }
    if submission.state == Submission.State.SUBMITTED:
        return JsonResponse(
            {
                "saved": False,
                "message": _(
                    "Proposition envoyée : vos modifications s'enregistrent avec le bouton "
                    "« Enregistrer les modifications »."
                ),
            },
            status=409,
        )
    try:
        services.save_draft(submission, by=user, changes=changes)
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    return JsonResponse(
        {
            "saved": True,
            "message": _("Brouillon enregistré à %(time)s.")
            % {"time": time_format(timezone.localtime(), "TIME_FORMAT")},
            "words": submission.word_count(),
        }
    )


@login_required
@require_POST
def submission_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _speaker_decides(
        request,
        pk,
        services.confirm_submission,
        _("Merci ! Votre intervention figure au programme."),
    )


@login_required
@require_POST
def submission_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """An accepted speaker who can no longer come withdraws (the organisers are told)."""
    return _speaker_decides(
        request,
        pk,
        services.decline_submission,
        _("Votre désistement est enregistré : les organisateurs sont prévenus."),
    )


def _speaker_decides(
    request: HttpRequest, pk: int, decide: Callable[..., Submission], done: str
) -> HttpResponse:
    """The owner's answer to a decision; a refusal comes back as a message on the page."""
    submission = get_object_or_404(Submission, pk=pk, owner=_speaker(request))
    try:
        decide(submission, by=_speaker(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(submission)


# --- Reviews (reviewers) ------------------------------------------------------------------------


def _reviewer(request: HttpRequest) -> User:
    user = _speaker(request)
    if not user.groups.filter(name=REVIEWERS).exists():
        raise PermissionDenied
    return user


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    reviews = (
        Review.objects.filter(reviewer=_reviewer(request))
        .select_related("submission__call__event", "submission__theme")
        .order_by("submitted_at", "submission__title")
    )
    return render(request, "events/my_reviews.html", {"reviews": reviews})


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer = _reviewer(request)
    review = get_object_or_404(
        Review.objects.select_related(
            "submission__call__event", "submission__theme", "submission__contribution_kind"
        ).prefetch_related("scores", "submission__call__criteria", "submission__speakers"),
        pk=pk,
        reviewer=reviewer,
    )
    form = ReviewForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_review(
                review, by=reviewer, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Relecture enregistrée."))
            return redirect("my-reviews")
    submission = review.submission
    return render(
        request,
        "events/review_form.html",
        {
            "review": review,
            "submission": submission,
            "show_speakers": submission.call.reviewers_see_speakers,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Registrations ------------------------------------------------------------------------------


def registration_new(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        details = {
            k: v for k, v in form.cleaned_data.items() if k not in {"name", "email", "website"}
        }
        try:
            registration = services.register(
                event, name=form.cleaned_data["name"], email=form.cleaned_data["email"], **details
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == Registration.Status.WAITING:
                messages.info(
                    request,
                    _("Événement complet : vous êtes sur la liste d'attente (courriel envoyé)."),
                )
            else:
                messages.success(
                    request, _("Vous êtes inscrit. Un courriel de confirmation vous est envoyé.")
                )
            return redirect(event)
    return render(
        request,
        "events/registration_form.html",
        {"event": event, "form": form, "open": event.registration_open and not event.is_past()},
        status=400 if request.method == "POST" else 200,
    )


def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_from_token(token)
    if registration is None:
        raise Http404
    past = registration.event.is_past()
    if request.method == "POST" and not past:
        try:
            services.cancel_registration(registration)
        except services.RegistrationRefused:
            past = True  # it ended between the page and the click
        else:
            messages.success(request, _("Votre inscription est annulée."))
            return redirect(registration.event)
    return render(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "past": past, "past_message": services.PAST_EVENT_MESSAGE},
        status=400 if request.method == "POST" else 200,
    )


# --- Files ------------------------------------------------------------------------------------


def call_document(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The call's document (uploaded files are not served as static media); coordinators
    reach it before the event is published."""
    call = get_object_or_404(CallForPapers.objects.select_related("event"), event__slug=slug)
    visible = call.event.published or request.user.has_perm("events.view_callforpapers")
    if not visible or not call.document:
        raise Http404
    return serve_file(request, call.document, f"appel-{slug}.pdf")


@login_required
def submission_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A submission's PDF: for its owner, its reviewers when the call shows names, and
    coordinators."""
    user = _speaker(request)
    submission = get_object_or_404(Submission.objects.select_related("call"), pk=pk)
    allowed = (
        submission.owner_id == user.pk
        or user.has_perm("events.view_submission")
        or (
            submission.call.reviewers_see_speakers
            and submission.reviews.filter(reviewer=user).exists()
        )
    )
    if not allowed or not submission.attachment:
        raise Http404
    return serve_file(request, submission.attachment, f"proposition-{submission.pk}.pdf")
