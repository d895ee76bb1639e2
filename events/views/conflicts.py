"""Reviewers declare their conflicts of interest (with a person or a structure) on
« Mes relectures »; assignments never cross them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events import services
from events.views.access import reviewer as _reviewer
from structures.models import Structure


class ConflictForm(forms.Form):
    person_email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail d'une personne"), required=False
    )
    structure = forms.ModelChoiceField(
        label=gettext_lazy("Ou une structure"),
        queryset=Structure.objects.order_by("name"),
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("Nature du lien"), max_length=200, required=False)


@login_required
@require_POST
def conflict_add(request: HttpRequest) -> HttpResponse:
    reviewer = _reviewer(request)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Déclaration refusée : vérifiez l'adresse e-mail."))
        return redirect("my-reviews")
    try:
        services.declare_conflict(reviewer=reviewer, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Conflit d'intérêts déclaré."))
    return redirect("my-reviews")


@login_required
@require_POST
def conflict_remove(request: HttpRequest, pk: int) -> HttpResponse:
    services.withdraw_conflict(reviewer=_reviewer(request), pk=pk)
    messages.success(request, _("Déclaration retirée."))
    return redirect("my-reviews")
