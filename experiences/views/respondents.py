"""The respondent's pages, without an account: the questionnaire, their own answer through
its signed link (read, correct, download, delete) and « Retrouver mon lien »."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from experiences import services
from experiences.forms import LinkRequestForm
from experiences.message_forms import ReplyForm
from experiences.models import (
    Campaign,
    ErasureLog,
    Message,
    PublishedExperience,
    Response,
    ResponseAttachment,
)
from experiences.questionnaire_form import ConfiguredResponseForm
from experiences.views.posted import posted
from network import fragments, pagecache
from network.ratelimit import allow, client_address
from network.storage import serve_file

HOUR = 3600
FORM_POSTS_PER_HOUR = 60  # per connection: a whole team behind one address still fits
LINK_REQUESTS_PER_HOUR = 5  # per connection (and per address, silently, in the service)


def response_new(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug)
    return _response_form(request, campaign, None, token=None)


def response_edit(request: HttpRequest, token: str) -> HttpResponse:
    response = _from_token(request, token)
    if isinstance(response, HttpResponse):
        return response
    return _response_form(request, response.campaign, response, token=token)


def _from_token(request: HttpRequest, token: str) -> Response | HttpResponse:
    """The response the link opens, or the page that says the link has expired."""
    try:
        return services.response_from_token(token)
    except services.LinkExpired as expired:
        campaigns = [expired.campaign] if expired.campaign else Campaign.objects.published()
        return render(
            request, "experiences/link_expired.html", {"campaigns": campaigns}, status=410
        )
    except Response.DoesNotExist:
        raise Http404(_("Ce lien n'ouvre aucune réponse.")) from None


def _response_form(
    request: HttpRequest, campaign: Campaign, response: Response | None, *, token: str | None
) -> HttpResponse:
    form = response_form(campaign, posted(request), request.FILES or None, instance=response)
    if not campaign.is_open():
        form.read_only()
    if request.method != "POST":
        return _render_form(request, campaign, response, form, token=token, status=200)
    outcome = _post_answers(request, campaign, response, form)
    if isinstance(outcome, HttpResponse):
        return outcome
    return _render_form(request, campaign, response, form, token=token, status=outcome)


def response_page_with_reply(
    request: HttpRequest, response: Response, reply_form: ReplyForm, *, token: str
) -> HttpResponse:
    """The respondent's page, their message sent back with its errors."""
    form = response_form(response.campaign, None, None, instance=response)
    if not response.campaign.is_open():
        form.read_only()
    return _render_form(
        request, response.campaign, response, form, token=token, status=400, reply_form=reply_form
    )


def response_form(
    campaign: Campaign, data: Any, files: Any, *, instance: Response | None
) -> ConfiguredResponseForm:
    """The campaign's own questionnaire."""
    return ConfiguredResponseForm(data, files, instance=instance, campaign=campaign)


def _post_answers(
    request: HttpRequest,
    campaign: Campaign,
    response: Response | None,
    form: ConfiguredResponseForm,
) -> HttpResponse | int:
    """Save (and send) the posted answers: a redirect when done, else the status of the
    form shown again with its errors."""
    status = 400
    if not allow(
        "experience-form", client_address(request), limit=FORM_POSTS_PER_HOUR, window=HOUR
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Trop d'envois depuis votre connexion en peu de temps. Vos réponses sont "
                "ci-dessous : réessayez dans quelques minutes."
            ),
        )
        status = 429
    elif form.is_spam():
        messages.success(request, _("Merci. Un lien personnel vous a été envoyé par courriel."))
        return redirect(campaign)
    elif form.is_valid() and (done := _save(request, campaign, response, form)):
        return done
    for key in form.file_keys():
        if not request.FILES.getlist(key) or form.has_error(key):
            continue
        form.add_error(
            key,
            _(
                "Vos documents n'ont pas été joints, car la réponse n'a pas pu être "
                "enregistrée : choisissez-les à nouveau après correction."
            ),
        )
    return status


