"""A reviewer's pages: their reviews and the review form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import services
from events.forms import ConflictForm, ReviewForm
from events.models import ConflictOfInterest, Review
from events.views.access import reviewer as _reviewer
from network.models import User


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    return reviews_page(request, _reviewer(request), ConflictForm())


def reviews_page(
    request: HttpRequest, reviewer: User, conflict_form: ConflictForm, status: int = 200
) -> HttpResponse:
    """« Mes relectures »: the reviews, the conflicts declared and the form to declare one
    (sent back with its errors when a declaration was refused)."""
    reviews = (
        Review.objects.filter(reviewer=reviewer)
        .select_related("submission__call__event", "submission__theme")
        .order_by("submitted_at", "submission__title")
    )
    conflicts = ConflictOfInterest.objects.filter(reviewer=reviewer).select_related("structure")
    return render(
        request,
        "events/my_reviews.html",
        {"reviews": reviews, "conflicts": conflicts, "conflict_form": conflict_form},
        status=status,
    )


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer = _reviewer(request)
    review = get_object_or_404(
        Review.objects.select_related(
            "submission__call__event", "submission__theme", "submission__contribution_kind"
        ).prefetch_related("scores", "submission__call__criteria", "submission__speakers"),
        pk=pk,
        reviewer=reviewer,
    )
    form = ReviewForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_review(
                review,
                by=reviewer,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                author_comment=form.cleaned_data["author_comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Relecture enregistrée."))
            return redirect("my-reviews")
    submission = review.submission
    return render(
        request,
        "events/review_form.html",
        {
            "review": review,
            "submission": submission,
            "show_speakers": submission.call.reviewers_see_speakers,
            "form": form,
            "answers": services.answers_for_reviewer(submission),
        },
        status=400 if request.method == "POST" else 200,
    )
