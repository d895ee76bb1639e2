"""A coordinator places confirmed talks in the programme's grid, is told of a speaker
double-booked, fixes it and publishes; a visitor reads the grid on a phone, opens a talk
and downloads its calendar entry. After the event, a coordinator checks two registrants in
and sends the certificates; a registrant opens theirs and verifies its code."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import Certificate, Registration, Talk
from network.models import User
from network.permissions import COORDINATORS
from tests.e2e.conftest import PASSWORD, mails_to
from tests.events.programme_data import confirmed_submission, make_programme
from tests.factories import UserFactory


@pytest.fixture
def coordinator(site_url: str) -> User:
    user = UserFactory(email="coordination@example.org", is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


def admin_log_in(page: Page, user: User) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").last.click()


def place(page: Page, grid: str, title: str, session: int) -> None:
    page.goto(grid)
    page.locator("select[name=submission]").select_option(label=title)
    page.locator("select[name=session]").select_option(value=str(session))
    page.get_by_role("button", name="Placer").click()


def test_a_programme_is_built_published_and_read_on_a_phone(
    page: Page, coordinator: User, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    programme = make_programme()
    julie = (("Julie Cachard", "julie@example.org"),)
    hospital = "La pair-aidance à l'hôpital"
    confirmed_submission(programme, hospital, speakers=julie, with_account=True)
    confirmed_submission(programme, "Représenter les usagers", speakers=julie)
    grid = f"/admin/events/session/grille/{programme.event.pk}/"
    admin_log_in(page, coordinator)

    opening, workshop_a, workshop_b = (s.pk for s in programme.sessions)
    place(page, grid, "La pair-aidance à l'hôpital", workshop_a)
    place(page, grid, "Représenter les usagers", workshop_b)
    expect(page.locator(".errorlist")).to_contain_text("Julie Cachard intervient dans")
    page.get_by_role("button", name="Publier le programme").click()
    expect(page.locator(".messagelist")).to_contain_text("Publication refusée")

    place(page, grid, "Représenter les usagers", opening)
    expect(page.get_by_text("Aucun conflit.")).to_be_visible()
    page.get_by_role("button", name="Publier le programme").click()
    expect(page.locator(".messagelist")).to_contain_text("Le programme est publié.")

    page.set_viewport_size({"width": 375, "height": 800})
    visit(f"/evenements/{programme.event.slug}/programme/")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="La pair-aidance à l'hôpital").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La pair-aidance à l'hôpital")
    axe(page)
    link = page.get_by_role("link", name="Ajouter à mon agenda (iCal)")
    ical = page.request.get(link.get_attribute("href") or "")
    assert "DTEND" in ical.text() and "LOCATION:Amphithéâtre" in ical.text()
    page.locator(".speakers").get_by_role("link", name="Julie Cachard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Julie Cachard")
    axe(page)
    assert Talk.objects.count() == 2


def test_registrants_are_checked_in_and_receive_verifiable_certificates(
    page: Page, coordinator: User, visit: Callable[[str], Page], axe: Callable[[Page], None]
) -> None:
    event = make_programme().event
    event.starts_at = timezone.now() - datetime.timedelta(days=1, hours=8)
    event.ends_at = timezone.now() - datetime.timedelta(days=1)
    event.save()
    for name in ("Alice Martin", "Bruno Petit", "Chloé Absente"):
        Registration.objects.create(
            event=event,
            name=name,
            email=name.split()[0].lower() + "@example.org",
            status=Registration.Status.CONFIRMED,
        )
    admin_log_in(page, coordinator)

    page.set_viewport_size({"width": 375, "height": 800})
    visit(f"/evenements/{event.slug}/pointage/")
    axe(page)
    for name in ("Alice", "Bruno"):
        page.get_by_label("Nom ou adresse e-mail").fill(name)
        page.get_by_role("button", name="Chercher").click()
        page.get_by_role("button", name=re.compile(f"Pointer {name}")).click()
        expect(page.locator(".messages")).to_contain_text("est pointé présent")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/events/event/")
    page.locator(f"input[name=_selected_action][value='{event.pk}']").check()
    page.locator("select[name=action]").select_option("start_certificates")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("attestations en cours")
    page.goto("/admin/events/certificaterun/")
    expect(page.locator("progress")).to_have_attribute("value", "100")

    (mail,) = mails_to("alice@example.org")
    found = re.search(r"https?://[^/\s]+(/attestations/[^/\s]+/attestation\.pdf)", mail.body)
    assert found, mail.body
    pdf = page.request.get(found.group(1))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert not Certificate.objects.filter(registration__name="Chloé Absente").exists()

    code = Certificate.objects.get(registration__name="Alice Martin").code
    visit(f"/attestations/verifier/?code={code}")
    expect(page.get_by_role("status")).to_contain_text("Attestation authentique : Alice Martin")
    axe(page)


def test_a_talk_is_placed_by_drag_and_drop_as_an_enhancement_of_the_form(
    page: Page, coordinator: User
) -> None:
    programme = make_programme()
    submission = confirmed_submission(programme, "Glissée sur l'atelier B")
    admin_log_in(page, coordinator)
    page.goto(f"/admin/events/session/grille/{programme.event.pk}/")

    page.locator(f"li[data-submission='{submission.pk}']").drag_to(
        page.locator(f"[data-session='{programme.sessions[2].pk}']")
    )

    expect(page.locator(".messagelist")).to_contain_text("est placée")
    talk = Talk.objects.get(submission=submission)
    assert talk.session == programme.sessions[2]
