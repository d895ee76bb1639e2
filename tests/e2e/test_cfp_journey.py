"""A call for papers from the speaker's profile to the reviewers' comment she reads.

A speaker fills her profile, then proposes a talk to the demonstration call, answering its
own questions (a required choice, a PDF); a coordinator spreads the reviews automatically
with paired review on, previewing them first; the two reviewers (one with lived
experience, one professional) open the PDF and score, one writes a comment for the
authors; the coordinator sends the decision, comments included; the speaker reads the
comment in « Mes propositions ».
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import CallForPapers, Question, Review, Submission
from network.models import Perspective, User
from network.permissions import COORDINATORS, REVIEWERS
from tests.e2e.conftest import PASSWORD, assert_aria_references_resolve, log_in, mails_to
from tests.factories import UserFactory, pdf_bytes

DEMO = "demonstration-journee-etudes"
TITLE = "Un comité d'usagers dans un centre d'hébergement"
COMMENT = "Précisez la place des résidents dans le comité : c'est le cœur du sujet."


def person(email: str, *groups: str, **fields: object) -> User:
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def call(site_url: str, media_root: Path) -> CallForPapers:
    """The demonstration call, asking for paired review, sending the comments for the
    authors with the decisions, and asking two questions of its own."""
    call = CallForPapers.objects.get(event__slug=DEMO)
    call.paired_review = True
    call.send_author_comments = True
    call.save(update_fields=["paired_review", "send_author_comments"])
    call.questions.create(
        label="Public visé",
        kind=Question.Kind.CHOICE,
        options="Soignants\nUsagers",
        required=True,
        position=1,
    )
    call.questions.create(label="Support de présentation", kind=Question.Kind.FILE, position=2)
    return call


def fill_profile_and_propose(page: Page, axe: Callable[[Page], None]) -> None:
    page.goto("/propositions/profil/")
    page.get_by_label("Nom affiché").fill("Awa Diallo")
    page.get_by_label("Biographie courte").fill("Médiatrice de santé paire depuis 2019.")
    page.get_by_role("button", name="Enregistrer le profil").click()
    expect(page.locator(".messages")).to_have_text("Profil enregistré.")

    page.goto(f"/evenements/{DEMO}/appel/proposer/")
    # The profile, not the email address, names the first speaker.
    expect(page.locator(".speaker").first.get_by_label("Nom", exact=True)).to_have_value(
        "Awa Diallo"
    )
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Résumé").fill("Deux ans de comité d'usagers : ce qui a changé.")
    page.get_by_label("Thématique").select_option(index=1)
    page.get_by_label("Type de contribution").select_option(label="Actions concrètes")
    page.get_by_role("group", name="Public visé (obligatoire)").get_by_label("Usagers").check()
    page.get_by_label("Support de présentation").set_input_files(
        {"name": "support.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    axe(page)
    assert_aria_references_resolve(page)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.locator(".messages")).to_contain_text("Proposition envoyée")


def assign_automatically(admin: Page, coordinator: User, submission: Submission) -> None:
    admin.goto("/admin/login/?next=/admin/events/submission/")
    admin.locator("#id_username").fill(coordinator.email)
    admin.locator("#id_password").fill(PASSWORD)
    admin.get_by_role("button", name="Connexion").click()
    admin.locator(f"input[name=_selected_action][value='{submission.pk}']").check()
    admin.locator("select[name=action]").select_option(label="Répartir automatiquement")
    admin.get_by_role("button", name="Envoyer").click()

    expect(admin).to_have_url(re.compile(r"/relecture/repartition/\?mode=auto"))
    for reviewer in User.objects.filter(groups__name=REVIEWERS):
        admin.get_by_label(str(reviewer)).check()
    admin.get_by_label("Relecteurs par proposition").fill("1")
    admin.get_by_role("button", name="Prévisualiser").click()

    # Paired review: one of each perspective, even beyond the one asked for.
    plan = admin.get_by_role("table", name="Qui relit quoi")
    expect(plan.get_by_role("row")).to_have_count(3)
    expect(plan).to_contain_text("Savoir expérientiel")
    expect(plan).to_contain_text("Professionnel")
    assert not Review.objects.exists(), "a preview saves nothing"
    admin.get_by_role("button", name="Confirmer l'attribution").click()
    expect(admin.locator(".messagelist")).to_contain_text("2 relecture(s) attribuée(s).")


def review(page: Page, review: Review, score: int, comment: str = "") -> None:
    log_in(page, review.reviewer.email)
    page.goto(f"/relecture/{review.pk}/")
    expect(page.get_by_role("main")).not_to_contain_text("Awa Diallo")  # anonymous review
    link = page.get_by_role("link", name="Fichier joint")
    document = page.request.get(link.get_attribute("href") or "")
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.body().startswith(b"%PDF-")
    for fieldset in page.locator("fieldset.score").all():
        fieldset.get_by_label(str(score), exact=True).check()
    if comment:
        page.get_by_label("Commentaire pour les auteurs (facultatif)").fill(comment)
    page.get_by_role("button", name="Enregistrer la relecture").click()
    expect(page.locator(".messages")).to_have_text("Relecture enregistrée.")


def send_decision(admin: Page, submission: Submission) -> None:
    admin.goto("/admin/events/submission/")
    for action, message in [
        ("Préparer : accepter", "1 décision(s) préparée(s)"),
        ("Envoyer les décisions préparées", "1 décision(s) envoyée(s) par courriel."),
    ]:
        admin.locator(f"input[name=_selected_action][value='{submission.pk}']").check()
        admin.locator("select[name=action]").select_option(label=action)
        admin.get_by_role("button", name="Envoyer").click()
        expect(admin.locator(".messagelist")).to_contain_text(message)


def test_a_profile_a_proposal_with_questions_paired_reviews_and_the_authors_comment(
    call: CallForPapers,
    page: Page,
    another_visitor: Callable[[], Page],
    axe: Callable[[Page], None],
) -> None:
    speaker = person("awa.diallo@example.org")
    coordinator = person("coordination@example.org", COORDINATORS, is_staff=True)
    person("usager.relecteur@example.org", REVIEWERS, perspective=Perspective.LIVED_EXPERIENCE)
    person("soignante.relectrice@example.org", REVIEWERS, perspective=Perspective.PROFESSIONAL)

    log_in(page, speaker.email)
    fill_profile_and_propose(page, axe)

    submission = Submission.objects.get(owner=speaker)
    assert submission.state == Submission.State.SUBMITTED
    answers = {a.question.label: a for a in submission.answers.select_related("question")}
    assert answers["Public visé"].value == "Usagers" and answers["Support de présentation"].file

    admin = another_visitor()
    assign_automatically(admin, coordinator, submission)
    reviews = list(submission.reviews.select_related("reviewer"))
    assert {r.reviewer.perspective for r in reviews} == set(Perspective.values)

    review(another_visitor(), reviews[0], 4, COMMENT)
    review(another_visitor(), reviews[1], 3)

    # The deadline passes (the live server shares the database); the decision goes out.
    CallForPapers.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    send_decision(admin, submission)
    assert COMMENT in mails_to(speaker.email, at_least=2)[-1].body  # receipt, then decision

    page.goto("/propositions/")
    row = page.get_by_role("row", name=re.compile(re.escape(TITLE)))
    expect(row).to_contain_text("Acceptée")
    row.get_by_text("Commentaires des relecteurs").click()
    expect(row).to_contain_text(COMMENT)
    axe(page)
