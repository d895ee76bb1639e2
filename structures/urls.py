from django.urls import path

from structures import views

urlpatterns = [
    path("structures/", views.structure_list, name="structure-list"),
    path("structures/carte.geojson", views.structure_geojson, name="structure-geojson"),
    path("structures/donnees.csv", views.opendata_csv, name="structure-opendata-csv"),
    path("structures/donnees.geojson", views.opendata_geojson, name="structure-opendata-geojson"),
    path("structures/export.csv", views.structure_csv, name="structure-csv"),
    path("structures/dossier-de-presse/", views.dossier_page, name="press-dossier"),
    path(
        "structures/dossier-de-presse/etat.json", views.dossier_status, name="press-dossier-status"
    ),
    path(
        "structures/dossier-de-presse/telecharger.pdf",
        views.dossier_download,
        name="press-dossier-download",
    ),
    path("structures/<slug:slug>/", views.structure_detail, name="structure-detail"),
]
