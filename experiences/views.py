from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from experiences import services
from experiences.filters import PublishedExperienceFilter
from experiences.forms import AssessmentForm, LinkRequestForm, ResponseForm
from experiences.models import (
    Assessment,
    Campaign,
    Context,
    ErasureLog,
    PublishedExperience,
    Response,
    ResponseAttachment,
)
from network.models import User
from network.permissions import WORKING_GROUP
from network.ratelimit import allow, client_address
from network.storage import serve_file

PAGE_SIZE = 20
HOUR = 3600
FORM_POSTS_PER_HOUR = 60  # per connection: a whole team behind one address still fits
LINK_REQUESTS_PER_HOUR = 5  # per connection, and per address (silently)


# --- Public pages --------------------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    campaigns = list(Campaign.objects.published().order_by("-closes_at"))
    return render(
        request,
        "experiences/campaign_list.html",
        {
            "open_campaigns": [c for c in campaigns if c.is_open(now)],
            "other_campaigns": [c for c in campaigns if not c.is_open(now) and c.opens_at <= now],
            "experiences": PublishedExperience.objects.published().for_cards()[:6],
        },
    )


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug)
    return render(
        request,
        "experiences/campaign_detail.html",
        {
            "campaign": campaign,
            "not_yet_open": timezone.now() < campaign.opens_at,
            "notice": campaign.current_notice(),
            "contexts": Context.objects.all(),
        },
    )


