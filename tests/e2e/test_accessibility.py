"""Every public page passes axe-core (WCAG 2.1 A and AA), in French and in English.

Pages with a map are checked once Leaflet has drawn it, so its markup is checked too.
Also: the main pages fit a 320 px wide screen without horizontal scrolling, and the skip
link is the first thing the keyboard reaches and takes it to the main content.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from network.models import EngagementRole
from structures.models import PressDossier

LANGUAGES = {"fr": "", "en": "/en"}

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
}


def pages_in_every_language(pages: dict[str, str]) -> list[pytest.param]:
    return [
        pytest.param(f"{prefix}{path}", language, id=f"{language}-{name}")
        for language, prefix in LANGUAGES.items()
        for name, path in pages.items()
    ]


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
    PressDossier.objects.update(status=PressDossier.Status.RENDERING, progress=40)

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


@pytest.mark.parametrize(("path", "language"), pages_in_every_language(MAIN_PAGES))
def test_page_fits_a_320_pixel_wide_screen(
    path: str,
    language: str,
    page: Page,
    visit: Callable[[str], Page],
    map_ready: Callable[[Page], int],
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    visit(path)
    if page.locator("[data-map]").count():
        map_ready(page)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 320, f"{path} is {scroll_width} px wide at 320 px"


@pytest.mark.parametrize(("path", "language"), pages_in_every_language(MAIN_PAGES))
def test_skip_link_is_reached_first_and_moves_focus_to_the_main_content(
    path: str, language: str, page: Page, visit: Callable[[str], Page]
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
