"""A campaign a coordinator shapes in the admin, from its questions to the territorial map.

A coordinator builds a questionnaire of three sections (a conditional question, a commune
question) and a campaign asking it, and publishes it; a respondent answers, keeps a draft
and comes back through the link in the mail; the working group writes to them and they
answer; the experience is published and counted on the territorial map in its département,
which reads without JavaScript too.

Done through the ORM, not the admin: the two working-group members and their favourable
assessments (the assessment page has its own journey in test_experience_journey).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from experiences.models import Campaign, Context, PublishedExperience, Response
from network.models import Perspective
from network.permissions import COORDINATORS, WORKING_GROUP
from tests.e2e.conftest import PASSWORD, log_in, mails_to
from tests.e2e.test_experience_journey import admin_action, verified
from tests.factories import UserFactory

EMAIL = "camille.martin@example.org"
SLUG = "enquete-regionale-2026"
SUMMARY = "Un conseil d'usagers dans une maison de santé de Villeurbanne, réuni chaque trimestre."


def _admin_login(page: Page, email: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _question(page: Page, n: int, section: str, key: str, kind: str, label: str) -> None:
    """Fill the question form ``n`` of the questionnaire's admin page."""
    prefix = f"questions-{n}-"
    page.locator(f"select[name={prefix}section]").select_option(label=section)
    page.locator(f"input[name={prefix}position]").fill(str(n))
    page.locator(f"input[name={prefix}key]").fill(key)
    page.locator(f"select[name={prefix}kind]").select_option(kind)
    page.locator(f"input[name={prefix}required]").check()
    page.locator(f"input[name={prefix}label_fr]").fill(label)
    page.locator(f"input[name={prefix}label_en]").fill(f"{label} (en)")


def _save_and_continue(page: Page) -> None:
    page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def _build_questionnaire(page: Page) -> None:
    """Three sections, then their questions, then the condition (each list offers only
    what is saved: the page is saved between the steps)."""
    page.goto("/admin/experiences/questionnaire/add/")
    page.locator("input[name=name]").fill("Enquête régionale 2026")
    for n, title in enumerate(["Votre engagement", "Le lieu", "Le récit"]):
        if n:
            page.locator("#sections-group .add-row a").click()
        page.locator(f"input[name=sections-{n}-position]").fill(str(n))
        page.locator(f"input[name=sections-{n}-title_fr]").fill(title)
        page.locator(f"input[name=sections-{n}-title_en]").fill(f"{title} (en)")
    _save_and_continue(page)
    _question(page, 0, "Votre engagement", "engage", "oui-non", "Des usagers sont-ils engagés ?")
    page.locator("#questions-group .add-row a").click()
    _question(page, 1, "Le lieu", "lieu", "commune", "Commune de la démarche")
    page.locator("#questions-group .add-row a").click()
    _question(page, 2, "Le récit", "recit", "texte-long", "Racontez la démarche")
    _save_and_continue(page)
    _question(page, 3, "Votre engagement", "comment", "texte-court", "Comment ?")
    page.locator("select[name=questions-3-condition_question]").select_option(
        label="Des usagers sont-ils engagés ?"
    )
    page.locator("input[name=questions-3-condition_values]").fill("oui")
    _save_and_continue(page)