def published_list(request: HttpRequest) -> HttpResponse:
    filterset = PublishedExperienceFilter(
        request.GET or None, queryset=PublishedExperience.objects.published()
    )
    paginator = Paginator(filterset.qs.for_cards().distinct(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "experiences/published_list.html",
        {
            "filter": filterset,
            "page": page,
            "experiences": page.object_list,
            "count": paginator.count,
            "filtered": bool(filterset.form.is_bound and filterset.form.has_changed()),
            "query": filters.urlencode(),
        },
    )


def published_detail(request: HttpRequest, slug: str) -> HttpResponse:
    experience = get_object_or_404(
        PublishedExperience.objects.published().for_cards().select_related("campaign"), slug=slug
    )
    return render(request, "experiences/published_detail.html", {"experience": experience})


# --- The questionnaire ---------------------------------------------------------------------------


def response_new(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug)
    return _response_form(request, campaign, None, token=None)


def response_edit(request: HttpRequest, token: str) -> HttpResponse:
    response = _from_token(request, token)
    if isinstance(response, HttpResponse):
        return response
    return _response_form(request, response.campaign, response, token=token)


def _from_token(request: HttpRequest, token: str) -> Response | HttpResponse:
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
    open_now = campaign.is_open()
    current_notice = campaign.current_notice()
    form = ResponseForm(request.POST or None, request.FILES or None, instance=response)
    if not open_now:
        form.read_only()
    status = 200
    if request.method == "POST":
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
        elif form.is_valid():
            created = response is None
            was_sent = response is not None and response.state == Response.State.SUBMITTED
            try:
                response, missing = _save(
                    campaign, response, form, submit=request.POST.get("action") == "submit"
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if missing is None:
                    messages.success(
                        request, _saved_message(response, created=created, was_sent=was_sent)
                    )
                    return redirect("response-edit", token=services.response_token(response))
                if created:  # the draft exists now: go on from its own page
                    messages.error(request, _missing_message(form, missing))
                    return redirect("response-edit", token=services.response_token(response))
                for field, errors in missing.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        if request.FILES.getlist("new_attachments") and not form.has_error("new_attachments"):
            form.add_error(
                "new_attachments",
                _(
                    "Vos documents n'ont pas été joints, car la réponse n'a pas pu être "
                    "enregistrée : choisissez-les à nouveau après correction."
                ),
            )
    return render(
        request,
        "experiences/response_form.html",
        {
            "campaign": campaign,
            "response": response,
            "form": form,
            "token": token,
            # While it can be saved, the notice it will be saved under; then the one it was.
            "notice": current_notice if open_now or response is None else response.notice,
            "notice_changed": bool(
                open_now and response and current_notice and response.notice_id != current_notice.pk
            ),
            "editable": open_now,
            "not_yet_open": timezone.now() < campaign.opens_at,
        },
        status=status,
    )


def _save(
    campaign: Campaign, response: Response | None, form: ResponseForm, *, submit: bool
) -> tuple[Response, ValidationError | None]:
    """Save the answers and, when asked, send them. Returns the response and, if it could
    not be sent, what is missing: a draft keeps its answers, a sent response is left as it
    was (it must stay complete)."""
    was_sent = response is not None and response.state == Response.State.SUBMITTED
    kept = (
        set(response.attachments.values_list("pk", flat=True))
        if was_sent and response is not None
        else set()
    )
    with transaction.atomic():
        response = services.save_response(
            campaign,
            response=response,
            changes=form.changes(),
            contexts=form.cleaned_data["contexts"],
            new_attachments=form.cleaned_data["new_attachments"],
            removed_attachments=form.removed_attachments(),
        )
        if not (submit or was_sent):
            return response, None
        try:
            services.submit_response(response)
        except ValidationError as error:
            if was_sent:
                # The rows of the new documents are rolled back: their files go too.
                for attachment in response.attachments.exclude(pk__in=kept):
                    attachment.file.delete(save=False)
                transaction.set_rollback(True)
            return response, error
    return response, None


def _saved_message(response: Response, *, created: bool, was_sent: bool) -> str:
    if was_sent:
        return _("Modifications enregistrées.")
    if response.state == Response.State.SUBMITTED:
        return _("Merci ! Votre expérience est envoyée : un accusé de réception suit par courriel.")
    if created:
        return _(
            "Brouillon enregistré. Un lien personnel pour y revenir vous a été envoyé par "
            "courriel ; vous pouvez aussi garder l'adresse de cette page."
        )
    return _("Brouillon enregistré.")


def _missing_message(form: ResponseForm, error: ValidationError) -> str:
    return _("Brouillon enregistré, mais il manque des réponses pour l'envoyer : %(fields)s.") % {
        "fields": ", ".join(_field_labels(form, error))
    }


def _field_labels(form: ResponseForm, error: ValidationError) -> list[str]:
    names = error.error_dict.keys() if hasattr(error, "error_dict") else []
    return [str(form.fields[name].label) if name in form.fields else name for name in names]


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
    return _attachment(request, get_object_or_404(ResponseAttachment, pk=pk, response=response))


def _attachment(request: HttpRequest, attachment: ResponseAttachment) -> HttpResponseBase:
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
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow(
            "experience-links", client_address(request), limit=LINK_REQUESTS_PER_HOUR, window=HOUR
        ):
            form.add_error(
                None, _("Trop de demandes depuis votre connexion : réessayez dans une heure.")
            )
            return render(
                request,
                "experiences/link_request.html",
                {"campaign": campaign, "form": form},
                status=429,
            )
        email = form.cleaned_data["email"].lower()
        if allow("experience-links-email", email, limit=LINK_REQUESTS_PER_HOUR, window=HOUR):
            services.send_links(campaign, email=email)
        messages.success(
            request,
            _(
                "Si une réponse a été commencée avec cette adresse, un courriel avec le lien "
                "pour y revenir vient d'y être envoyé."
            ),
        )
        return redirect("link-request", slug=campaign.slug)
    return render(
        request,
        "experiences/link_request.html",
        {"campaign": campaign, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- The working group ---------------------------------------------------------------------------


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.groups.filter(name=WORKING_GROUP).exists():
        raise PermissionDenied
    return user


@login_required
def working_group_list(request: HttpRequest) -> HttpResponse:
    member = _member(request)
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
    member = _member(request)
    response = get_object_or_404(
        Response.objects.submitted()
        .select_related("campaign")
        .prefetch_related("contexts", "attachments", "assessments__member"),
        pk=pk,
        campaign__working_group=member,
    )
    return member, response


@login_required
def working_group_response(request: HttpRequest, pk: int) -> HttpResponse:
    member, response = _assessable(request, pk)
    mine = next((a for a in response.assessments.all() if a.member_id == member.pk), None)
    initial = (
        {"remarkable": "oui" if mine.remarkable else "non", "comment": mine.comment}
        if mine
        else None
    )
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
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
    return render(
        request,
        "experiences/working_group_response.html",
        {
            "response": response,
            "form": form,
            "mine": mine,
            "others": [a for a in response.assessments.all() if a.member_id != member.pk],
            "missing": services.missing_perspectives(response),
        },
        status=400 if request.method == "POST" else 200,
    )


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
    user = request.user
    query = Q(pk=attachment, response_id=pk)
    if not (isinstance(user, User) and user.has_perm("experiences.view_response")):
        member = _member(request)
        query &= Q(
            response__state=Response.State.SUBMITTED, response__campaign__working_group=member
        )
    return _attachment(request, get_object_or_404(ResponseAttachment, query))
