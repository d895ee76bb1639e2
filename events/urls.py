from django.urls import path

from events import views
from events.admin_review import review_assignment
from events.views import attendance, programme
from events.views.conflicts import conflict_add, conflict_remove
from events.views.coordination import call_statistics, mailing
from events.views.invitations import group_invitation, group_invite

urlpatterns = [
    path("evenements/", views.event_list, name="event-list"),
    path("evenements/calendrier.ics", views.events_ical, name="events-ical"),
    path("evenements/<slug:slug>/", views.event_detail, name="event-detail"),
    path("evenements/<slug:slug>/appel/", views.call_detail, name="call-detail"),
    path("evenements/<slug:slug>/calendrier.ics", views.event_ical, name="event-ical"),
    path("evenements/<slug:slug>/intervenants/", views.speaker_list, name="speaker-list"),
    path(
        "evenements/<slug:slug>/intervenants/<int:user_pk>/",
        views.speaker_detail,
        name="speaker-detail",
    ),
    path(
        "evenements/<slug:slug>/intervenants/<int:user_pk>/photo/",
        views.speaker_photo,
        name="speaker-photo",
    ),
    path("propositions/profil/", views.speaker_profile, name="speaker-profile"),
    path("propositions/profil/photo/", views.speaker_own_photo, name="speaker-own-photo"),
    path(
        "propositions/invitation/<str:token>/",
        views.speaker_invitation,
        name="speaker-invitation",
    ),
    path("evenements/<slug:slug>/appel/proposer/", views.submission_new, name="submission-new"),
    path(
        "evenements/<slug:slug>/appel/brouillon/",
        views.submission_draft_start,
        name="submission-draft-start",
    ),
    path("evenements/<slug:slug>/inscription/", views.registration_new, name="registration-new"),
    path(
        "inscriptions/annuler/<str:token>/", views.registration_cancel, name="registration-cancel"
    ),
    path(
        "inscriptions/confirmer/<str:token>/",
        views.registration_confirm,
        name="registration-confirm",
    ),
    path("evenements/<slug:slug>/appel/document/", views.call_document, name="call-document"),
    path(
        "propositions/<int:pk>/document.pdf",
        views.submission_attachment,
        name="submission-attachment",
    ),
    path("propositions/reponses/<int:pk>/fichier.pdf", views.answer_file, name="answer-file"),
    path("propositions/", views.my_submissions, name="my-submissions"),
    path("propositions/<int:pk>/mes-reponses/", views.speaker_answers, name="speaker-answers"),
    path("propositions/<int:pk>/confirmer/", views.submission_confirm, name="submission-confirm"),
    path("propositions/<int:pk>/desister/", views.submission_decline, name="submission-decline"),
    path("relecture/", views.my_reviews, name="my-reviews"),
    path("relecture/conflits/", conflict_add, name="conflict-add"),
    path("relecture/conflits/<int:pk>/retirer/", conflict_remove, name="conflict-remove"),
    path("relecture/inviter/", group_invite, name="group-invite"),
    path("relecture/appels/<int:pk>/statistiques/", call_statistics, name="call-statistics"),
    path("relecture/ecrire/<str:kind>/<int:pk>/", mailing, name="mailing"),
    path("invitation/<str:token>/", group_invitation, name="group-invitation"),
    path("relecture/repartition/", review_assignment, name="review-assignment"),
    path("relecture/<int:pk>/", views.review_edit, name="review-edit"),
    path("propositions/<int:pk>/", views.submission_edit, name="submission-edit"),
    path("propositions/<int:pk>/brouillon/", views.submission_autosave, name="submission-autosave"),
    path("evenements/<slug:slug>/programme/", programme.programme, name="programme"),
    path(
        "evenements/<slug:slug>/programme/calendrier.ics",
        programme.programme_ical,
        name="programme-ical",
    ),
    path(
        "evenements/<slug:slug>/programme/<slug:talk>/",
        programme.programme_talk,
        name="programme-talk",
    ),
    path(
        "evenements/<slug:slug>/programme/<slug:talk>/calendrier.ics",
        programme.talk_ical,
        name="talk-ical",
    ),
    path("evenements/<slug:slug>/programme.xml", programme.programme_xml, name="programme-xml"),
    path("evenements/<slug:slug>/programme.json", programme.programme_json, name="programme-json"),
    path("evenements/<slug:slug>/pointage/", attendance.check_in, name="check-in"),
    path(
        "attestations/<str:token>/attestation.pdf",
        attendance.certificate_download,
        name="certificate-download",
    ),
    path("attestations/verifier/", attendance.certificate_verify, name="certificate-verify"),
    path("emargement/<int:pk>/feuille.pdf", attendance.sign_in_sheet, name="sign-in-sheet"),
]