def _build_campaign(page: Page) -> None:
    """The campaign asking that questionnaire, published, with its notice."""
    page.goto("/admin/experiences/campaign/add/")
    closing = datetime.date.today() + datetime.timedelta(days=60)
    texts = {
        "title": "Enquête régionale 2026",
        "contact_email": "coordination@example.org",
        "introduction": "Partagez une démarche participative de votre territoire.",
        "objective": "Voir où la participation se passe.",
        "eligibility": "Toute structure du réseau.",
        "purpose": "Le groupe de travail lit les réponses.",
        "opens_at_0": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "opens_at_1": "00:00",
        "closing_date": closing.isoformat(),
    }
    for name, value in texts.items():
        page.locator(f"[name={name}]").fill(value)
    expect(page.locator("input[name=slug]")).to_have_value(SLUG)  # made from the title
    page.locator("input[name=published]").check()
    page.locator("select[name=questionnaire]").select_option(label="Enquête régionale 2026")
    page.locator("#notices-group .add-row a").click()
    notice = {
        "version": "1",
        "controller": "La coordination du réseau",
        "purpose": "Lire et publier les expériences.",
        "legal_basis": "Consentement",
        "recipients": "Le groupe de travail",
        "retention": "12 mois après la clôture",
        "rights": "Accès, rectification, effacement",
        "dpo_contact": "dpo@example.org",
    }
    for name, value in notice.items():
        page.locator(f"[name=notices-0-{name}]").fill(value)
    page.locator("input[name=_save]").click()
    expect(page).to_have_url(re.compile(r"/admin/experiences/campaign/$"))


def _personal_link() -> str:
    match = re.search(r"https?://[^/\s]+(/experiences/reponse/[^/\s]+/)", mails_to(EMAIL)[-1].body)
    assert match
    return match.group(1)


def _answer(browser: Browser, site_url: str, axe: Callable[[Page], None]) -> str:
    """A draft without the conditional question (« non »), then, from the link in the mail,
    « oui », its detail, the commune and the story, sent. Returns the personal link."""
    page = browser.new_page(base_url=site_url, locale="en-GB")
    page.goto(f"/en/experiences/{SLUG}/participer/")
    expect(page.locator("legend", has_text="Votre engagement (en)")).to_be_visible()
    axe(page)
    page.goto(f"/experiences/{SLUG}/participer/")
    detail = page.locator("input[name=comment]")
    page.locator("input[name=engage][value=non]").check()
    expect(detail).to_be_hidden()
    page.locator("input[name=name]").fill("Camille Martin")
    page.locator("input[name=email]").fill(EMAIL)
    page.get_by_label("J'accepte d'être recontacté(e)", exact=False).check()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page).to_have_url(re.compile(r"/experiences/reponse/[^/]+/$"))
    draft = Response.objects.get(email=EMAIL)
    assert draft.answers == {"engage": "non"} and draft.state == Response.State.DRAFT
    link = _personal_link()
    page.close()

    later = browser.new_page(base_url=site_url)
    later.goto(link)
    detail = later.locator("input[name=comment]")
    expect(later.locator("input[name=engage][value=non]")).to_be_checked()
    expect(detail).to_be_hidden()
    later.locator("input[name=engage][value=oui]").check()
    expect(detail).to_be_visible()
    detail.fill("Un conseil d'usagers")
    later.locator("input[name=lieu]").fill("Villeurbanne 69100")
    later.locator("textarea[name=recit]").fill("Un conseil réuni chaque trimestre.")
    axe(later)
    later.get_by_role("button", name="Envoyer mon expérience").click()
    expect(later.locator(".messages")).to_contain_text("Votre expérience est envoyée")
    later.close()
    return link


