"""The public pages: campaigns and the published experiences."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from experiences.filters import PublishedExperienceFilter
from experiences.models import Campaign, Context, PublishedExperience
from network import fragments
from network.pagination import paginate

PAGE_SIZE = 20


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
    page = paginate(request, filterset.qs.for_cards().distinct(), PAGE_SIZE)
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "experiences/published_list.html",
        {
            "filter": filterset,
            "filter_fields": fragments.filter_fields(
                filterset, kind="experiences-filters", version=fragments.version()
            ),
            "page": page,
            "experiences": page.object_list,
            "count": page.paginator.count,
            "filtered": bool(filterset.form.is_bound and filterset.form.has_changed()),
            "query": filters.urlencode(),
        },
    )


def published_detail(request: HttpRequest, slug: str) -> HttpResponse:
    experience = get_object_or_404(
        PublishedExperience.objects.published().for_cards().select_related("campaign"), slug=slug
    )
    return render(request, "experiences/published_detail.html", {"experience": experience})
