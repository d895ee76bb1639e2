"""Messages: the working group writes to a respondent; the respondent answers, or asks for
a correction of their published experience, from their own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experiences import services
from experiences.message_forms import GroupMessageForm, ReplyForm
from experiences.views.posted import posted
from experiences.views.respondents import _from_token, response_page_with_reply
from experiences.views.working_group import _assessable, working_group_page


@login_required
@require_POST
def working_group_message(request: HttpRequest, pk: int) -> HttpResponse:
    member, response = _assessable(request, pk)
    form = GroupMessageForm(posted(request))
    if not form.is_valid():
        return working_group_page(request, member, response, message_form=form)
    try:
        services.write_to_respondent(
            response, by=member, kind=form.cleaned_data["kind"], body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre message est envoyé à la personne."))
    return redirect("working-group-response", pk=response.pk)


@require_POST
def response_message(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's answer to the group, or their request for a correction."""
    response = _from_token(request, token)
    if isinstance(response, HttpResponse):
        return response
    form = ReplyForm(posted(request))
    if not form.is_valid():
        return response_page_with_reply(request, response, form, token=token)
    try:
        services.reply_to_group(
            response,
            body=form.cleaned_data["body"],
            correction=request.POST.get("correction") == "1",
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Votre message est envoyé au groupe de travail."))
    return redirect("response-edit", token=token)
