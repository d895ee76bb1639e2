"""The hostile corpus (tests/security/hostile.py) sent to every form and filter.

For each value: never a 500. A form either keeps the value as typed (stripped of its outer
spaces, as every text field is) or refuses it with a message in French on the page, and
then shows back what else was typed: nothing is lost. A filter page answers and says which
filter it did not understand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events import services as events
from events.models import CallForPapers, Registration, Submission
from experiences.models import Campaign, Response
from network.middleware import CONTROL_CHARACTERS
from network.models import Perspective, User
from tests.experiences.conftest import form_data as questionnaire
from tests.experiences.conftest import member
from tests.experiences.factories import CampaignFactory, PublishedExperienceFactory, ResponseFactory
from tests.factories import CallForPapersFactory, EngagementRoleFactory, StructureFactory
from tests.security.hostile import DATES, FILES, NUMBERS, PDF, RAW_QUERIES, TEXTS

pytestmark = [pytest.mark.django_db, pytest.mark.untraced]

ERROR_MARKUP = re.compile(r'class="(errorlist|form-errors)|role="alert"')
FRENCH_ERRORS = re.compile(
    r"Ce champ|Saisissez|Sélectionnez|caractère nul|au plus|Assurez-vous|adresse|"
    r"n'est pas|n’est pas|dépasse|Trop|incorrect|nécessaire|manque|valide|obligatoire",
    re.IGNORECASE,
)
SEEN = "Valeur-temoin-7f3a"  # typed in another field: must be shown back after a refusal


def hostile_client() -> Client:
    return Client(raise_request_exception=False)


def answered(response: Any, label: str) -> str:
    assert response.status_code != 500, label
    return response.content.decode(errors="replace")


def check_form(
    post: Callable[[str], Any],
    values: Iterable[str],
    *,
    stored: Callable[[], str | None] | None = None,
    field: str,
    shown_back: bool = True,
) -> int:
    """Post each value; return how many were sent. ``post(value)`` sends the form with
    ``value`` in ``field`` and, when ``shown_back``, SEEN in another field."""
    count = 0
    for value in values:
        cache.clear()  # rate limits: each value is a first try
        response = post(value)
        label = f"{field}={value[:60]!r}"
        body = answered(response, label)
        count += 1
        if response.status_code == 302:  # accepted: kept as typed
            if stored is not None and value.strip():
                assert stored() == value.strip(), label
            continue
        assert response.status_code in {200, 400, 429}, label
        assert ERROR_MARKUP.search(body), f"no message for {label}"
        assert FRENCH_ERRORS.search(body), f"no French message for {label}"
        assert not shown_back or SEEN in body, f"the other answers were lost for {label}"
    return count


def check_fields(
    post: Callable[[dict[str, str]], Any],
    fields: list[str],
    values: Iterable[str],
    *,
    stored: Callable[[str], str | None] | None = None,
) -> int:
    """``check_form`` for several text fields in fewer requests: each value is sent in all
    ``fields`` at once; accepted, every field kept it as typed; refused, it is sent again in
    each field alone (``check_form``), so that a field refusing it never hides what the
    others do with it. ``post(values)`` sends the form with ``values`` (field → value) and
    SEEN in another field. Returns how many values were sent."""

    def alone(field: str, sent: Iterable[str]) -> int:
        return check_form(
            lambda typed: post({field: typed}),
            sent,
            stored=None if stored is None else lambda: stored(field),
            field=field,
        )

    if len(fields) == 1:
        return alone(fields[0], values)
    count = 0
    for value in values:
        cache.clear()
        response = post(dict.fromkeys(fields, value))
        answered(response, f"{'+'.join(fields)}={value[:60]!r}")
        count += 1
        if response.status_code != 302:
            for field in fields:
                alone(field, [value])
        elif stored is not None and value.strip():
            for field in fields:
                assert stored(field) == value.strip(), f"{field}={value[:60]!r}"
    return count


# --- Filters (GET) -------------------------------------------------------------------------------

FILTERS = {
    "/structures/": ["q", "type", "secpa", "mission", "region", "departement", "lien", "page"],
    "/structures/carte.geojson": ["q", "type", "secpa", "mission", "region", "departement"],
    "/glossaire/": ["q", "secteur", "dimension"],
    "/glossaire/comparer/": ["roles"],
    "/evenements/": ["page"],
    "/experiences/publiees/": ["contexte", "organisation", "niveau", "page"],
}


@pytest.fixture
def content(db: None) -> None:
    EngagementRoleFactory(slug="patient-partenaire")
    StructureFactory(name="Centre de santé témoin")
    PublishedExperienceFactory()


@pytest.mark.parametrize("path", list(FILTERS))
def test_every_filter_answers_any_value_and_says_what_it_did_not_understand(
    content: None, path: str
) -> None:
    client = hostile_client()
    sent = 0
    for value in [*TEXTS, *NUMBERS, *DATES]:  # every filter of the page at once
        response = client.get(path, dict.fromkeys(FILTERS[path], value))
        body = answered(response, f"{path}: {value[:60]!r}")
        sent += 1
        if CONTROL_CHARACTERS.search(value):  # refused before any query (see test_request_data)
            assert response.status_code == 400 and "Requête incorrecte" in body, value[:60]
            continue
        assert response.status_code == 200, value[:60]
        choices = set(FILTERS[path]) - {"q", "page", "roles"}
        if choices and value.strip() and not path.endswith(".geojson"):
            assert "Certains filtres n" in body, (path, value[:60])  # and which, and why
    for raw in RAW_QUERIES:
        for name in FILTERS[path]:
            answered(client.get(f"{path}?{name}={raw}"), f"{path}?{name}={raw}")
        answered(client.get(f"{path}?{raw}"), f"{path}?{raw}")
        sent += len(FILTERS[path]) + 1
    assert sent > 200


# --- Public forms (POST) -------------------------------------------------------------------------


@pytest.fixture
def event_call(db: None) -> CallForPapers:
    call = CallForPapersFactory(event__slug="journee", event__registration_open=True)
    call.themes.create(title="Pair-aidance")
    call.contribution_kinds.create(name="Actions concrètes")
    call.criteria.create(name="Pertinence", max_score=5)
    return call


@pytest.mark.parametrize(
    "fields", [["name", "structure", "role", "accessibility_needs"], ["email"]], ids="+".join
)
def test_the_registration_form_keeps_or_refuses_every_value_with_a_message(
    event_call: CallForPapers, fields: list[str]
) -> None:
    client = hostile_client()
    counter = iter(range(10**6))

    def post(values: dict[str, str]) -> Any:
        data = {
            "name": SEEN,
            "email": f"personne{next(counter)}@example.org",
            "structure": SEEN,
            "role": "",
            "accessibility_needs": "",
            "website": "",
        }
        return client.post("/evenements/journee/inscription/", data | values)

    def stored(field: str) -> str | None:
        latest = Registration.objects.order_by("-pk").first()
        return getattr(latest, field) if latest else None

    kept = None if fields == ["email"] else stored
    assert check_fields(post, fields, TEXTS, stored=kept) > 150


def test_the_submission_form_keeps_or_refuses_every_value_with_a_message(
    event_call: CallForPapers, speaker_a: User
) -> None:
    client = hostile_client()
    client.force_login(speaker_a)

    def post(values: dict[str, str]) -> Any:
        data = {
            "action": "save",
            "title": SEEN,
            "abstract": SEEN if "title" in values else "Un résumé.",
            "theme": event_call.themes.get().pk,
            "contribution_kind": event_call.contribution_kinds.get().pk,
            "note": "",
            "intervenants-TOTAL_FORMS": "1",
            "intervenants-INITIAL_FORMS": "0",
            "intervenants-MIN_NUM_FORMS": "1",
            "intervenants-MAX_NUM_FORMS": "8",
            "intervenants-0-name": "Oratrice",
            "intervenants-0-email": "oratrice.a@example.org",
        }
        return client.post("/evenements/journee/appel/proposer/", data | values)

    def stored(field: str) -> str | None:
        latest = Submission.objects.order_by("-pk").first()
        if latest is None:
            return None
        if field.startswith("intervenants"):
            return latest.speakers.get().name
        return str(getattr(latest, field))

    fields = ["title", "abstract", "note", "intervenants-0-name"]
    assert check_fields(post, fields, TEXTS, stored=stored) > 150


def test_the_submission_form_refuses_every_hostile_file_with_a_message(
    event_call: CallForPapers, speaker_a: User
) -> None:
    client = hostile_client()
    client.force_login(speaker_a)
    for name, content, content_type, why in FILES:
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        response = client.post(
            "/evenements/journee/appel/proposer/",
            {
                "action": "save",
                "title": SEEN,
                "abstract": "",
                "note": "",
                "attachment": upload,
                "intervenants-TOTAL_FORMS": "1",
                "intervenants-INITIAL_FORMS": "0",
                "intervenants-MIN_NUM_FORMS": "1",
                "intervenants-MAX_NUM_FORMS": "8",
                "intervenants-0-name": "Oratrice",
                "intervenants-0-email": "oratrice.a@example.org",
            },
        )
        body = answered(response, why)
        assert response.status_code in {200, 400}, why
        assert ERROR_MARKUP.search(body) and SEEN in body, why
    assert not Submission.objects.exclude(attachment="").exists()


def test_the_review_form_refuses_bad_scores_and_keeps_any_comment(
    event_call: CallForPapers, speaker_a: User, reviewer: User
) -> None:
    submission = events.start_submission(event_call, by=speaker_a)
    events.save_draft(
        submission,
        by=speaker_a,
        changes={
            "title": "Titre",
            "abstract": "Résumé.",
            "theme": event_call.themes.get(),
            "contribution_kind": event_call.contribution_kinds.get(),
        },
    )
    events.submit_submission(submission, by=speaker_a)
    review = events.assign_reviewer(submission, reviewer=reviewer)
    criterion = event_call.criteria.get()
    client = hostile_client()
    client.force_login(reviewer)
    url = f"/relecture/{review.pk}/"

    def score(value: str) -> Any:
        return client.post(url, {f"critere_{criterion.pk}": value, "comment": SEEN})

    def comment(value: str) -> Any:
        return client.post(url, {f"critere_{criterion.pk}": "3", "comment": value})

    def stored() -> str:
        review.refresh_from_db()
        return review.comment

    valid_scores = {"0", "+7", " 3 ", "٣"}
    check_form(score, [n for n in NUMBERS + TEXTS if n.strip() not in valid_scores], field="score")
    check_form(comment, TEXTS, stored=stored, field="comment", shown_back=False)


# --- Experiences ---------------------------------------------------------------------------------


@pytest.fixture
def campaign(db: None) -> Campaign:
    return CampaignFactory(slug="recueil")


@pytest.mark.parametrize(
    "fields",
    [["name", "title", "actions", "territory"], ["email"], ["organisation_type"], ["links"]],
    ids="+".join,
)
def test_the_questionnaire_keeps_or_refuses_every_value_with_a_message(
    campaign: Campaign, fields: list[str]
) -> None:
    client = hostile_client()
    counter = iter(range(10**6))

    def post(values: dict[str, str]) -> Any:
        data = questionnaire(
            action="save", email=f"repondant{next(counter)}@example.org", organisation=SEEN
        )
        return client.post("/experiences/recueil/participer/", data | values)

    def stored(field: str) -> str | None:
        latest = Response.objects.order_by("-pk").first()
        if latest is None:
            return None
        return getattr(latest, field) if field in {"name", "email"} else latest.answers.get(field)

    keeps_as_typed = len(fields) > 1  # email, organisation_type and links are normalised
    assert check_fields(post, fields, TEXTS, stored=stored if keeps_as_typed else None) > 150


def test_the_questionnaire_refuses_every_hostile_file_with_a_message(campaign: Campaign) -> None:
    client = hostile_client()
    for name, content, content_type, why in FILES:
        cache.clear()
        data = questionnaire(action="save", organisation=SEEN)
        data["documents"] = SimpleUploadedFile(name, content, content_type=content_type)
        response = client.post("/experiences/recueil/participer/", data)
        body = answered(response, why)
        assert response.status_code in {200, 400}, why
        assert ERROR_MARKUP.search(body) and SEEN in body, why
    too_many = [SimpleUploadedFile(f"doc{n}.pdf", PDF, "application/pdf") for n in range(4)]
    response = hostile_client().post(
        "/experiences/recueil/participer/",
        {**questionnaire(action="save", organisation=SEEN), "documents": too_many},
    )
    assert "3 documents au plus" in answered(response, "four files")
    assert not Response.objects.exists()


def test_the_link_request_and_the_assessment_take_any_value_without_failing(
    campaign: Campaign,
) -> None:
    client = hostile_client()
    for value in TEXTS:
        cache.clear()
        response = client.post("/experiences/recueil/retrouver/", {"email": value})
        answered(response, f"email={value[:60]!r}")
        assert response.status_code in {200, 302, 400}, value[:60]
    response = ResponseFactory(campaign=campaign, submitted=True)
    colleague = member(campaign, Perspective.PROFESSIONAL, "pro.gt@example.org")
    client.force_login(colleague)
    url = f"/experiences/groupe-de-travail/{response.pk}/"

    def remarkable(value: str) -> Any:
        return client.post(url, {"remarkable": value, "comment": SEEN})

    def comment(value: str) -> Any:
        return client.post(url, {"remarkable": "oui", "comment": value})

    def stored() -> str:
        return response.assessments.get(member=colleague).comment

    check_form(remarkable, [v for v in TEXTS if v not in {"oui", "non"}], field="remarkable")
    check_form(comment, TEXTS, stored=stored, field="comment", shown_back=False)


# --- Accounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fields", "other"),
    [
        ("/comptes/login/", ["login", "password"], "login"),
        ("/comptes/signup/", ["email", "password1"], "email"),
        ("/comptes/password/reset/", ["email"], None),
        ("/admin/login/", ["username", "password"], "username"),
    ],
)
def test_account_forms_refuse_every_value_with_a_message(
    db: None, path: str, fields: list[str], other: str | None
) -> None:
    client = hostile_client()
    for field in fields:
        for value in TEXTS:
            cache.clear()
            data = {name: "x" for name in fields} | {"password2": "x"}
            if other and other != field:
                data[other] = f"{SEEN}@example.org"
            data[field] = value
            response = client.post(path, data)
            body = answered(response, f"{path} {field}={value[:60]!r}")
            if path.startswith("/admin/") and "\x00" in value:  # the admin takes no NUL at all
                assert response.status_code == 400 and "Requête incorrecte" in body
                continue
            if response.status_code == 302:  # the password reset always says "sent"
                assert path == "/comptes/password/reset/", value[:60]
                continue
            assert response.status_code in {200, 400, 429}, (path, field, value[:60])
            assert ERROR_MARKUP.search(body) or "errornote" in body, (path, field, value[:60])
