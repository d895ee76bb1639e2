from django.urls import path

from territories import views

urlpatterns = [
    path("experiences/territoires/", views.territories, name="territories"),
    path(
        "experiences/territoires/enquetes/<slug:slug>.csv",
        views.survey_csv_download,
        name="territories-survey-csv",
    ),
]
