"""Every public page passes axe-core (WCAG 2.1 A and AA), in French and in English.

Pages with a map are checked once Leaflet has drawn it, so its markup is checked too.
So are the pages behind a login: a speaker's submissions and submission form, a reviewer's
review page. Also: the main pages fit a 320 px wide screen without horizontal scrolling,
and the skip link is the first thing the keyboard reaches and takes it to the main content.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from events import services
from events.models import CallForPapers, Question, Review, Submission
from network.models import EngagementRole, User
from network.permissions import REVIEWERS
from structures.models import PressDossier
from tests.e2e.conftest import PageProblems, assert_aria_references_resolve, log_in
from tests.factories import UserFactory

LANGUAGES = {"fr": "", "en": "/en"}
LILLE = "journee-etudes-20-ans-reseau-sante-solidarite-lille-metropole"
WEBINAR = "participation-en-sante-3-avril-2025"
DEMO = "demonstration-journee-etudes"
CAMPAIGN = "retours-experiences-demarches-participatives"

PUBLIC_PAGES = {
    "home": "/",
    "glossary-list": "/glossaire/",
    "glossary-search-without-result": "/glossaire/?q=zzzz",
    "glossary-unknown-sector": "/glossaire/?secteur=inconnu",
    "comparison-of-two-roles": (
        "/glossaire/comparer/?roles=patient-partenaire,representant-des-usagers"
    ),
    "comparison-without-roles": "/glossaire/comparer/",
    "login": "/comptes/login/",
    "signup": "/comptes/signup/",
    "password-reset": "/comptes/password/reset/",
    "press-dossier-without-pdf": "/structures/dossier-de-presse/",
    "event-list": "/evenements/",
    "past-webinar-with-programme": f"/evenements/{WEBINAR}/",
    "event-with-open-registrations-and-call": f"/evenements/{DEMO}/",
    "closed-call": f"/evenements/{LILLE}/appel/",
    "open-call": f"/evenements/{DEMO}/appel/",
    "registration-form": f"/evenements/{DEMO}/inscription/",
    "experiences": "/experiences/",
    "experience-campaign": f"/experiences/{CAMPAIGN}/",
    "experience-questionnaire": f"/experiences/{CAMPAIGN}/participer/",
    "experience-link-request": f"/experiences/{CAMPAIGN}/retrouver/",
    "published-experiences": "/experiences/publiees/",
    "published-experiences-filtered": (
        "/experiences/publiees/?contexte=lieu-de-soins&niveau=co-construire"
    ),
    "published-experiences-without-result": "/experiences/publiees/?organisation=information",
    "published-experience": "/experiences/publiees/un-projet-photographique-autour-du-mouvement/",
    "structure-detail-without-pin": "/structures/msp-allymes/",
    "training-page": "/informations/formation-ru-et-patients-partenaires/",
    "territories": "/experiences/territoires/",
    "territories-survey-in-a-region": (
        "/experiences/territoires/?couche=enquete-partenariat-patient-auvergne-rhone-alpes-2023"
        "&region=84"
    ),
    "territories-with-bad-choices": "/experiences/territoires/?couche=zz&region=99",
}

MAP_PAGES = {
    "directory": "/structures/",
    "directory-filtered": "/structures/?mission=mediation-en-sante&region=76",
    "directory-with-bad-filter-values": "/structures/?departement=999&type=zz",
    "directory-without-result": "/structures/?q=zzzz",
    "structure-detail": "/structures/la-case-de-sante/",
}

MAIN_PAGES = {
    "home": "/",
    "glossary-list": "/glossaire/",
    "glossary-detail": "/glossaire/mediateur-de-sante-pair/",
    "comparison-of-two-roles": "/glossaire/comparer/?roles=mediateur-de-sante-pair,pair-aidant",
    "comparison-without-roles": "/glossaire/comparer/",
    "login": "/comptes/login/",
    "directory": "/structures/",
    "structure-detail": "/structures/la-case-de-sante/",
    "event-list": "/evenements/",
    "territories": "/experiences/territoires/",
}


def pages_in_every_language(pages: dict[str, str]) -> list[pytest.param]:
    return [
        pytest.param(f"{prefix}{path}", language, id=f"{language}-{name}")
        for language, prefix in LANGUAGES.items()
        for name, path in pages.items()
    ]


@pytest.mark.reads_demo
@pytest.mark.parametrize(("path", "language"), pages_in_every_language(PUBLIC_PAGES))
def test_public_page_has_no_accessibility_violation(
    path: str,
    language: str,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    visit(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe(page)


@pytest.mark.reads_demo
@pytest.mark.parametrize(("path", "language"), pages_in_every_language(MAP_PAGES))
def test_page_with_a_map_has_no_accessibility_violation_once_the_map_is_drawn(
    path: str,
    language: str,
    page: Page,
    visit: Callable[[str], Page],
    map_ready: Callable[[Page], int],
    axe: Callable[[Page], None],
) -> None:
    visit(path)
    map_ready(page)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_press_dossier_page_has_no_accessibility_violation_while_its_pdf_is_rendering(
    language: str,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    PressDossier.objects.update(
        status=PressDossier.Status.RENDERING, progress=40, rendering_since=timezone.now()
    )

    visit(f"{LANGUAGES[language]}/structures/dossier-de-presse/")

    expect(page.locator("progress")).to_have_attribute("value", "40")
    axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_press_dossier_page_has_no_accessibility_violation_once_its_pdf_is_ready(
    language: str,
    rendered_dossier: PressDossier,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    visit(f"{LANGUAGES[language]}/structures/dossier-de-presse/")

    expect(page.locator("a[href$='/telecharger.pdf']")).to_contain_text("PDF")
    axe(page)


@pytest.mark.reads_demo
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_glossary_entry_page_has_no_accessibility_violation(
    language: str,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    entries = list(EngagementRole.objects.published().order_by("slug"))
    assert len(entries) >= 10, "the demo glossary should be loaded"

    failures = []
    for entry in entries:
        visit(f"{LANGUAGES[language]}{entry.get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(entry.name)
        try:
            axe(page)
        except AssertionError as failure:
            failures.append(str(failure))

    assert not failures, "\n\n".join(failures)


@pytest.mark.reads_demo
@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_form_has_no_accessibility_violation_once_refused_empty(
    language: str,
    page: Page,
    page_problems: PageProblems,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    path = f"{LANGUAGES[language]}/evenements/{DEMO}/inscription/"
    visit(path)
    page_problems.expect_refusal(path)

    page.locator("main form button[type=submit]").click()

    expect(page.locator(".field.has-error")).to_have_count(2)  # name and email
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe(page)
    assert_aria_references_resolve(page)


@pytest.fixture
def speaker(site_url: str) -> User:
    """A speaker with a verified address and a draft for the demonstration call."""
    user = UserFactory(email="oratrice@example.org", first_name="Inès", last_name="Martin")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def draft_for_the_demo_call(speaker: User, title: str) -> Submission:
    call = CallForPapers.objects.get(event__slug=DEMO)
    submission = services.start_submission(call, by=speaker)
    return services.save_draft(
        submission,
        by=speaker,
        changes={
            "title": title,
            "abstract": "Des pairs-aidants dans une équipe de soins : ce qui a changé.",
            "theme": call.themes.first(),
            "contribution_kind": call.contribution_kinds.first(),
        },
    )


@pytest.fixture
def draft(speaker: User) -> Submission:
    return draft_for_the_demo_call(speaker, "Trois ans de pair-aidance à l'hôpital")


@pytest.fixture
def review(speaker: User) -> Review:
    """A review asked of a reviewer (verified, in « Relecteurs ») for a sent submission."""
    reviewer = UserFactory(email="relecteur@example.org")
    EmailAddress.objects.create(user=reviewer, email=reviewer.email, verified=True, primary=True)
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    submission = draft_for_the_demo_call(speaker, "Un comité d'usagers dans un CHRS")
    services.submit_submission(submission, by=speaker)
    return services.assign_reviewer(submission, reviewer=reviewer)


SPEAKER_PAGES = ["my-submissions", "new-submission-form", "draft-submission-form"]


def speaker_page_path(name: str, draft: Submission) -> str:
    return {
        "my-submissions": "/propositions/",
        "new-submission-form": f"/evenements/{DEMO}/appel/proposer/",
        "draft-submission-form": draft.get_absolute_url(),
    }[name]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SPEAKER_PAGES)
def test_speaker_page_has_no_accessibility_violation(
    name: str,
    language: str,
    speaker: User,
    draft: Submission,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    log_in(page, speaker.email)

    visit(f"{LANGUAGES[language]}{speaker_page_path(name, draft)}")

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    if name == "my-submissions":
        expect(page.get_by_role("link", name=draft.title)).to_be_visible()
    else:
        expect(page.locator("main form fieldset:not([disabled])")).to_have_count(2)
    axe(page)
    assert_aria_references_resolve(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_of_the_questions_asked_of_each_speaker_have_no_accessibility_violation(
    language: str,
    speaker: User,
    draft: Submission,
    page: Page,
    another_visitor: Callable[[], Page],
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    """The co-speaker's own answers and « Mes propositions »; the owner's form saying what
    the co-speaker still owes."""
    draft.call.questions.create(
        label="Déjà intervenu ?",
        kind=Question.Kind.BOOLEAN,
        target=Question.Target.SPEAKER,
        required=True,
    )
    co_speaker = UserFactory(email="co@example.org", first_name="Léo", last_name="Petit")
    EmailAddress.objects.create(user=co_speaker, email=co_speaker.email, verified=True)
    draft.speakers.create(name="Léo Petit", email=co_speaker.email, user=co_speaker, position=1)
    log_in(page, co_speaker.email)

    for path in (f"/propositions/{draft.pk}/mes-reponses/", "/propositions/"):
        visit(f"{LANGUAGES[language]}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe(page)
        assert_aria_references_resolve(page)
    owner = another_visitor()
    log_in(owner, speaker.email)
    owner.goto(f"{LANGUAGES[language]}{draft.get_absolute_url()}")
    expect(owner.locator("#reponses-attendues")).to_contain_text("Léo Petit")
    axe(owner)
    assert_aria_references_resolve(owner)


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_submission_form_has_no_accessibility_violation_once_refused_incomplete(
    language: str,
    speaker: User,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    log_in(page, speaker.email)
    path = f"{LANGUAGES[language]}/evenements/{DEMO}/appel/proposer/"
    visit(path)

    page.locator("main form button[value=submit]").click()

    # The draft is kept and opened on its own page, with what is missing to send it.
    expect(page).to_have_url(re.compile(r"/propositions/\d+/$"))
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)
    assert_aria_references_resolve(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["my-reviews", "review-form"])
def test_reviewer_page_has_no_accessibility_violation(
    name: str,
    language: str,
    review: Review,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    log_in(page, review.reviewer.email)

    path = "/relecture/" if name == "my-reviews" else f"/relecture/{review.pk}/"
    visit(f"{LANGUAGES[language]}{path}")

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    if name == "review-form":
        expect(page.locator("fieldset.score")).to_have_count(
            3
        )  # the demo call's criteria, as radios
    axe(page)
    assert_aria_references_resolve(page)


@pytest.mark.reads_demo
@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/comptes/login/", id="login"),
        pytest.param("/comptes/signup/", id="signup"),
        pytest.param(f"/evenements/{DEMO}/inscription/", id="registration-form"),
        pytest.param("/glossaire/?secteur=inconnu", id="glossary-unknown-sector"),
        pytest.param("/structures/?departement=999&type=zz", id="directory-with-bad-filter-values"),
    ],
)
def test_form_fields_are_described_by_help_texts_and_errors_present_on_the_page(
    path: str, page: Page, visit: Callable[[str], Page]
) -> None:
    visit(path)

    assert_aria_references_resolve(page)


@pytest.mark.reads_demo
@pytest.mark.parametrize(("path", "language"), pages_in_every_language(MAIN_PAGES))
def test_skip_link_leads_to_the_main_content_and_the_page_fits_a_320_pixel_wide_screen(
    path: str,
    language: str,
    page: Page,
    visit: Callable[[str], Page],
    map_ready: Callable[[Page], int],
) -> None:
    visit(path)

    page.keyboard.press("Tab")

    skip_link = page.locator(":focus")
    expect(skip_link).to_have_class("skip-link")
    expect(skip_link).to_have_attribute("href", "#contenu")
    expect(skip_link).to_have_text("Aller au contenu" if language == "fr" else "Skip to content")
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator(":focus")).to_have_id("contenu")
    expect(page.locator("main")).to_have_id("contenu")

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.closest('main') !== null"), (
        "the next Tab after the skip link should stay in the main content, not go back to the "
        "header"
    )

    # The same page on a 320 px wide screen (the layout follows the width: media queries,
    # and the map's container, which Leaflet measures again on resize).
    page.set_viewport_size({"width": 320, "height": 640})
    if page.locator("[data-map]").count():
        map_ready(page)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 320, f"{path} is {scroll_width} px wide at 320 px"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["new-submission-form", "draft-submission-form"])
def test_submission_form_fits_a_320_pixel_wide_screen(
    name: str,
    language: str,
    speaker: User,
    draft: Submission,
    page: Page,
    visit: Callable[[str], Page],
) -> None:
    log_in(page, speaker.email)
    page.set_viewport_size({"width": 320, "height": 640})
    visit(f"{LANGUAGES[language]}{speaker_page_path(name, draft)}")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 320, f"the {name} is {scroll_width} px wide at 320 px"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [1280, 375])
def test_programme_grid_and_talk_page_have_no_accessibility_violation(
    language: str,
    width: int,
    page: Page,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    from events.services import schedule
    from tests.events.programme_data import confirmed_submission, make_programme

    programme = make_programme()
    talk = schedule.place_talk(
        submission=confirmed_submission(programme, "La pair-aidance à l'hôpital"),
        session=programme.sessions[1],
    )
    schedule.publish_programme(event=programme.event)
    page.set_viewport_size({"width": width, "height": 900})

    visit(f"{LANGUAGES[language]}/evenements/{programme.event.slug}/programme/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page)
    visit(f"{LANGUAGES[language]}/evenements/{programme.event.slug}/programme/?type=atelier")
    axe(page)
    visit(f"{LANGUAGES[language]}{talk.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("La pair-aidance")
    axe(page)
