"""The information pages (legal notice, privacy, accessibility, contact, site map) pass
axe-core in French and English; an empty contact form or login brings the focus to the
error summary, whose links lead to the fields."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from events.models import SpeakerProfile
from network.models import User
from tests.e2e.conftest import (
    PASSWORD,
    PageProblems,
    assert_aria_references_resolve,
    axe_violations,
    format_violations,
    log_in,
)
from tests.factories import UserFactory

LANGUAGES = {"fr": "", "en": "/en"}
PAGES = {
    "legal-notice": "/mentions-legales/",
    "privacy": "/confidentialite/",
    "accessibility": "/accessibilite/",
    "contact": "/contact/",
    "site-map": "/plan-du-site/",
}


@pytest.mark.parametrize(
    ("path", "language"),
    [
        pytest.param(f"{prefix}{path}", language, id=f"{language}-{name}")
        for language, prefix in LANGUAGES.items()
        for name, path in PAGES.items()
    ],
)
def test_information_page_has_no_accessibility_violation(
    path: str, language: str, page: Page, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    visit(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe(page)


@pytest.mark.parametrize(
    ("path", "field"),
    [("/contact/", "#id_name"), ("/comptes/login/", "#id_login")],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_form_brings_the_focus_to_the_error_summary(
    path: str,
    field: str,
    language: str,
    page: Page,
    page_problems: PageProblems,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    url = f"{LANGUAGES[language]}{path}"
    visit(url)
    page_problems.expect_refusal(url)

    page.locator("main form button[type=submit]").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    axe(page)
    assert_aria_references_resolve(page)
    summary.locator(f'a[href="{field}"]').click()
    expect(page.locator(field)).to_be_focused()


@pytest.mark.parametrize(
    "path", ["/contact/", "/en/confidentialite/", "/comptes/signup/", "/en/comptes/login/"]
)
@pytest.mark.parametrize("width", [375, 1280])
def test_information_and_account_pages_fit_the_screen(
    path: str, width: int, page: Page, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    visit(path)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= width, f"{path} is {scroll_width} px wide at {width} px"
    axe(page)


# The pages added by the public face's issues (speakers, programme, certificates, territories,
# structure pages, information pages, accounts), in both languages at both widths.
NEW_PAGES = {
    **PAGES,
    "login": "/comptes/login/",
    "signup": "/comptes/signup/",
    "password-reset": "/comptes/password/reset/",
    "directory": "/structures/",
    "structure": "/structures/la-case-de-sante/",
    "structure-without-pin": "/structures/msp-allymes/",
    "press-dossier": "/structures/dossier-de-presse/",
    "training-page": "/informations/formation-ru-et-patients-partenaires/",
    "territories": "/experiences/territoires/",
    "certificate-verification": "/attestations/verifier/",
    "certificate-verification-answered": "/attestations/verifier/?code=ZZZZ2345",
}
# Behind a login (the speaker of the programme's talk).
ACCOUNT_PAGES = {
    "account-emails": "/comptes/email/",
    "password-change": "/comptes/password/change/",
    "speaker-profile": "/propositions/profil/",
}
WIDTHS = [1280, 375]


def _programme_pages() -> tuple[dict[str, str], User]:
    """A published programme: its grid, a talk, its speakers; and the talk's speaker."""
    from events.services import schedule
    from tests.events.programme_data import confirmed_submission, make_programme

    programme = make_programme()
    talk = schedule.place_talk(
        submission=confirmed_submission(programme, "La pair-aidance à l'hôpital"),
        session=programme.sessions[1],
    )
    schedule.publish_programme(event=programme.event)
    slug = programme.event.slug
    speaker = talk.submission.owner
    talk.submission.speakers.update(user=speaker)  # the owner speaks: their page is public
    SpeakerProfile.objects.create(
        user=speaker,
        display_name="Julie Cachard",
        organisation="Une maison de santé",
        bio="Patiente partenaire.",
        links="https://example.org/",
    )
    pages = {
        "programme": f"/evenements/{slug}/programme/",
        "programme-filtered": f"/evenements/{slug}/programme/?type=atelier",
        "talk": talk.get_absolute_url(),
        "speakers": f"/evenements/{slug}/intervenants/",
        "speaker": f"/evenements/{slug}/intervenants/{speaker.pk}/",
    }
    return pages, speaker


