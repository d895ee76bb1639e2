"""Answers to a call's questions: the files, for the people allowed to read them; each
speaker's own answers to the questions asked of every speaker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import services
from events.models import Answer, Question, Submission
from events.question_forms import AnswersForm
from events.views.access import logged_in_user
from network.storage import serve_file


@login_required
def answer_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    answer = services.readable_answer(pk, by=logged_in_user(request))
    if answer is None or not answer.file:
        raise Http404
    return serve_file(request, answer.file, f"reponse-{answer.pk}.pdf")


@login_required
def speaker_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """A speaker of the proposal (owner or co-speaker who accepted) answers the questions
    the call asks of each speaker, for themself only."""
    user = logged_in_user(request)
    submission = get_object_or_404(
        Submission.objects.select_related("call__event").filter(speakers__user=user).distinct(),
        pk=pk,
    )
    questions = list(submission.call.questions.filter(target=Question.Target.SPEAKER))
    mine = Answer.objects.filter(submission=submission, speaker__user=user)
    data = request.POST if request.method == "POST" else None
    form = AnswersForm(
        data,
        request.FILES if data is not None else None,
        questions=questions,
        answers=list(mine),
        prefix="reponses",
    )
    if data is not None and form.is_valid():
        try:
            services.save_own_answers(submission, by=user, changes=form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vos réponses sont enregistrées."))
            return redirect("my-submissions")
    editable = submission.call.is_open() and submission.state in submission.editable_states
    context = {"submission": submission, "event": submission.call.event, "form": form}
    return render(
        request,
        "events/speaker_answers.html",
        context | {"editable": editable},
        status=400 if data is not None else 200,
    )
