"""A visitor registers to the demonstration study day from its page, without an account,
and confirms through the link of the mail."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from events.models import Registration
from tests.e2e.conftest import mails_to

DEMO = "demonstration-journee-etudes"
EMAIL = "camille.durand@example.org"


def test_visitor_registers_to_an_event_and_confirms_through_the_mailed_link(
    page: Page, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    visit(f"/evenements/{DEMO}/")
    axe(page)

    page.get_by_role("link", name="S'inscrire").click()

    expect(page).to_have_url(re.compile(rf"/evenements/{DEMO}/inscription/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscription")
    axe(page)
    page.get_by_label("Nom").fill("Camille Durand")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Structure").fill("La Case de Santé")
    page.get_by_label("Besoins d'accessibilité").fill("Sous-titrage des interventions")
    page.get_by_role("button", name="M'inscrire").click()

    expect(page).to_have_url(re.compile(rf"/evenements/{DEMO}/$"))
    expect(page.locator(".messages")).to_contain_text("confirmez votre inscription")
    axe(page)
    registration = Registration.objects.get(event__slug=DEMO, email=EMAIL)
    assert registration.status == Registration.Status.PENDING  # no place taken yet
    (request,) = mails_to(EMAIL)
    link = re.search(r"https?://\S+(/inscriptions/confirmer/\S+/)", request.body)
    assert link is not None

    visit(link.group(1))
    axe(page)
    page.get_by_role("button", name="Confirmer mon inscription").click()

    expect(page).to_have_url(re.compile(rf"/evenements/{DEMO}/$"))
    expect(page.locator(".messages")).to_have_text(
        "Vous êtes inscrit. Un courriel de confirmation vous est envoyé."
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.accessibility_needs == "Sous-titrage des interventions"
    _request, confirmation = mails_to(EMAIL, at_least=2)
    assert "/inscriptions/annuler/" in confirmation.body