def _save(
    request: HttpRequest,
    campaign: Campaign,
    response: Response | None,
    form: ConfiguredResponseForm,
) -> HttpResponse | None:
    """Save a valid form: the redirect to the response's page, or None with the form's
    errors set (what sending a response already sent still needs)."""
    try:
        saved = services.save_answers(
            campaign=campaign,
            response=response,
            answers=form.answers(),
            new_attachments=form.cleaned_data["new_attachments"],
            removed_attachments=form.removed_attachments(),
            submit=request.POST.get("action") == "submit",
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if saved.missing is None:
        messages.success(request, _saved_message(saved))
    elif saved.created:  # the draft exists now: go on from its own page
        messages.error(request, _missing_message(form, saved.missing))
    else:
        _add_missing(form, saved.missing)
        return None
    return redirect("response-edit", token=services.response_token(saved.response))


def _add_missing(form: ConfiguredResponseForm, missing: ValidationError) -> None:
    """What a sent response still needs, under the fields concerned."""
    if not hasattr(missing, "error_dict"):
        form.add_error(None, missing)
        return
    for field, errors in missing.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _render_form(
    request: HttpRequest,
    campaign: Campaign,
    response: Response | None,
    form: ConfiguredResponseForm,
    *,
    token: str | None,
    status: int,
    reply_form: ReplyForm | None = None,
) -> HttpResponse:
    open_now = campaign.is_open()
    current = campaign.current_notice()
    context = {
        "campaign": campaign,
        "response": response,
        "form": form,
        "token": token,
        # While it can be saved, the notice it will be saved under; then the one it was.
        "notice": current if open_now or response is None else response.notice,
        "notice_changed": bool(
            open_now and response and current and response.notice_id != current.pk
        ),
        "editable": open_now,
        "not_yet_open": timezone.now() < campaign.opens_at,
        **_conversation(response),
    }
    if reply_form is not None and "reply_form" in context:
        context["reply_form"] = reply_form
    context["fields_html"] = _empty_fields(campaign, response, form, context)
    if context["fields_html"] is None:
        return render(request, "experiences/response_form.html", context, status=status)
    # An empty questionnaire: the same page for everyone but the CSRF token.
    return pagecache.render_for_everyone(
        request, "experiences/response_form.html", context, status=status
    )


def _empty_fields(
    campaign: Campaign,
    response: Response | None,
    form: ConfiguredResponseForm,
    context: dict[str, Any],
) -> SafeString | None:
    """The fields of an empty questionnaire, the same for every visitor: rendered once per
    version of the site's content, language and campaign state (the CSRF token stays in
    the page). None for anything personal: a response of one's own, posted answers."""
    if response is not None or form.is_bound:
        return None

    def render_fields() -> str:
        return render_to_string("experiences/_response_fields.html", context)

    shape = f"{campaign.pk}:{context['editable']}"
    return fragments.cached("questionnaire", fragments.version(), shape, render_fields)


def _conversation(response: Response | None) -> dict[str, Any]:
    """The messages with the working group, and the published summary if there is one."""
    if response is None or response.pk is None:
        return {}
    conversation = list(Message.objects.filter(response=response))
    publication = PublishedExperience.objects.filter(response=response, published=True).first()
    return {
        "conversation": conversation,
        "may_reply": any(message.from_group for message in conversation),
        "publication": publication,
        "correction_open": services.correction_open(publication),
        "reply_form": ReplyForm(),
    }


def _saved_message(saved: services.SavedAnswers) -> str:
    if saved.was_sent:
        return _("Modifications enregistrées.")
    if saved.response.state == Response.State.SUBMITTED:
        return _("Merci ! Votre expérience est envoyée : un accusé de réception suit par courriel.")
    if saved.created:
        return _(
            "Brouillon enregistré. Un lien personnel pour y revenir vous a été envoyé par "
            "courriel ; vous pouvez aussi garder l'adresse de cette page."
        )
    return _("Brouillon enregistré.")


def _missing_message(form: ConfiguredResponseForm, error: ValidationError) -> str:
    names = error.error_dict.keys() if hasattr(error, "error_dict") else []
    labels = [str(form.fields[name].label) if name in form.fields else name for name in names]
    return _("Brouillon enregistré, mais il manque des réponses pour l'envoyer : %(fields)s.") % {
        "fields": ", ".join(labels)
    }


def response_data(request: HttpRequest, token: str) -> HttpResponse:
    """Everything the respondent gave, as JSON (right of access and portability)."""
    response = _from_token(request, token)
    if isinstance(response, HttpResponse):
        return response
    body = json.dumps(services.personal_data(response), ensure_ascii=False, indent=2)
    return HttpResponse(
        body,
        content_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{response.reference}.json"',
            "Cache-Control": "no-store",
        },
    )


def response_delete(request: HttpRequest, token: str) -> HttpResponse:
    """Erase the response at once (right to erasure); a published summary stays."""
    response = _from_token(request, token)
    if isinstance(response, HttpResponse):
        return response
    if request.method == "POST":
        campaign = response.campaign
        services.erase_response(response, reason=ErasureLog.Reason.RESPONDENT)
        return render(request, "experiences/response_deleted.html", {"campaign": campaign})
    return render(
        request, "experiences/response_delete.html", {"response": response, "token": token}
    )


def response_attachment(request: HttpRequest, token: str, pk: int) -> HttpResponseBase:
    response = _from_token(request, token)
    if isinstance(response, HttpResponse):
        return response
    return serve_attachment(
        request, get_object_or_404(ResponseAttachment, pk=pk, response=response)
    )


def serve_attachment(request: HttpRequest, attachment: ResponseAttachment) -> HttpResponseBase:
    """The attachment as a download (streamed, or a short-lived signed link to the bucket),
    never cached by a shared cache."""
    return serve_file(
        request,
        attachment.file,
        attachment.name,
        as_attachment=True,
        content_type=attachment.content_type,
    )


def link_request(request: HttpRequest, slug: str) -> HttpResponse:
    """New links by mail. The answer is the same whether the address has answered or not.

    Also for a campaign no longer published: its respondents keep their rights."""
    campaign = get_object_or_404(Campaign.objects.for_respondents(), slug=slug)
    form = LinkRequestForm(posted(request))
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        if allow(
            "experience-links", client_address(request), limit=LINK_REQUESTS_PER_HOUR, window=HOUR
        ):
            services.mail_links(campaign, email=form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "Si une réponse a été commencée avec cette adresse, un courriel avec le "
                    "lien pour y revenir vient d'y être envoyé."
                ),
            )
            return redirect("link-request", slug=campaign.slug)
        form.add_error(
            None, _("Trop de demandes depuis votre connexion : réessayez dans une heure.")
        )
        status = 429
    context = {"campaign": campaign, "form": form}
    if not form.is_bound:
        return pagecache.render_for_everyone(request, "experiences/link_request.html", context)
    return render(request, "experiences/link_request.html", context, status=status)
