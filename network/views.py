"""Public pages of the base app: home and the glossary of engagement roles."""

from __future__ import annotations

import logging

from django.contrib import admin
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from network import glossary
from network.cache import answers
from network.celery import broker_answers
from network.filters import GlossaryFilter
from network.models import EngagementRole
from network.ratelimit import client_address, count, record

logger = logging.getLogger(__name__)

ADMIN_LOGIN_FAILURES = 5
ADMIN_LOGIN_WINDOW = 15 * 60  # seconds


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "network/home.html")


def glossary_list(request: HttpRequest) -> HttpResponse:
    filterset = GlossaryFilter(
        request.GET or None, queryset=EngagementRole.objects.published().for_list()
    )
    entries = glossary.sort_entries(filterset.qs)
    letters, groups = glossary.alphabet(entries)
    base_url = _base_url(request)
    glossary_url = reverse("glossary-list")
    jsonld = glossary.jsonld_document(
        {
            **glossary.defined_term_set(base_url, glossary_url=glossary_url),
            "hasDefinedTerm": [
                glossary.defined_term(entry, base_url, glossary_url=glossary_url)
                for entry in entries
            ],
        }
    )
    filtered = bool(filterset.form.is_bound and filterset.form.has_changed())
    return render(
        request,
        "network/glossary_list.html",
        {
            "filter": filterset,
            "entries": entries,
            "letters": letters,
            "used_letters": {group.letter for group in groups},
            "groups": groups,
            "filtered": filtered,
            "result_count": ngettext("%(count)d entrée", "%(count)d entrées", len(entries))
            % {"count": len(entries)},
            "jsonld": jsonld,
            "compare_max": glossary.COMPARE_MAX,
        },
    )


def glossary_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entry = get_object_or_404(EngagementRole.objects.published().for_detail(), slug=slug)
    base_url = _base_url(request)
    glossary_url = reverse("glossary-list")
    jsonld = glossary.jsonld_document(
        glossary.defined_term(entry, base_url, glossary_url=glossary_url, full=True),
        glossary.defined_term_set(base_url, glossary_url=glossary_url),
    )
    return render(request, "network/glossary_detail.html", {"entry": entry, "jsonld": jsonld})


def glossary_compare(request: HttpRequest) -> HttpResponse:
    comparison = glossary.compare(request.GET.getlist("roles"))
    base_url, glossary_url = _base_url(request), reverse("glossary-list")
    compared = comparison.compared
    return render(
        request,
        "network/glossary_compare.html",
        {
            "compared": compared,
            "selected": comparison.selected,
            "rows": glossary.comparison_rows(compared),
            "sources": comparison.sources,
            "errors": comparison.errors,
            "all_entries": comparison.all_entries,
            "compare_max": glossary.COMPARE_MAX,
            "jsonld": glossary.jsonld_document(
                *(glossary.defined_term(e, base_url, glossary_url=glossary_url) for e in compared)
            ),
        },
    )


def glossary_json(request: HttpRequest) -> JsonResponse:
    """The whole published glossary as schema.org JSON-LD (a ``DefinedTermSet``)."""
    base_url = _base_url(request)
    glossary_url = reverse("glossary-list")
    entries = glossary.sort_entries(
        EngagementRole.objects.published().select_related("source", "variant_of")
    )
    document = {
        "@context": "https://schema.org",
        **glossary.defined_term_set(base_url, glossary_url=glossary_url),
        "hasDefinedTerm": [
            glossary.defined_term(entry, base_url, glossary_url=glossary_url, full=True)
            for entry in entries
        ],
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login with a brake on guessing: after five failures in fifteen minutes
    from one client address, or for one account from one client address, logins from there
    are refused until the window ends. Failures are never counted per account alone: anyone
    could then lock a known coordinator out."""
    if request.method != "POST":
        return admin.site.login(request)
    address = client_address(request)
    account = str(request.POST.get("username", "")).strip().lower()
    keys = [("admin-login-address", address), ("admin-login-account", f"{account} {address}")]
    if any(count(scope, key) >= ADMIN_LOGIN_FAILURES for scope, key in keys):
        logger.warning("admin login refused after repeated failures from %s", keys[0][1])
        return render(request, "admin/login_blocked.html", status=429)
    response = admin.site.login(request)
    if response.status_code == 200:  # the form again: the credentials were refused
        for scope, key in keys:
            record(scope, key, window=ADMIN_LOGIN_WINDOW)
    return response


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 while the database answers, 503 when it does
    not. The cache and the broker are reported, not required: pages degrade without the
    cache, and mail waits in the outbox while the broker is down."""
    checks = {"database": "ok", "cache": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("health check: database unavailable")
        checks["database"] = "unavailable"
    if not answers():
        logger.warning("health check: cache unavailable")
        checks["cache"] = "unavailable"
    if not broker_answers():
        logger.warning("health check: broker unavailable")
        checks["broker"] = "unavailable"
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)