def _problems_of(page: Page, path: str, width: int, axe_source: str) -> list[str]:
    """What is wrong with one page at one width: its answer, axe's violations, its width."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(path)
    where = f"{path} at {width} px"
    if response is None or response.status != 200:
        return [f"{where}: answered {response.status if response else 'nothing'}"]
    if page.locator("#carte").count():
        expect(page.locator("#carte")).to_have_class(re.compile(r"\bmap-ready\b"))
    problems = []
    violations = axe_violations(page, axe_source)
    if violations:
        problems.append(f"{where}:\n{format_violations(violations)}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{where}: {scroll_width} px wide")
    if page.get_by_role("heading", level=1).count() != 1:
        problems.append(f"{where}: not one h1")
    return problems


def test_every_new_page_is_axe_clean_in_both_languages_at_both_widths(
    page: Page, page_problems: PageProblems, axe_source: str
) -> None:
    """One browser page for all of them (fast); every problem collected, then reported."""
    programme_pages, speaker = _programme_pages()
    EmailAddress.objects.get_or_create(
        user=speaker, email=speaker.email, defaults={"verified": True, "primary": True}
    )
    speaker.set_password(PASSWORD)
    speaker.save(update_fields=["password"])
    problems: list[str] = []
    for pages in ({**NEW_PAGES, **programme_pages}, ACCOUNT_PAGES):
        if pages is ACCOUNT_PAGES:
            log_in(page, speaker.email)
        for path in pages.values():
            for prefix in LANGUAGES.values():
                for width in WIDTHS:
                    problems += _problems_of(page, f"{prefix}{path}", width, axe_source)
    problems += page_problems.all()

    assert not problems, "problems on the new pages:\n" + "\n".join(problems)


# Forms of each kind, sent empty: (path, the button that sends it, whether one logs in first).
DEMO_EVENT = "demonstration-journee-etudes"
DEMO_CAMPAIGN = "retours-experiences-demarches-participatives"
FORMS_SENT_EMPTY = [
    ("/contact/", "main form button[type=submit]"),
    ("/comptes/signup/", "main form button[type=submit]"),
    (f"/evenements/{DEMO_EVENT}/inscription/", "main form button[type=submit]"),
    (f"/experiences/{DEMO_CAMPAIGN}/participer/", "main form button[value=submit]"),
    (f"/experiences/{DEMO_CAMPAIGN}/retrouver/", "main form button[type=submit]"),
]
FORMS_SENT_EMPTY_LOGGED_IN = [
    (f"/evenements/{DEMO_EVENT}/appel/proposer/", "main form button[value=submit]"),
]
# What holds the focus: its id, else its class.
_ACTIVE = "() => document.activeElement.id || document.activeElement.className"


def _focus_problems(page: Page, page_problems: PageProblems, path: str, button: str) -> list[str]:
    """Send a form empty: the summary must hold the focus, and each of its links move the
    focus to its field."""
    page.goto(path)
    page_problems.expect_refusal(path)
    page.locator(button).click()
    page.wait_for_load_state("load")
    if page.locator(".error-summary").count() != 1:
        return [f"{path}: no error summary once sent empty"]
    problems = []
    if page.evaluate(_ACTIVE) != "error-summary":
        problems.append(f"{path}: the focus is on {page.evaluate(_ACTIVE)!r}, not the summary")
    links = page.locator(".error-summary a")
    if links.count() == 0:
        problems.append(f"{path}: the summary links to no field")
    for index in range(links.count()):
        target = (links.nth(index).get_attribute("href") or "").lstrip("#")
        links.nth(index).click()
        if page.evaluate(_ACTIVE) != target:
            problems.append(
                f"{path}: the link to #{target} left the focus on {page.evaluate(_ACTIVE)!r}"
            )
    return problems


def test_forms_sent_empty_bring_the_focus_to_the_summary_whose_links_reach_the_fields(
    page: Page, page_problems: PageProblems
) -> None:
    """A handful of forms of each kind (a formset, radios and checkboxes, allauth, a honeypot)
    in one browser page; every problem collected, then reported."""
    speaker = UserFactory(email="intervenante.resume@example.org")
    EmailAddress.objects.create(user=speaker, email=speaker.email, verified=True, primary=True)
    problems: list[str] = []
    for path, button in FORMS_SENT_EMPTY:
        problems += _focus_problems(page, page_problems, path, button)
    log_in(page, str(speaker.email))
    for path, button in FORMS_SENT_EMPTY_LOGGED_IN:
        problems += _focus_problems(page, page_problems, path, button)
    problems += page_problems.all()

    assert not problems, "error summaries in the browser:\n" + "\n".join(problems)