def test_a_coordinator_s_campaign_goes_from_the_admin_to_the_territorial_map(
    page: Page,
    browser: Browser,
    site_url: str,
    axe: Callable[[Page], None],
) -> None:
    cache.clear()  # the rate limits on links by mail start afresh
    coordinator = verified(
        UserFactory(email="coordination@example.org", is_staff=True), COORDINATORS
    )
    _admin_login(page, coordinator.email)
    _build_questionnaire(page)
    _build_campaign(page)
    campaign = Campaign.objects.get(slug=SLUG)
    assert campaign.published and campaign.questionnaire is not None
    assert campaign.questionnaire.sections.count() == 3
    conditional = campaign.questionnaire.questions.get(key="comment")
    assert conditional.condition_question is not None
    assert conditional.condition_question.key == "engage"

    link = _answer(browser, site_url, axe)
    response = Response.objects.get(email=EMAIL)
    assert response.state == Response.State.SUBMITTED
    assert response.answers["comment"] == "Un conseil d'usagers"
    assert (response.commune, response.departement, response.region) == (
        "Villeurbanne",
        "69",
        "84",
    )

    # The working group (set up through the ORM) writes; the respondent answers.
    members = [
        verified(UserFactory(email=f"{who}.gt@example.org", perspective=who), WORKING_GROUP)
        for who in (Perspective.LIVED_EXPERIENCE, Perspective.PROFESSIONAL)
    ]
    campaign.working_group.add(*members)
    for member in members:
        response.assessments.create(member=member, perspective=member.perspective, remarkable=True)
    page.goto("/comptes/logout/")
    page.locator("main form button[type=submit]").click()
    page.goto("/experiences/groupe-de-travail/")
    log_in(page, members[0].email)
    page.goto(f"/experiences/groupe-de-travail/{response.pk}/")
    expect(page.get_by_text("Villeurbanne (69)")).to_be_visible()
    page.get_by_role("button", name="Retenir comme remarquable").click()
    page.get_by_label("Une question").check()
    page.get_by_label("Message à la personne").fill("Qui anime le conseil ?")
    page.get_by_role("button", name="Envoyer le message").click()
    expect(page.locator(".messages")).to_contain_text("Votre message est envoyé")
    page.goto("/comptes/logout/")
    page.locator("main form button[type=submit]").click()
    answering = browser.new_page(base_url=site_url)
    answering.goto(link)
    expect(answering.get_by_text("Qui anime le conseil ?")).to_be_visible()
    answering.get_by_label("Votre message au groupe de travail").fill("Une usagère élue.")
    answering.get_by_role("button", name="Répondre au groupe de travail").click()
    expect(answering.locator(".messages")).to_contain_text("envoyé au groupe de travail")
    answering.close()

    # The coordinator publishes it; it is counted on the map in the Rhône.
    _admin_login(page, coordinator.email)
    admin_action(page, "/admin/experiences/response/", response.pk, "prepare_publication")
    experience = PublishedExperience.objects.get(response=response)
    page.goto(f"/admin/experiences/publishedexperience/{experience.pk}/change/")
    page.locator("textarea[name=summary]").fill(SUMMARY)
    # Not asked by this questionnaire: the coordinator chooses them for the public page.
    page.locator("select[name=organisation_type]").select_option("professionnelle")
    page.locator("select[name=level]").select_option("co-construire")
    context = Context.objects.get(code="lieu-de-soins")
    page.locator("#id_contexts_from").select_option(str(context.pk))
    page.locator("#id_contexts_add").click()
    page.locator("input[name=_save]").click()
    expect(page).to_have_url(re.compile(r"/admin/experiences/publishedexperience/$"))
    admin_action(page, "/admin/experiences/publishedexperience/", experience.pk, "publish")
    experience.refresh_from_db()
    assert experience.published and experience.departement == "69"
    # Told with the public summary (after the link, the receipt and the group's message).
    assert any(SUMMARY in told.body for told in mails_to(EMAIL, at_least=4))
    in_rhone = str(PublishedExperience.objects.published().filter(departement="69").count())
    for prefix in ("/en", ""):
        page.goto(f"{prefix}/experiences/territoires/?couche=experiences")
        expect(page.locator("tr[data-departement='69'] td.number")).to_have_text(in_rhone)
    axe(page)
    page.locator("tr[data-departement='69'] a").click()
    expect(page.get_by_role("link", name=experience.title)).to_be_visible()

    # Without JavaScript, the map and its table carry the same figures.
    plain = browser.new_context(base_url=site_url, locale="fr-FR", java_script_enabled=False)
    try:
        still = plain.new_page()
        still.goto("/experiences/territoires/?couche=experiences")
        expect(still.locator("tr[data-departement='69'] td.number")).to_have_text(in_rhone)
        expect(still.locator("figure.territories-map svg title").first).to_be_attached()
        assert "Rhône" in still.locator("figure.territories-map svg").inner_html()
    finally:
        plain.close()
