"""A speaker's pages: « Mes propositions », the proposal form (with its autosave), the
answer to a decision, and the proposal's PDF."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events import services
from events.forms import BaseSpeakerFormSet, SpeakerFormSet, SubmissionForm
from events.models import CallForPapers, Question, Review, Submission
from events.question_forms import AnswersForm
from events.views.access import logged_in_user
from network.models import User
from network.storage import serve_file

SAVED_MESSAGES = {
    "resent": gettext_lazy(
        "Modifications enregistrées : un accusé de réception suit par courriel."
    ),
    "sent": gettext_lazy("Proposition envoyée : un accusé de réception suit par courriel."),
    "withdrawn": gettext_lazy("Votre proposition est retirée."),
    "saved": gettext_lazy("Brouillon enregistré."),
}
AUTOSAVED_FIELDS = ("title", "abstract", "theme", "contribution_kind", "note")


@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    """« Mes propositions »: the proposals the person made or co-speaks in (invitation
    accepted), and only those, with every speaker's answers and what co-speakers owe."""
    user = logged_in_user(request)
    for_authors = Review.objects.filter(submitted_at__isnull=False).exclude(author_comment="")
    submissions = (
        Submission.objects.filter(Q(owner=user) | Q(speakers__user=user))
        .distinct()
        .select_related("call__event", "theme", "contribution_kind")
        .prefetch_related(
            Prefetch("reviews", queryset=for_authors, to_attr="for_authors"),
            "speakers",
            "call__questions",
        )
        .order_by("-updated_at")
    )
    answers = services.answers_by_submission(submissions)
    rows = [
        (s, answers.get(s.pk, []), services.awaited_answers(s, answers.get(s.pk, [])))
        for s in submissions
    ]
    return render(request, "events/my_submissions.html", {"submissions": rows})


@login_required
def submission_new(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(
        CallForPapers.objects.select_related("event"), event__slug=slug, event__published=True
    )
    return _submission_form(request, call, None)


@login_required
def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("call__event"), pk=pk, owner=logged_in_user(request)
    )
    return _submission_form(request, submission.call, submission)


