"""A speaker answers the demonstration call for papers, from signing up to the programme.

She signs up and verifies her address from the mail, drafts a proposal (the button, then
the autosave), sends it and edits it; once the deadline has passed nothing changes any
more. A coordinator accepts it in the admin and sends the decision; the speaker confirms
and her talk appears in the event's programme.

The mails are real: allauth's and the platform's go through the outbox, Celery is eager
and the live server's deliveries end in ``django.core.mail.outbox``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, Request, expect

from events.models import CallForPapers, Submission
from network.models import User
from network.permissions import COORDINATORS
from tests.e2e.conftest import PASSWORD as FACTORY_PASSWORD
from tests.e2e.conftest import assert_aria_references_resolve, log_in, mails_to
from tests.factories import UserFactory

DEMO = "demonstration-journee-etudes"
EMAIL = "ines.martin@example.org"
PASSWORD = "Participer-en-sante-2025"
TITLE = "Des pairs-aidants dans une équipe de soins"
ABSTRACT = "Trois ans de pair-aidance dans un service hospitalier : ce qui a changé."
NEW_TITLE = "Des pairs-aidants dans une équipe de soins : trois ans après"
SAVED_AT = re.compile(r"^Brouillon enregistré à \d{2}:\d{2}\.$")


@pytest.fixture
def coordinator(site_url: str) -> User:
    """A coordinator of the network: staff, in the group, with a verified address."""
    user = UserFactory(email="coordination@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_up_and_verify(page: Page, axe: Callable[[Page], None]) -> None:
    page.goto("/comptes/signup/")
    axe(page)
    form = page.locator("main form")
    form.get_by_label("Courriel").fill(EMAIL)
    form.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    form.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    form.get_by_role("button", name="Création de compte").click()

    expect(page).to_have_url(re.compile(r"/comptes/confirm-email/$"))
    axe(page)
    (verification,) = mails_to(EMAIL)
    links = re.findall(r"https?://\S+/comptes/confirm-email/\S+/", verification.body)
    assert links, f"no verification link in:\n{verification.body}"
    page.goto(urlsplit(links[0]).path)
    axe(page)
    confirm = page.locator("main form").get_by_role("button")
    if confirm.count():
        confirm.click()

    expect(page.get_by_role("link", name="Se déconnecter")).to_be_visible()
    assert EmailAddress.objects.get(email=EMAIL).verified


def test_speaker_signs_up_proposes_a_talk_is_accepted_confirms_and_is_in_the_programme(
    coordinator: User,
    page: Page,
    another_visitor: Callable[[], Page],
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    sign_up_and_verify(page, axe)

    visit(f"/evenements/{DEMO}/appel/")
    expect(page.get_by_role("status")).to_contain_text("Clôture dans")
    axe(page)
    page.get_by_role("link", name="Proposer une communication").click()

    expect(page).to_have_url(re.compile(rf"/evenements/{DEMO}/appel/proposer/$"))
    axe(page)
    assert_aria_references_resolve(page)
    page.get_by_label("Titre", exact=True).fill(TITLE)
    # A new account has no name (sign-up asks for none), so the first speaker's is empty,
    # and required even for a draft.
    first_speaker = page.locator(".speaker").first
    expect(first_speaker.get_by_label("Adresse e-mail")).to_have_value(EMAIL)
    first_speaker.get_by_label("Nom", exact=True).fill("Inès Martin")
    page.get_by_role("button", name="Enregistrer le brouillon").click()

    expect(page).to_have_url(re.compile(r"/propositions/\d+/$"))
    expect(page.locator(".messages")).to_have_text("Brouillon enregistré.")
    submission = Submission.objects.get(owner__email=EMAIL)
    assert (submission.title, submission.state) == (TITLE, Submission.State.DRAFT)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe(page)

    # Autosave: the abstract is saved as she types, without the button.
    page.get_by_label("Résumé").fill(ABSTRACT)

    expect(page.locator("#etat-brouillon")).to_have_text(SAVED_AT)
    submission.refresh_from_db()
    assert submission.abstract == ABSTRACT
    page.reload()
    expect(page.get_by_label("Résumé")).to_have_value(ABSTRACT)
    axe(page)
    assert_aria_references_resolve(page)

    page.get_by_label("Thématique").select_option(index=1)
    page.get_by_label("Type de contribution").select_option(label="Actions concrètes")
    page.get_by_role("button", name="Envoyer la proposition").click()

    expect(page.locator(".messages")).to_contain_text("Proposition envoyée")
    submission.refresh_from_db()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.contribution_kind is not None
    assert submission.contribution_kind.name == "Actions concrètes"
    mails_to(EMAIL, at_least=2)  # the verification, then the receipt
    axe(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes propositions"
    ).click()

    expect(page).to_have_url(re.compile(r"/propositions/$"))
    row = page.get_by_role("row", name=re.compile(re.escape(TITLE)))
    expect(row).to_contain_text("Envoyée")
    axe(page)

    row.get_by_role("link", name=TITLE).click()
    page.get_by_label("Titre", exact=True).fill(NEW_TITLE)
    page.get_by_role("button", name="Enregistrer les modifications").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    submission.refresh_from_db()
    assert (submission.title, submission.state) == (NEW_TITLE, Submission.State.SUBMITTED)

    # The deadline passes (the live server shares the database).
    CallForPapers.objects.filter(event__slug=DEMO).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    page.reload()

    expect(page.get_by_role("alert")).to_contain_text(
        "L'appel à communications est clos : cette proposition ne peut plus être modifiée."
    )
    expect(page.locator("main form fieldset[disabled]")).to_have_count(2)
    expect(page.get_by_label("Titre", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Enregistrer le brouillon")).to_have_count(0)
    axe(page)

    # Even a form posted by hand (the fieldsets re-enabled) changes nothing.
    fields = page.evaluate(
        """() => {
          const form = document.querySelector("main form.submission-form").cloneNode(true);
          form.querySelectorAll("fieldset").forEach((set) => set.removeAttribute("disabled"));
          const fields = [...new FormData(form)].filter(([, value]) => typeof value === "string");
          return Object.fromEntries(fields);
        }"""
    )
    before = Submission.objects.get(pk=submission.pk)
    response = page.request.post(
        page.url, form={**fields, "title": "Modifié après la date limite", "action": "save"}
    )

    assert response.status == 400
    assert "L&#x27;appel à communications est clos" in response.text()
    after = Submission.objects.get(pk=submission.pk)
    assert (after.title, after.updated_at) == (NEW_TITLE, before.updated_at)

    # A coordinator accepts the proposal in the admin, then sends the decision.
    admin = another_visitor()
    admin.goto("/admin/login/?next=/admin/events/submission/")
    admin.locator("#id_username").fill(coordinator.email)
    admin.locator("#id_password").fill(FACTORY_PASSWORD)
    admin.get_by_role("button", name="Connexion").click()

    expect(admin).to_have_url(re.compile(r"/admin/events/submission/$"))
    expect(admin.locator("#result_list")).to_contain_text(NEW_TITLE)
    for action, message in [
        ("Préparer : accepter", "1 décision(s) préparée(s), rien n'est encore envoyé."),
        ("Envoyer les décisions préparées", "1 décision(s) envoyée(s) par courriel."),
    ]:
        admin.locator(f"input[name=_selected_action][value='{submission.pk}']").check()
        admin.locator("select[name=action]").select_option(label=action)
        admin.get_by_role("button", name="Envoyer").click()
        expect(admin.locator(".messagelist")).to_contain_text(message)
        if action.startswith("Préparer"):
            submission.refresh_from_db()
            assert submission.staged_decision == Submission.Decision.ACCEPT
            assert submission.state == Submission.State.SUBMITTED, "nothing sent yet"

    submission.refresh_from_db()
    assert (submission.state, submission.staged_decision) == (Submission.State.ACCEPTED, "")
    assert NEW_TITLE in mails_to(EMAIL, at_least=4)[-1].body  # …receipts, then the decision

    # The speaker comes back on another device and confirms.
    speaker = another_visitor()
    speaker.goto(submission.get_absolute_url())
    expect(speaker).to_have_url(re.compile(r"/comptes/login/"))
    log_in(speaker, EMAIL, PASSWORD)

    expect(speaker).to_have_url(re.compile(rf"/propositions/{submission.pk}/$"))
    expect(speaker.locator("main")).to_contain_text("Votre proposition est retenue.")
    axe(speaker)
    speaker.get_by_role("button", name="Je confirme ma participation").click()

    expect(speaker.locator(".messages")).to_have_text(
        "Merci ! Votre intervention figure au programme."
    )
    submission.refresh_from_db()
    assert submission.state == Submission.State.CONFIRMED
    axe(speaker)
    speaker.get_by_role("link", name="Voir le programme").click()

    expect(speaker).to_have_url(re.compile(rf"/evenements/{DEMO}/$"))
    programme = speaker.get_by_role("region", name="Au programme")
    expect(programme.get_by_role("heading", level=3)).to_have_text([NEW_TITLE])
    axe(speaker)


def test_sending_the_proposal_stops_the_autosave_so_no_draft_races_the_sent_form(
    site_url: str, page: Page
) -> None:
    """A speaker who types and sends at once: the draft save her typing scheduled does not
    go out after the form (it would reach the server after the proposal was sent, and be
    refused with a 409 on the speaker's screen)."""
    speaker = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=speaker, email=EMAIL, verified=True, primary=True)
    log_in(page, EMAIL)
    page.goto(f"/evenements/{DEMO}/appel/proposer/")
    page.locator(".speaker").first.get_by_label("Nom", exact=True).fill("Inès Martin")
    expect(page.locator("#etat-brouillon")).to_have_text(SAVED_AT)  # the draft exists
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Thématique").select_option(index=1)
    page.get_by_label("Type de contribution").select_option(label="Actions concrètes")

    held = []  # the sent form, held so that the page stays while the autosave's delay runs
    drafts_after_sending = []
    page.route(re.compile(r"/propositions/\d+/$"), lambda route: held.append(route))

    def note_draft(request: Request) -> None:
        if held and "/brouillon/" in request.url:
            drafts_after_sending.append(request.url)

    page.on("request", note_draft)
    page.get_by_label("Résumé").fill(ABSTRACT)  # schedules a draft save, 1.5 s later
    page.get_by_role("button", name="Envoyer la proposition").click(no_wait_after=True)
    page.wait_for_timeout(2500)

    assert len(held) == 1, "the form was sent"
    assert drafts_after_sending == []
    held[0].continue_()
    expect(page.locator(".messages")).to_contain_text("Proposition envoyée")
    submission = Submission.objects.get(owner=speaker)
    assert (submission.state, submission.abstract) == (Submission.State.SUBMITTED, ABSTRACT)
