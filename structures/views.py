"""Public pages of the structures app: directory and map, detail, GeoJSON, dossier."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import condition

from network.pagination import paginate
from network.storage import serve_file
from structures import directory, geojson, opendata
from structures.detail import structure_for_page
from structures.filters import StructureFilter
from structures.models import PressDossier, Structure

PAGE_SIZE = 100


def _filtered(request: HttpRequest) -> StructureFilter:
    return StructureFilter(
        request.GET or None,
        queryset=Structure.objects.published(),
    )


def structure_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    version = geojson.current_version()
    structures = filterset.qs.order_by("name", "pk")
    page = paginate(request, directory.with_known_count(structures, version=version), PAGE_SIZE)
    count = page.paginator.count
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "structures/structure_list.html",
        {
            "filter": filterset,
            "filter_fields": directory.filter_fields(filterset, version=version),
            "page": page,
            "structures": directory.rows(page.object_list, version=version),
            "result_count": ngettext("%(count)d structure", "%(count)d structures", count)
            % {"count": count},
            "filtered": bool(filterset.form.is_bound and filterset.form.has_changed()),
            "query": filters.urlencode(),
            "map": _map_settings(),
            "unplaced": directory.unplaced(version=version),
            "licence": {"name": opendata.LICENCE_NAME, "url": opendata.LICENCE_URL},
        },
    )


def structure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    structure = structure_for_page(slug)
    return render(
        request,
        "structures/structure_detail.html",
        {"structure": structure, "map": _map_settings()},
    )


@condition(etag_func=lambda request: geojson.etag(request))
def structure_geojson(request: HttpRequest) -> HttpResponse:
    """The map's data: the same filters as the list. Stored compressed once per version of
    the directory; a conditional request costs no query."""
    encoding = geojson.accepted_encoding(request)
    body = geojson.stored_or_built(request, lambda: _filtered(request).qs, encoding)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    patch_vary_headers(response, ["Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=60)
    return response


@staff_member_required
def structure_csv(request: HttpRequest) -> HttpResponse:
    """The filtered directory as CSV, for coordinators."""
    if not request.user.has_perm("structures.view_structure"):
        raise Http404
    filterset = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="structures.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    opendata.write_directory_csv(response, filterset.qs.with_missions().order_by("name"))
    return response


def opendata_csv(request: HttpRequest) -> HttpResponse:
    """The public directory as open data (CSV, Licence Ouverte 2.0)."""
    body = opendata.as_csv(opendata.rows(base_url=request.build_absolute_uri("/").rstrip("/")))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="structures-annuaire.csv"'
    patch_cache_control(response, public=True, max_age=300)
    return response


def opendata_geojson(request: HttpRequest) -> HttpResponse:
    """The public directory as open data (GeoJSON, Licence Ouverte 2.0)."""
    rows = opendata.rows(base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(
        opendata.as_geojson(rows), content_type="application/geo+json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="structures-annuaire.geojson"'
    patch_cache_control(response, public=True, max_age=300)
    return response


def _latest_dossier() -> PressDossier | None:
    """The latest published edition that has its PDF (a new edition being prepared does not
    take the current one offline); failing that, the latest published one."""
    published = PressDossier.objects.filter(published=True).order_by("-edition", "-pk")
    return published.exclude(file="").first() or published.first()


def dossier_page(request: HttpRequest) -> HttpResponse:
    dossier = _latest_dossier()
    return render(request, "structures/dossier.html", {"dossier": dossier})


def dossier_status(request: HttpRequest) -> JsonResponse:
    dossier = _latest_dossier()
    if dossier is None:
        raise Http404
    return JsonResponse(
        {
            "status": dossier.status,
            "label": dossier.get_status_display(),
            "progress": dossier.progress,
            "ready": bool(dossier.file),
        }
    )


def dossier_download(request: HttpRequest) -> HttpResponseBase:
    dossier = _latest_dossier()
    if dossier is None or not dossier.file:
        raise Http404(_("Le dossier de presse n'est pas encore disponible."))
    return serve_file(
        request,
        dossier.file,
        f"dossier-de-presse-{dossier.edition:%Y-%m}.pdf",
        as_attachment=True,
        content_type="application/pdf",
    )


def _map_settings() -> dict[str, Any]:
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }
