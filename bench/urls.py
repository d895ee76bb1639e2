"""The site's addresses plus the floor: the base template rendered with no query, never
cached. Every public page's throughput is measured as a ratio to it, in the same run."""

import json

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache

from network.urls import urlpatterns as site
from structures import geojson
from structures.models import Structure


@never_cache
def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [path("plancher/", floor, name="bench-floor"), *site]


def geojson_before(request: HttpRequest) -> HttpResponse:
    """The map's data as it was served before: an aggregate over every structure for the
    ETag on each request, then the whole uncompressed body read back from the cache."""
    state = Structure.objects.aggregate(last=Max("updated_at"), count=Count("pk"))
    key = f"bench:geojson-before:{state['last']:%Y%m%d%H%M%S%f}:{state['count']}"
    body = cache.get(key)
    if body is None:
        collection = {
            "type": "FeatureCollection",
            "features": geojson.features(Structure.objects.published()),
        }
        body = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        cache.set(key, body, 300)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Content-Encoding"] = "identity"  # as before: nothing compressed it
    return response


urlpatterns.insert(0, path("plancher/geojson-avant/", geojson_before))
