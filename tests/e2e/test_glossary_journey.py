"""A visitor looks a role up in the glossary, reads it, then compares it with another."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

MSP = "Médiateur de santé pair"


def test_visitor_finds_a_role_from_the_home_page_reads_it_and_compares_it_with_pair_aidant(
    page: Page, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    visit("/")
    axe(page)

    page.get_by_label("Rechercher dans le glossaire").fill("médiateur")
    page.get_by_role("button", name="Rechercher", exact=True).click()

    expect(page).to_have_url(re.compile(r"/glossaire/\?q=m%C3%A9diateur$"))
    results = page.locator(".entries")
    expect(results.get_by_role("heading", name=MSP)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Rechercher", exact=True)).to_have_value("médiateur")
    axe(page)

    results.get_by_role("link", name=MSP, exact=True).click()

    expect(page).to_have_url(re.compile(r"/glossaire/mediateur-de-sante-pair/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{MSP} (MSP)")
    definition = page.get_by_role("region", name="Définition")
    expect(definition).to_contain_text(
        "Rôle et statut d'une personne ayant l'expérience vécue de troubles psychiques"
    )
    portraits = page.get_by_role("region", name="Portraits")
    expect(portraits.get_by_role("figure")).to_contain_text("Sébastien, médiateur de santé pair")
    expect(portraits.get_by_role("blockquote")).to_contain_text("Je suis Sébastien, j'ai 31 ans")
    axe(page)

    page.get_by_role("link", name=f"Comparer « {MSP} » avec une autre entrée").click()

    expect(page).to_have_url(re.compile(r"/glossaire/comparer/\?roles=mediateur-de-sante-pair$"))
    expect(page.get_by_role("alert")).to_contain_text("Choisissez au moins deux entrées")
    expect(page.get_by_role("checkbox", name=f"{MSP} (MSP)")).to_be_checked()
    axe(page)

    page.get_by_role("checkbox", name="Pair-aidant", exact=True).check()
    page.get_by_role("button", name="Comparer", exact=True).click()

    table = page.get_by_role("table", name=re.compile("^Comparaison"))
    expect(table.get_by_role("columnheader")).to_have_text([f"{MSP} (MSP)", "Pair-aidant"])
    expect(table.get_by_role("rowheader").first).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    axe(page)


def test_visitor_compares_two_entries_ticked_in_the_glossary_list(
    page: Page, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    visit("/glossaire/")
    axe(page)

    page.get_by_role("checkbox", name="Comparer « Patient partenaire »", exact=True).check()
    page.get_by_role("checkbox", name="Comparer « Représentant des usagers »", exact=True).check()
    page.get_by_role("button", name="Comparer les entrées cochées").click()

    expect(page).to_have_url(
        re.compile(
            r"/glossaire/comparer/\?roles=patient-partenaire&roles=representant-des-usagers$"
        )
    )
    table = page.get_by_role("table", name=re.compile("^Comparaison"))
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Patient partenaire (PP)", "Représentant des usagers (RU)"]
    )
    axe(page)


def test_english_visitor_reads_the_interface_in_english_and_the_content_in_french(
    page: Page, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    visit("/en/glossaire/mediateur-de-sante-pair/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{MSP} (MSP)")
    expect(page.get_by_role("heading", level=1).locator("span")).to_have_attribute("lang", "fr")
    axe(page)

    page.get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r"/glossaire/mediateur-de-sante-pair/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
