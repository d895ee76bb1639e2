"""The working group's pages: the responses of its campaigns, assessments, documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experiences import services
from experiences.answers import reading_of
from experiences.forms import AssessmentForm
from experiences.message_forms import GroupMessageForm
from experiences.models import Assessment, Message, Response, ResponseAttachment
from experiences.views.posted import posted
from experiences.views.respondents import serve_attachment
from network.models import User


def _assessor(request: HttpRequest) -> User:
    """The signed-in user, who must hold the permission to assess (working group)."""
    user = request.user
    if not services.may_assess(user):
        raise PermissionDenied
    return user


def _reads_every_response(user: Any) -> bool:
    """Staff holding the permission to view responses (the coordination). The permission
    alone is not enough: personal data is not opened by a group given to any account."""
    return isinstance(user, User) and user.is_staff and user.has_perm("experiences.view_response")


@login_required
def working_group_list(request: HttpRequest) -> HttpResponse:
    member = _assessor(request)
    responses = (
        Response.objects.submitted()
        .filter(campaign__working_group=member)
        .with_favourable_counts()
        .annotate(assessment_count=Count("assessments", distinct=True))
        .select_related("campaign")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(member=member),
                to_attr="mine",
            )
        )
        .order_by("campaign", "-submitted_at")
    )
    return render(request, "experiences/working_group_list.html", {"responses": responses})


def _assessable(request: HttpRequest, pk: int) -> tuple[User, Response]:
    member = _assessor(request)
    response = get_object_or_404(
        Response.objects.submitted()
        .select_related("campaign__questionnaire")
        .prefetch_related("attachments", "assessments__member"),
        pk=pk,
        campaign__working_group=member,
    )
    return member, response


@login_required
def working_group_response(request: HttpRequest, pk: int) -> HttpResponse:
    member, response = _assessable(request, pk)
    mine = _mine(member, response)
    form = AssessmentForm(posted(request), initial=_initial(mine))
    if form.is_bound and form.is_valid():
        try:
            services.record_assessment(
                response,
                by=member,
                remarkable=form.cleaned_data["remarkable"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre avis est enregistré."))
            return redirect("working-group-response", pk=response.pk)
    return working_group_page(request, member, response, form=form)


def _mine(member: User, response: Response) -> Assessment | None:
    return next((a for a in response.assessments.all() if a.member_id == member.pk), None)


def _initial(mine: Assessment | None) -> dict[str, Any] | None:
    if mine is None:
        return None
    return {"remarkable": "oui" if mine.remarkable else "non", "comment": mine.comment}


def working_group_page(
    request: HttpRequest,
    member: User,
    response: Response,
    *,
    form: AssessmentForm | None = None,
    message_form: GroupMessageForm | None = None,
) -> HttpResponse:
    """A response as the working group reads it: the assessments, the messages, and the two
    forms (either sent back with its errors, answered 400)."""
    mine = _mine(member, response)
    form = form or AssessmentForm(initial=_initial(mine))
    message_form = message_form or GroupMessageForm()
    context = {
        "response": response,
        "form": form,
        "mine": mine,
        "others": [a for a in response.assessments.all() if a.member_id != member.pk],
        "missing": services.missing_perspectives(response),
        "readings": reading_of(response),
        "conversation": list(Message.objects.filter(response=response)),
        "message_form": message_form,
    }
    status = 400 if form.is_bound or message_form.is_bound else 200
    return render(request, "experiences/working_group_response.html", context, status=status)


@login_required
@require_POST
def working_group_remarkable(request: HttpRequest, pk: int) -> HttpResponse:
    member, response = _assessable(request, pk)
    try:
        services.mark_remarkable(response, by=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'expérience est retenue comme remarquable."))
    return redirect("working-group-response", pk=response.pk)


@login_required
def working_group_attachment(request: HttpRequest, pk: int, attachment: int) -> HttpResponseBase:
    """A respondent's document: for the coordination (staff), or for a member of the working
    group of its campaign once the response is sent."""
    query = Q(pk=attachment, response_id=pk)
    if not _reads_every_response(request.user):
        member = _assessor(request)
        query &= Q(
            response__state=Response.State.SUBMITTED, response__campaign__working_group=member
        )
    return serve_attachment(request, get_object_or_404(ResponseAttachment, query))
