from django.contrib.sitemaps.views import sitemap
from django.urls import path

from pages import views
from pages.sitemaps import SITEMAPS

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap,  # not cached: an item unpublished leaves it at once
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
