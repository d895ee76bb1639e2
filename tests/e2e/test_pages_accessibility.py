"""The information pages (legal notice, privacy, accessibility, contact, site map) pass
axe-core in French and English; an empty contact form or login brings the focus to the
error summary, whose links lead to the fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems, assert_aria_references_resolve

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
