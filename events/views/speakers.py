"""Speakers: their profile (filled once, reused by every proposal), the co-speaker's
invitation, and the public pages of an event's confirmed speakers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import services
from events.models import Event, Question, SpeakerProfile
from events.profile_forms import SpeakerProfileForm
from events.views.access import logged_in_user
from network.storage import serve_file


@login_required
def speaker_profile(request: HttpRequest) -> HttpResponse:
    """« Mon profil d'intervenant »: filled once, it prefills every new proposal."""
    user = logged_in_user(request)
    profile = SpeakerProfile.objects.filter(user=user).first()
    data = request.POST if request.method == "POST" else None
    form = SpeakerProfileForm(data, request.FILES or None, instance=profile)
    if data is not None and form.is_valid():
        try:
            services.save_profile(
                user=user,
                changes=form.changes(),
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"],
            )
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            messages.success(request, _("Profil enregistré."))
            return redirect("speaker-profile")
    if profile is None and data is None:
        form.initial["display_name"] = user.get_full_name()
    return render(
        request,
        "events/speaker_profile.html",
        {"form": form, "profile": profile},
        status=400 if data is not None else 200,
    )


@login_required
def speaker_own_photo(request: HttpRequest) -> HttpResponseBase:
    profile = SpeakerProfile.objects.filter(user=logged_in_user(request)).first()
    if profile is None or not profile.photo:
        raise Http404
    return serve_file(request, profile.photo, profile.photo.name.rsplit("/", 1)[-1])


@login_required
def speaker_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A co-speaker's signed link: they accept, then complete their own profile."""
    user = logged_in_user(request)
    try:
        if request.method == "POST":
            speaker = services.accept_invitation(token=token, by=user)
            if speaker.submission.call.questions.filter(target=Question.Target.SPEAKER).exists():
                messages.success(
                    request,
                    _(
                        "Invitation acceptée : répondez aux questions posées à chaque "
                        "intervenant, puis complétez votre profil d'intervenant."
                    ),
                )
                return redirect("speaker-answers", pk=speaker.submission_id)
            messages.success(
                request, _("Invitation acceptée : complétez votre profil d'intervenant.")
            )
            return redirect("speaker-profile")
        speaker = services.invited_speaker(token)
    except ValidationError as error:
        return render(
            request, "events/speaker_invitation.html", {"error": error.messages[0]}, status=400
        )
    return render(
        request,
        "events/speaker_invitation.html",
        {
            "speaker": speaker,
            "submission": speaker.submission,
            "event": speaker.submission.call.event,
        },
    )


def speaker_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(
        request,
        "events/speaker_list.html",
        {"event": event, "speakers": services.public_speakers(event)},
    )


def speaker_detail(request: HttpRequest, slug: str, user_pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    found = services.public_speakers(event, user_id=user_pk)
    if not found:
        raise Http404
    return render(request, "events/speaker_detail.html", {"event": event, "speaker": found[0]})


def speaker_photo(request: HttpRequest, slug: str, user_pk: int) -> HttpResponseBase:
    event = get_object_or_404(Event.objects.published(), slug=slug)
    found = services.public_speakers(event, user_id=user_pk)
    profile = found[0].profile if found else None
    if profile is None or not profile.photo:
        raise Http404
    return serve_file(request, profile.photo, profile.photo.name.rsplit("/", 1)[-1])