def _submission_form(
    request: HttpRequest, call: CallForPapers, submission: Submission | None
) -> HttpResponse:
    user = logged_in_user(request)
    form, speakers = _forms(request, call, submission, user)
    answers = _answers_forms(request, call, submission, user)
    if request.method == "POST" and all(
        [form.is_valid(), speakers.is_valid(), *(a.is_valid() for a in answers.values())]
    ):
        try:
            saved = services.save_submission(
                call=call,
                submission=submission,
                by=user,
                changes=form.cleaned_data,
                speakers=speakers.kept_speakers(),
                action=request.POST.get("action", "save"),
                answers=answers["proposal"].changes(),
                own_answers=answers["own"].changes() if "own" in answers else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.outcome == "not_sent":
                messages.error(request, " ".join(saved.refusal))
            else:
                messages.success(request, str(SAVED_MESSAGES[saved.outcome]))
            return redirect(saved.submission)
    closed = not call.is_open()
    editable = not closed and (submission is None or submission.state in submission.editable_states)
    return render(
        request,
        "events/submission_form.html",
        {"call": call, "event": call.event, "submission": submission, "form": form}
        | {"speakers": speakers, "closed": closed, "editable": editable}
        | {"answers": answers["proposal"], "own_answers": answers.get("own")}
        | {"awaited": services.awaited_answers(submission) if submission else []},
        status=400 if request.method == "POST" else 200,
    )


def _forms(
    request: HttpRequest, call: CallForPapers, submission: Submission | None, user: User
) -> tuple[SubmissionForm, BaseSpeakerFormSet]:
    """The proposal's form and its speakers' formset, bound to what was posted; a new
    proposal starts with its author as first speaker."""
    data = request.POST if request.method == "POST" else None
    form = SubmissionForm(data, request.FILES or None, instance=submission, call=call)
    initial = None
    if submission is None and data is None:
        initial = [services.speaker_defaults(user)]
    speakers = SpeakerFormSet(data, instance=submission, prefix="intervenants", initial=initial)
    return form, speakers


def _answers_forms(
    request: HttpRequest, call: CallForPapers, submission: Submission | None, user: User
) -> dict[str, AnswersForm]:
    """The call's questions: "proposal" → those about the proposal; "own" → those asked of
    each speaker, as the owner answers them for themself (when the call asks any and the
    owner is one of the speakers). Co-speakers answer theirs on their own page."""
    data = request.POST if request.method == "POST" else None
    files = request.FILES if data is not None else None
    questions = list(call.questions.all())
    given = list(submission.answers.select_related("speaker")) if submission is not None else []
    forms = {
        "proposal": AnswersForm(
            data,
            files,
            questions=[q for q in questions if q.target == Question.Target.SUBMISSION],
            answers=[a for a in given if a.speaker_id is None],
            prefix="questions",
        )
    }
    about_speakers = [q for q in questions if q.target == Question.Target.SPEAKER]
    speaking = submission is None or submission.speakers.filter(user=user).exists()
    if about_speakers and speaking:
        forms["own"] = AnswersForm(
            data,
            files,
            questions=about_speakers,
            answers=[a for a in given if a.speaker is not None and a.speaker.user_id == user.pk],
            prefix="mes-reponses",
        )
    return forms


@login_required
@require_POST
def submission_draft_start(request: HttpRequest, slug: str) -> JsonResponse:
    """The first keystroke of a new proposal (the page's script posts the form here): the
    draft is created with what is typed, and the page goes on saving to its own address."""
    call = get_object_or_404(CallForPapers, event__slug=slug, event__published=True)
    form = SubmissionForm(request.POST, call=call)
    form.is_valid()  # cleaned_data exists from here on, whatever was posted (errors left out)
    changes = {
        name: form.cleaned_data[name] for name in AUTOSAVED_FIELDS if name in form.cleaned_data
    }
    try:
        submission = services.start_draft(call, by=logged_in_user(request), changes=changes)
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    saved_at = time_format(timezone.localtime(), "TIME_FORMAT")
    return JsonResponse(
        {
            "saved": True,
            "message": _("Brouillon enregistré à %(time)s.") % {"time": saved_at},
            "edit": submission.get_absolute_url(),
            "autosave": reverse("submission-autosave", args=[submission.pk]),
        }
    )


@login_required
@require_POST
def submission_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Drafts saved as the speaker types (the page's script posts the form here). Only the
    fields posted, and valid, are saved."""
    user = logged_in_user(request)
    submission = get_object_or_404(Submission, pk=pk, owner=user)
    if submission.state == Submission.State.SUBMITTED:
        message = _(
            "Proposition envoyée : vos modifications s'enregistrent avec le bouton "
            "« Enregistrer les modifications »."
        )
        return JsonResponse({"saved": False, "message": message}, status=409)
    form = SubmissionForm(request.POST, instance=submission, call=submission.call)
    form.is_valid()  # cleaned_data exists from here on, whatever was posted (errors left out)
    posted = [name for name in AUTOSAVED_FIELDS if name in request.POST]
    if not posted:
        message = _("Rien à enregistrer : le formulaire n'a pas été reçu.")
        return JsonResponse({"saved": False, "message": message}, status=400)
    changes = {name: form.cleaned_data[name] for name in posted if name in form.cleaned_data}
    try:
        services.save_draft(submission, by=user, changes=changes)
    except ValidationError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    saved_at = time_format(timezone.localtime(), "TIME_FORMAT")
    return JsonResponse(
        {
            "saved": True,
            "message": _("Brouillon enregistré à %(time)s.") % {"time": saved_at},
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
        _("Votre désistement est enregistré : les organisateurs sont prévenus."),
    )


def _speaker_decides(
    request: HttpRequest, pk: int, decide: Callable[..., Submission], done: str
) -> HttpResponse:
    """The owner's answer to a decision; a refusal comes back as a message on the page."""
    user = logged_in_user(request)
    submission = get_object_or_404(Submission, pk=pk, owner=user)
    try:
        decide(submission, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(submission)


@login_required
def submission_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A submission's PDF: for its owner, its assigned reviewers, and coordinators (a staff
    account holding the permission: a group alone is not enough)."""
    user = logged_in_user(request)
    submission = get_object_or_404(Submission.objects.select_related("call"), pk=pk)
    allowed = (
        submission.owner_id == user.pk
        or (user.is_staff and user.has_perm("events.view_submission"))
        or submission.reviews.filter(reviewer=user).exists()
    )
    if not allowed or not submission.attachment:
        raise Http404
    return serve_file(request, submission.attachment, f"proposition-{submission.pk}.pdf")
