from django.urls import path

from experiences import views

urlpatterns = [
    path("experiences/", views.campaign_list, name="campaign-list"),
    path("experiences/publiees/", views.published_list, name="published-experiences"),
    path("experiences/publiees/<slug:slug>/", views.published_detail, name="published-experience"),
    path("experiences/groupe-de-travail/", views.working_group_list, name="working-group"),
    path(
        "experiences/groupe-de-travail/<int:pk>/",
        views.working_group_response,
        name="working-group-response",
    ),
    path(
        "experiences/groupe-de-travail/<int:pk>/remarquable/",
        views.working_group_remarkable,
        name="working-group-remarkable",
    ),
    path(
        "experiences/groupe-de-travail/<int:pk>/documents/<int:attachment>/",
        views.working_group_attachment,
        name="working-group-attachment",
    ),
    path(
        "experiences/groupe-de-travail/<int:pk>/message/",
        views.working_group_message,
        name="working-group-message",
    ),
    path(
        "experiences/reponse/<str:token>/message/",
        views.response_message,
        name="response-message",
    ),
    path("experiences/reponse/<str:token>/", views.response_edit, name="response-edit"),
    path("experiences/reponse/<str:token>/donnees.json", views.response_data, name="response-data"),
    path(
        "experiences/reponse/<str:token>/supprimer/", views.response_delete, name="response-delete"
    ),
    path(
        "experiences/reponse/<str:token>/documents/<int:pk>/",
        views.response_attachment,
        name="response-attachment",
    ),
    path("experiences/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("experiences/<slug:slug>/participer/", views.response_new, name="response-new"),
    path("experiences/<slug:slug>/retrouver/", views.link_request, name="link-request"),
]
