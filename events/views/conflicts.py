"""Reviewers declare their conflicts of interest (with a person or a structure) on
« Mes relectures »; assignments never cross them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.forms import ConflictForm
from events.views.access import reviewer as _reviewer
from events.views.reviews import reviews_page


@login_required
@require_POST
def conflict_add(request: HttpRequest) -> HttpResponse:
    reviewer = _reviewer(request)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(reviewer=reviewer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Conflit d'intérêts déclaré."))
            return redirect("my-reviews")
    return reviews_page(request, reviewer, form, status=400)


@login_required
@require_POST
def conflict_remove(request: HttpRequest, pk: int) -> HttpResponse:
    services.withdraw_conflict(reviewer=_reviewer(request), pk=pk)
    messages.success(request, _("Déclaration retirée."))
    return redirect("my-reviews")
