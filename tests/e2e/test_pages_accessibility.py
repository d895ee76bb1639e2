"""The pages added by the public face (information pages, accounts, programme, speakers,
certificates, territories…) pass axe-core in French and English at 1280 and 375 px, fit
the screen and have one h1; a form sent empty brings the focus to the error summary, whose
links lead to the fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from events.models import SpeakerProfile
from tests.e2e.conftest import (
    PageProblems,
    assert_aria_references_resolve,
    axe_violations,
    format_violations,
    log_in,
)
from tests.e2e.test_accessibility import MAP_PAGES, PUBLIC_PAGES
from tests.factories import UserFactory

LANGUAGES = {"fr": "", "en": "/en"}
PAGES = {
    "legal-notice": "/mentions-legales/",
    "privacy": "/confidentialite/",
    "accessibility": "/accessibilite/",
    "contact": "/contact/",
    "site-map": "/plan-du-site/",
}


@pytest.mark.reads_demo
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
# Behind a login (a speaker's).
ACCOUNT_PAGES = {
    "account-emails": "/comptes/email/",
    "password-change": "/comptes/password/change/",
    "speaker-profile": "/propositions/profil/",
}
WIDTHS = [1280, 375]
PROFILE = {
    "display_name": "Julie Cachard",
    "organisation": "Une maison de santé",
    "bio": "Patiente partenaire.",
    "links": "https://example.org/",
}
# Checked at 1280 px in both languages by test_accessibility (axe, language, one h1).
CHECKED_AT_1280 = {*PUBLIC_PAGES.values(), *MAP_PAGES.values()}


def _programme_pages() -> dict[str, str]:
    """A published programme: its grid, a talk, its speakers."""
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
    SpeakerProfile.objects.create(user=speaker, **PROFILE)
    pages = {
        "programme": f"/evenements/{slug}/programme/",
        "programme-filtered": f"/evenements/{slug}/programme/?type=atelier",
        "talk": talk.get_absolute_url(),
        "speakers": f"/evenements/{slug}/intervenants/",
        "speaker": f"/evenements/{slug}/intervenants/{speaker.pk}/",
    }
    return pages


def _problems_of(page: Page, path: str, language: str, width: int, axe_source: str) -> list[str]:
    """What is wrong with one page at one width: its answer, its language, axe's
    violations, its width, its h1."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(path)
    where = f"{path} at {width} px"
    if response is None or response.status != 200:
        return [f"{where}: answered {response.status if response else 'nothing'}"]
    if page.locator("#carte").count():
        expect(page.locator("#carte")).to_have_class(re.compile(r"\bmap-ready\b"))
    problems = []
    if page.locator("html").get_attribute("lang") != language:
        problems.append(f"{where}: not in {language}")
    violations = axe_violations(page, axe_source)
    if violations:
        problems.append(f"{where}:\n{format_violations(violations)}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{where}: {scroll_width} px wide")
    if page.get_by_role("heading", level=1).count() != 1:
        problems.append(f"{where}: not one h1")
    return problems


def _problems_everywhere(page: Page, paths: Iterable[str], axe_source: str) -> list[str]:
    """``_problems_of`` each page in each language at each width."""
    return [
        problem
        for path in paths
        for language, prefix in LANGUAGES.items()
        for width in WIDTHS
        for problem in _problems_of(page, f"{prefix}{path}", language, width, axe_source)
    ]


@pytest.mark.reads_demo
@pytest.mark.parametrize("path", NEW_PAGES.values(), ids=NEW_PAGES.keys())
def test_new_page_is_axe_clean_in_both_languages_at_both_widths(
    path: str, page: Page, page_problems: PageProblems, axe_source: str
) -> None:
    """Every problem collected, then reported. At 1280 px, the pages test_accessibility
    already checks there (same checks but the width) are not visited again."""
    widths = [375] if path in CHECKED_AT_1280 else WIDTHS
    problems = [
        problem
        for language, prefix in LANGUAGES.items()
        for width in widths
        for problem in _problems_of(page, f"{prefix}{path}", language, width, axe_source)
    ]
    problems += page_problems.all()

    assert not problems, f"problems on {path}:\n" + "\n".join(problems)


def test_programme_pages_are_axe_clean_in_both_languages_at_both_widths(
    page: Page, page_problems: PageProblems, axe_source: str
) -> None:
    problems = _problems_everywhere(page, _programme_pages().values(), axe_source)
    problems += page_problems.all()

    assert not problems, "problems on the programme's pages:\n" + "\n".join(problems)


def test_account_pages_are_axe_clean_in_both_languages_at_both_widths(
    page: Page, page_problems: PageProblems, axe_source: str
) -> None:
    """The pages of a logged-in speaker, her filled-in profile included."""
    speaker = UserFactory(email="julie.cachard@example.org")
    EmailAddress.objects.create(user=speaker, email=speaker.email, verified=True, primary=True)
    SpeakerProfile.objects.create(user=speaker, **PROFILE)
    log_in(page, speaker.email)
    problems = _problems_everywhere(page, ACCOUNT_PAGES.values(), axe_source)
    problems += page_problems.all()

    assert not problems, "problems on the account pages:\n" + "\n".join(problems)


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
