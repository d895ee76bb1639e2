"""Reviewers assigned in bulk from the proposals' admin list: by hand or spread
automatically, previewed before anything is saved; the reviewers' declared conflicts
(imported at the end of ``events.admin``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import services
from events.admin import CallForPapersAdmin, EventAdmin, SubmissionAdmin
from events.models import ConflictOfInterest, Submission
from network.models import User

MAX_PROPOSALS = 5000


class AssignmentForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Relecteurs"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    per_submission = forms.IntegerField(
        label=gettext_lazy("Relecteurs par proposition"), min_value=1, max_value=10, initial=2
    )

    def __init__(self, *args: Any, automatic: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = services.reviewers().order_by("last_name", "email")  # type: ignore[attr-defined]
        if not automatic:
            del self.fields["per_submission"]


def _redirect_to_assignment(mode: str, queryset: QuerySet[Submission]) -> HttpResponseRedirect:
    ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True)[:MAX_PROPOSALS])
    return HttpResponseRedirect(
        reverse("review-assignment") + "?" + urlencode({"mode": mode, "ids": ids})
    )


@admin.action(description=gettext_lazy("Assigner des relecteurs"), permissions=["change"])
def assign_reviewers(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Submission]) -> Any:
    return _redirect_to_assignment("manual", queryset)


@admin.action(description=gettext_lazy("Répartir automatiquement"), permissions=["change"])
def auto_assign(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Submission]) -> Any:
    return _redirect_to_assignment("auto", queryset)


SubmissionAdmin.actions = [*(SubmissionAdmin.actions or []), assign_reviewers, auto_assign]


def _proposals(request: HttpRequest) -> list[Submission]:
    raw = request.GET.get("ids", "")
    ids = [int(part) for part in raw.split(",") if part.isdigit()][:MAX_PROPOSALS]
    return list(
        Submission.objects.filter(pk__in=ids, state=Submission.State.SUBMITTED)
        .select_related("call")
        .order_by("pk")
    )


@staff_member_required
def review_assignment(request: HttpRequest) -> HttpResponse:
    """Choose reviewers (and, automatically, how many per proposal), preview, confirm."""
    if not request.user.has_perm("events.change_submission"):
        raise PermissionDenied
    automatic = request.GET.get("mode") == "auto"
    proposals = _proposals(request)
    form = AssignmentForm(request.POST or None, automatic=automatic)
    plan = None
    if request.method == "POST" and form.is_valid():
        reviewers = list(form.cleaned_data["reviewers"])
        if automatic:
            plan = services.plan_automatic(
                proposals, reviewers=reviewers, per_submission=form.cleaned_data["per_submission"]
            )
        else:
            plan = services.plan_manual(proposals, reviewers=reviewers)
        if request.POST.get("confirm"):
            try:
                count = services.apply_plan(plan)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("%(count)d relecture(s) attribuée(s).") % {"count": count}
                )
                return redirect("admin:events_submission_changelist")
    context = {
        **admin.site.each_context(request),
        "title": _("Répartir les relectures") if automatic else _("Assigner des relecteurs"),
        "proposals": proposals,
        "form": form,
        "plan": plan,
        "load": sorted(plan.load().items(), key=lambda item: str(item[0])) if plan else [],
    }
    return render(request, "admin/events/review_assignment.html", context)


@admin.action(description=gettext_lazy("Voir les statistiques"), permissions=["view"])
def call_statistics(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    return redirect("call-statistics", pk=queryset.first().pk)  # type: ignore[union-attr]


@admin.action(description=gettext_lazy("Écrire aux intervenants"), permissions=["view"])
def write_to_speakers(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    return redirect("mailing", kind="intervenants", pk=queryset.first().pk)  # type: ignore[union-attr]


@admin.action(description=gettext_lazy("Écrire aux inscrits"), permissions=["view"])
def write_to_registrants(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
    return redirect("mailing", kind="inscrits", pk=queryset.first().pk)  # type: ignore[union-attr]


# Added to the actions other modules give these admins (attendance certificates…).
_call_actions = [*(getattr(CallForPapersAdmin, "actions", None) or []), call_statistics]
CallForPapersAdmin.actions = [*_call_actions, write_to_speakers]  # type: ignore[misc]
_event_actions = [*(getattr(EventAdmin, "actions", None) or []), write_to_registrants]
EventAdmin.actions = _event_actions  # type: ignore[misc]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin[ConflictOfInterest]):
    list_display = ["reviewer", "person_email", "structure", "reason", "created_at"]
    list_select_related = ["reviewer", "structure"]
    search_fields = ["reviewer__email", "person_email", "structure__name"]
    autocomplete_fields = ["structure"]
