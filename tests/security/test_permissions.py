"""The permission matrix: every URL of the platform tried as each persona of the design
guide (anonymous, speaker A, speaker B, reviewer, working-group member, coordinator), with
the expected answer written down. Nothing leaks: a wrong persona gets a refusal that says
nothing (404) or is sent to log in, and a refused POST changes nothing in the database.

Expected answers: a status code, or LOGIN (sent to the site's login page), or ADMIN (sent
to the admin's login page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, get_resolver

from events import services as events
from events.models import Submission
from events.services import attendance, invitations
from experiences import services as experiences
from experiences.models import Response
from tests.security.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.untraced]

PERSONAS = ["anonymous", "speaker_a", "speaker_b", "reviewer", "working_group", "coordinator"]
LOGIN, ADMIN = "LOGIN", "ADMIN"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _answer(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    response = getattr(client, method.lower())(url, data or {})
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/comptes/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN
    return response.status_code


def _client(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    person = world.people[persona]
    if person is not None:
        client.force_login(person)
    return client


Url = Callable[[World], str]


def _token(world: World) -> str:
    return experiences.response_token(world.response)


def invite_token(email: str, group: str) -> str:
    return signing.dumps({"email": email, "group": group}, salt=invitations.SALT)


def _answer_file(world: World) -> str:
    """A file given in answer to a question of the call, by speaker A (shown to reviewers)."""
    question, _created = world.call.questions.get_or_create(label="Support", kind="file")
    answer = world.submission_a.answers.filter(question=question).first()
    if answer is None:
        answer = world.submission_a.answers.create(question=question)
        answer.file.save("support.pdf", ContentFile(PDF), save=True)
    return f"/propositions/reponses/{answer.pk}/fichier.pdf"


def _invitation(world: World) -> str:
    return f"/propositions/invitation/{events.invitation_token(world.submission_a.speakers.get())}/"


# (name of the URL, method, URL) — the expected answers are in EXPECTED, same order.
ROUTES: list[tuple[str, str, Url]] = [
    ("home", "GET", lambda w: "/"),
    ("health", "GET", lambda w: "/sante/"),
    ("legal-notice", "GET", lambda w: "/mentions-legales/"),
    ("privacy", "GET", lambda w: "/confidentialite/"),
    ("accessibility", "GET", lambda w: "/accessibilite/"),
    ("page-detail", "GET", lambda w: "/informations/mentions-legales/"),
    ("contact", "GET", lambda w: "/contact/"),
    ("contact-sent", "GET", lambda w: "/contact/envoye/"),
    ("site-map", "GET", lambda w: "/plan-du-site/"),
    ("robots-txt", "GET", lambda w: "/robots.txt"),
    ("django.contrib.sitemaps.views.sitemap", "GET", lambda w: "/sitemap.xml"),
    ("glossary-list", "GET", lambda w: "/glossaire/"),
    ("glossary-json", "GET", lambda w: "/glossaire.json"),
    ("glossary-compare", "GET", lambda w: "/glossaire/comparer/"),
    ("glossary-detail", "GET", lambda w: "/glossaire/patient-partenaire/"),
    ("structure-list", "GET", lambda w: "/structures/"),
    ("structure-geojson", "GET", lambda w: "/structures/carte.geojson"),
    ("structure-csv", "GET", lambda w: "/structures/export.csv"),
    ("structure-opendata-csv", "GET", lambda w: "/structures/donnees.csv"),
    ("structure-opendata-geojson", "GET", lambda w: "/structures/donnees.geojson"),
    ("structure-detail", "GET", lambda w: "/structures/centre-de-sante/"),
    ("press-dossier", "GET", lambda w: "/structures/dossier-de-presse/"),
    ("territories", "GET", lambda w: "/experiences/territoires/?region=53"),
    ("press-dossier-status", "GET", lambda w: "/structures/dossier-de-presse/etat.json"),
    ("press-dossier-download", "GET", lambda w: "/structures/dossier-de-presse/telecharger.pdf"),
    ("event-list", "GET", lambda w: "/evenements/"),
    ("events-ical", "GET", lambda w: "/evenements/calendrier.ics"),
    ("event-detail", "GET", lambda w: "/evenements/journee/"),
    ("event-ical", "GET", lambda w: "/evenements/journee/calendrier.ics"),
    ("call-detail", "GET", lambda w: "/evenements/journee/appel/"),
    ("call-document", "GET", lambda w: "/evenements/journee/appel/document/"),
    ("registration-new", "GET", lambda w: "/evenements/journee/inscription/"),
    (
        "registration-cancel",
        "GET",
        lambda w: f"/inscriptions/annuler/{events.cancel_token(w.registration)}/",
    ),
    (
        "registration-confirm",
        "GET",
        lambda w: f"/inscriptions/confirmer/{events.confirm_token(w.registration)}/",
    ),
    ("submission-new", "GET", lambda w: "/evenements/journee/appel/proposer/"),
    ("my-submissions", "GET", lambda w: "/propositions/"),
    ("submission-edit", "GET", lambda w: f"/propositions/{w.submission_a.pk}/"),
    ("submission-attachment", "GET", lambda w: f"/propositions/{w.submission_a.pk}/document.pdf"),
    ("submission-autosave", "POST", lambda w: f"/propositions/{w.submission_a.pk}/brouillon/"),
    ("submission-confirm", "POST", lambda w: f"/propositions/{w.submission_a.pk}/confirmer/"),
    ("submission-decline", "POST", lambda w: f"/propositions/{w.submission_a.pk}/desister/"),
    ("my-reviews", "GET", lambda w: "/relecture/"),
    ("conflict-add", "POST", lambda w: "/relecture/conflits/"),
    ("conflict-remove", "POST", lambda w: "/relecture/conflits/999/retirer/"),
    ("review-assignment", "GET", lambda w: f"/relecture/repartition/?ids={w.submission_a.pk}"),
    ("group-invite", "GET", lambda w: "/relecture/inviter/"),
    ("call-statistics", "GET", lambda w: f"/relecture/appels/{w.call.pk}/statistiques/"),
    ("mailing", "GET", lambda w: f"/relecture/ecrire/intervenants/{w.call.pk}/"),
    (
        "group-invitation",
        "GET",
        lambda w: f"/invitation/{invite_token('invite@example.org', 'Relecteurs')}/",
    ),
    ("speaker-list", "GET", lambda w: "/evenements/journee/intervenants/"),
    (
        "speaker-detail",
        "GET",
        lambda w: f"/evenements/journee/intervenants/{w.submission_a.owner_id}/",
    ),
    (
        "speaker-photo",
        "GET",
        lambda w: f"/evenements/journee/intervenants/{w.submission_a.owner_id}/photo/",
    ),
    ("speaker-profile", "GET", lambda w: "/propositions/profil/"),
    ("speaker-own-photo", "GET", lambda w: "/propositions/profil/photo/"),
    ("speaker-invitation", "GET", _invitation),
    ("answer-file", "GET", _answer_file),
    ("speaker-answers", "GET", lambda w: f"/propositions/{w.submission_a.pk}/mes-reponses/"),
    ("submission-draft-start", "POST", lambda w: "/evenements/inconnu/appel/brouillon/"),
    ("review-edit", "GET", lambda w: f"/relecture/{w.review.pk}/"),
    ("campaign-list", "GET", lambda w: "/experiences/"),
    ("campaign-detail", "GET", lambda w: "/experiences/recueil/"),
    ("response-new", "GET", lambda w: "/experiences/recueil/participer/"),
    ("link-request", "GET", lambda w: "/experiences/recueil/retrouver/"),
    ("published-experiences", "GET", lambda w: "/experiences/publiees/"),
    ("published-experience", "GET", lambda w: "/experiences/publiees/publiee/"),
    ("response-edit", "GET", lambda w: f"/experiences/reponse/{_token(w)}/"),
    ("response-data", "GET", lambda w: f"/experiences/reponse/{_token(w)}/donnees.json"),
    ("response-delete", "GET", lambda w: f"/experiences/reponse/{_token(w)}/supprimer/"),
    (
        "response-attachment",
        "GET",
        lambda w: f"/experiences/reponse/{_token(w)}/documents/{w.attachment.pk}/",
    ),
    (
        "response-attachment (another response's document)",
        "GET",
        lambda w: f"/experiences/reponse/{_token(w)}/documents/{w.other_attachment.pk}/",
    ),
    (
        "response-edit (tampered link)",
        "GET",
        lambda w: f"/experiences/reponse/{_token(w)[:-3]}abc/",
    ),
    ("working-group", "GET", lambda w: "/experiences/groupe-de-travail/"),
    (
        "working-group-response",
        "GET",
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/",
    ),
    (
        "working-group-remarkable",
        "POST",
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/remarquable/",
    ),
    (
        "working-group-message",
        "POST",
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/message/",
    ),
    ("response-message", "POST", lambda w: f"/experiences/reponse/{_token(w)}/message/"),
    (
        "working-group-attachment",
        "GET",
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/documents/{w.attachment.pk}/",
    ),
    ("programme", "GET", lambda w: "/evenements/journee-programme/programme/"),
    ("programme-ical", "GET", lambda w: "/evenements/journee-programme/programme/calendrier.ics"),
    ("programme-xml", "GET", lambda w: "/evenements/journee-programme/programme.xml"),
    ("programme-json", "GET", lambda w: "/evenements/journee-programme/programme.json"),
    ("programme-talk", "GET", lambda w: w.programme["talk"].get_absolute_url()),
    ("talk-ical", "GET", lambda w: w.programme["talk"].get_absolute_url() + "calendrier.ics"),
    ("check-in", "GET", lambda w: "/evenements/journee-programme/pointage/"),
    (
        "certificate-download",
        "GET",
        lambda w: "/attestations/{}/attestation.pdf".format(
            attendance.certificate_token(w.programme["certificate"])
        ),
    ),
    ("certificate-verify", "GET", lambda w: "/attestations/verifier/?code=ABCDEFGH2345"),
    (
        "sign-in-sheet",
        "GET",
        lambda w: f"/emargement/{w.programme['sheet'].session_id}/feuille.pdf",
    ),
    ("account_login", "GET", lambda w: "/comptes/login/"),
    ("account_signup", "GET", lambda w: "/comptes/signup/"),
    ("account_reset_password", "GET", lambda w: "/comptes/password/reset/"),
    ("account_change_password", "GET", lambda w: "/comptes/password/change/"),
    ("account_email", "GET", lambda w: "/comptes/email/"),
    ("admin-login", "GET", lambda w: "/admin/login/"),
    ("admin:index", "GET", lambda w: "/admin/"),
]


OK, L, A = 200, LOGIN, ADMIN
PUBLIC = (OK, OK, OK, OK, OK, OK)
# Expected answer per persona: anonymous, speaker A, speaker B, reviewer, working group,
# coordinator. A personal link (a signed token) is the credential: whoever holds it opens
# that one response, and nothing else.
EXPECTED: dict[str, tuple[Any, ...]] = {
    "home": PUBLIC,
    "health": PUBLIC,
    "legal-notice": PUBLIC,
    "privacy": PUBLIC,
    "accessibility": PUBLIC,
    "page-detail": PUBLIC,
    "contact": PUBLIC,
    "contact-sent": PUBLIC,
    "site-map": PUBLIC,
    "robots-txt": PUBLIC,
    "django.contrib.sitemaps.views.sitemap": PUBLIC,
    "glossary-list": PUBLIC,
    "glossary-json": PUBLIC,
    "glossary-compare": PUBLIC,
    "glossary-detail": PUBLIC,
    "structure-list": PUBLIC,
    "structure-geojson": PUBLIC,
    "structure-opendata-csv": PUBLIC,
    "structure-opendata-geojson": PUBLIC,
    "structure-csv": (A, A, A, A, A, OK),
    "structure-detail": PUBLIC,
    "press-dossier": PUBLIC,
    "territories": PUBLIC,
    "press-dossier-status": PUBLIC,
    "press-dossier-download": PUBLIC,
    "event-list": PUBLIC,
    "events-ical": PUBLIC,
    "event-detail": PUBLIC,
    "event-ical": PUBLIC,
    "call-detail": PUBLIC,
    "call-document": PUBLIC,
    "registration-new": PUBLIC,
    "registration-cancel": PUBLIC,  # the signed link in the registrant's mail
    "registration-confirm": PUBLIC,  # the signed link in the registrant's mail
    "submission-new": (L, OK, OK, OK, OK, OK),
    "my-submissions": (L, OK, OK, OK, OK, OK),
    "submission-edit": (L, OK, 404, 404, 404, 404),
    # The assigned reviewer may read the PDF; coordinators too.
    "submission-attachment": (L, OK, 404, OK, 404, OK),
    "submission-autosave": (L, 409, 404, 404, 404, 404),  # 409: a sent one is not autosaved
    "submission-confirm": (L, 302, 404, 404, 404, 404),
    "submission-decline": (L, 302, 404, 404, 404, 404),
    "my-reviews": (L, 403, 403, OK, 403, 403),
    # A reviewer's own declarations; an empty one is sent back with its errors (400).
    "conflict-add": (L, 403, 403, 400, 403, 403),
    "conflict-remove": (L, 403, 403, 302, 403, 403),
    "review-assignment": (A, A, A, A, A, OK),
    "group-invite": (A, A, A, A, A, OK),
    "call-statistics": (A, A, A, A, A, OK),
    "mailing": (A, A, A, A, A, OK),
    "group-invitation": PUBLIC,  # the signed link shows the invitation; joining needs its account
    "speaker-list": PUBLIC,
    # Speaker A's talk is not confirmed: nothing about them is public yet.
    "speaker-detail": (404,) * 6,
    "speaker-photo": (404,) * 6,
    "speaker-profile": (L, OK, OK, OK, OK, OK),
    "speaker-own-photo": (L, 404, 404, 404, 404, 404),  # nobody has a photo here
    "speaker-invitation": (L, OK, OK, OK, OK, OK),  # the signed link is the credential
    # The owner, the assigned reviewer (the question is shown to reviewers), coordinators.
    "answer-file": (L, OK, 404, OK, 404, OK),
    # Only the proposal's own speakers answer the questions asked of each speaker.
    "speaker-answers": (L, OK, 404, 404, 404, 404),
    "submission-draft-start": (L, 404, 404, 404, 404, 404),  # no such event
    "review-edit": (L, 403, 403, OK, 403, 403),
    "campaign-list": PUBLIC,
    "campaign-detail": PUBLIC,
    "response-new": PUBLIC,
    "link-request": PUBLIC,
    "published-experiences": PUBLIC,
    "published-experience": PUBLIC,
    "response-edit": PUBLIC,
    "response-data": PUBLIC,
    "response-delete": PUBLIC,
    "response-attachment": PUBLIC,
    "response-attachment (another response's document)": (404,) * 6,
    "response-edit (tampered link)": (404,) * 6,
    "working-group": (L, 403, 403, 403, OK, 403),
    "working-group-response": (L, 403, 403, 403, OK, 403),
    "working-group-remarkable": (L, 403, 403, 403, 302, 403),
    "working-group-attachment": (L, 403, 403, 403, OK, OK),
    # An empty message is sent back with its errors (400).
    "working-group-message": (L, 403, 403, 403, 400, 403),
    "response-message": (400,) * 6,  # the signed link is the key; an empty message: 400
    "programme": PUBLIC,
    "programme-ical": PUBLIC,
    "programme-xml": PUBLIC,
    "programme-json": PUBLIC,
    "programme-talk": PUBLIC,
    "talk-ical": PUBLIC,
    "check-in": (L, 403, 403, 403, 403, OK),
    "certificate-download": PUBLIC,  # the signed link in the registrant's mail
    "certificate-verify": PUBLIC,  # answers only the name and the event
    "sign-in-sheet": (L, 403, 403, 403, 403, OK),
    "account_login": (OK, 302, 302, 302, 302, 302),
    "account_signup": (OK, 302, 302, 302, 302, 302),
    "account_reset_password": PUBLIC,
    "account_change_password": (L, OK, OK, OK, OK, OK),
    "account_email": (L, OK, OK, OK, OK, OK),
    "admin-login": (OK, OK, OK, OK, OK, 302),
    "admin:index": (A, A, A, A, A, OK),
}


@pytest.mark.parametrize(("name", "method", "url"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_url_answers_each_persona_as_written(
    world: World, name: str, method: str, url: Url
) -> None:
    submitted = {s.pk: (s.state, s.updated_at) for s in Submission.objects.all()}
    remarkable = set(Response.objects.filter(remarkable=True).values_list("pk", flat=True))

    answers = tuple(_answer(_client(world, persona), method, url(world)) for persona in PERSONAS)

    assert dict(zip(PERSONAS, answers, strict=True)) == dict(
        zip(PERSONAS, EXPECTED[name], strict=True)
    )
    if method == "POST":  # a refused POST changes nothing; an allowed one is checked below
        assert remarkable == set(
            Response.objects.filter(remarkable=True).values_list("pk", flat=True)
        )
        others = {pk: v for pk, v in submitted.items() if pk != world.submission_a.pk}
        assert others == {
            s.pk: (s.state, s.updated_at)
            for s in Submission.objects.exclude(pk=world.submission_a.pk)
        }


def test_every_url_of_the_platform_has_its_row_in_the_matrix() -> None:
    import events.urls
    import experiences.urls
    import pages.urls
    import pages.urls_root
    import structures.urls

    ours = [*structures.urls.urlpatterns, *events.urls.urlpatterns, *experiences.urls.urlpatterns]
    ours += [*pages.urls.urlpatterns, *pages.urls_root.urlpatterns]
    names = {pattern.name for pattern in ours if isinstance(pattern, URLPattern)}
    names |= {"home", "glossary-list", "glossary-json", "glossary-compare", "glossary-detail"}
    names |= {"admin-login", "health"}
    covered = {name for name, _method, _url in ROUTES}

    assert names - covered == set()
    assert set(EXPECTED) == covered
    assert {
        p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern) and p.name
    } <= covered


# Coordinators in the admin: (list, add form). The others never get past its login page.
ADMIN_EXPECTED: dict[str, tuple[int, int]] = {
    "auth.Group": (403, 403),
    "network.User": (OK, 403),  # accounts come from sign-up, not from the admin
    "network.Source": (OK, OK),
    "network.Portrait": (OK, OK),
    "network.EngagementRole": (OK, OK),
    "network.EngagementForm": (OK, OK),
    "network.SentReminder": (OK, 403),  # a log: written by the reminder engine only
    "network.OutgoingMail": (OK, 403),  # the outbox: written by the platform only
    "structures.Mission": (OK, OK),
    "structures.Structure": (OK, OK),
    "structures.PressReference": (OK, OK),
    "structures.PressDossier": (OK, OK),
    "events.Event": (OK, OK),
    "events.ProgrammeSlot": (OK, OK),
    "events.CallForPapers": (OK, OK),
    "events.Registration": (OK, OK),
    "events.Submission": (OK, OK),
    "events.Session": (OK, OK),
    "events.Certificate": (OK, 403),  # made by the certificates' batch only
    "events.CertificateRun": (OK, 403),  # started from the events' action
    "events.SpeakerProfile": (OK, 403),  # profiles are the speakers' own
    "events.ConflictOfInterest": (OK, 403),  # declared by the reviewers themselves
    "experiences.Campaign": (OK, OK),
    "experiences.Response": (OK, 403),  # responses come from the questionnaire only
    "experiences.PublishedExperience": (OK, 403),  # pages start from a remarkable response
    "experiences.ErasureLog": (OK, 403),  # a log: written by the erasure service only
    "territories.Survey": (OK, OK),
    "experiences.Questionnaire": (OK, OK),
    "account.EmailAddress": (403, 403),
    "pages.Page": (OK, OK),
    "pages.SiteIdentity": (302, 403),  # one row: the list opens it
}


def test_every_admin_page_is_for_coordinators_only(world: World) -> None:
    registered = {model._meta.label: model for model in admin.site._registry}
    assert set(registered) == set(ADMIN_EXPECTED)
    for label, model in registered.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for persona in PERSONAS:
            client = _client(world, persona)
            answers = (_answer(client, "GET", base), _answer(client, "GET", base + "add/"))
            expected = ADMIN_EXPECTED[label] if persona == "coordinator" else (A, A)
            assert answers == expected, (label, persona)


def test_only_coordinators_export_responses_and_publish(world: World) -> None:
    world.published.published = False
    world.published.save(update_fields=["published"])
    export = {
        "action": "export_csv",
        "_selected_action": [world.response.pk],
    }
    publish = {"action": "publish", "_selected_action": [world.published.pk]}
    for persona in PERSONAS[:-1]:
        client = _client(world, persona)
        assert _answer(client, "POST", "/admin/experiences/response/", export) == A
        assert _answer(client, "POST", "/admin/experiences/publishedexperience/", publish) == A
    world.published.refresh_from_db()
    assert not world.published.published

    coordinator = _client(world, "coordinator")
    csv = coordinator.post("/admin/experiences/response/", export)
    assert csv["Content-Type"].startswith("text/csv")
    assert world.response.reference in b"".join(csv.streaming_content).decode()
