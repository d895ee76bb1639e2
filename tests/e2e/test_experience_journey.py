"""An experience from the questionnaire to its public page, and the respondent's data gone.

A respondent saves a draft of the HAS-style questionnaire, comes back through the personal
link they received by mail, and sends it; two members of the working group (a user, a
professional) find it remarkable; a coordinator publishes a summary from the admin; the
public finds it by filter; the respondent deletes their data and the summary stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from playwright.sync_api import Browser, Page, expect

from experiences.models import Campaign, PublishedExperience, Response
from network.models import Perspective, User
from network.permissions import COORDINATORS, WORKING_GROUP
from tests.e2e.conftest import PASSWORD, log_in, mails_to
from tests.factories import UserFactory

CAMPAIGN = "retours-experiences-demarches-participatives"
EMAIL = "awa.diallo@example.org"
TITLE = "Un comité d'usagers au centre de santé"
SUMMARY = (
    "Des usagers et des soignants se réunissent chaque mois : l'accueil du centre a été "
    "réorganisé avec eux."
)


def verified(user: User, *groups: str) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def working_group(site_url: str) -> tuple[User, User]:
    campaign = Campaign.objects.get(slug=CAMPAIGN)
    members = (
        verified(
            UserFactory(email="usagere.gt@example.org", perspective=Perspective.LIVED_EXPERIENCE),
            WORKING_GROUP,
        ),
        verified(
            UserFactory(email="soignant.gt@example.org", perspective=Perspective.PROFESSIONAL),
            WORKING_GROUP,
        ),
    )
    campaign.working_group.add(*members)
    return members


@pytest.fixture
def coordinator(site_url: str) -> User:
    return verified(UserFactory(email="coordination@example.org", is_staff=True), COORDINATORS)


def personal_link() -> str:
    """The path of the personal link in the latest mail (its host is SITE_URL's)."""
    mail = mails_to(EMAIL)[-1]
    match = re.search(r"https?://[^/\s]+(/experiences/reponse/[^/\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def assess(page: Page, member: User, axe: Callable[[Page], None]) -> None:
    page.goto("/experiences/groupe-de-travail/")
    log_in(page, member.email)
    page.goto("/experiences/groupe-de-travail/")
    axe(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe(page)
    page.get_by_label("Oui, remarquable").check()
    page.get_by_label("Commentaire").fill("Une démarche qui associe vraiment les usagers.")
    page.get_by_role("button", name="Enregistrer mon avis").click()
    expect(page.locator(".messages")).to_contain_text("Votre avis est enregistré.")
    page.goto("/comptes/logout/")
    page.locator("main form button[type=submit]").click()


def admin_action(page: Page, changelist: str, pk: int, action: str) -> None:
    page.goto(changelist)
    page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def test_an_experience_goes_from_a_draft_to_its_public_page_and_outlives_its_author_data(
    page: Page,
    browser: Browser,
    site_url: str,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
    working_group: tuple[User, User],
    coordinator: User,
) -> None:
    # A respondent starts the questionnaire and keeps a draft.
    visit("/experiences/")
    axe(page)
    page.get_by_role("link", name="Répondre au questionnaire").first.click()
    expect(page).to_have_url(re.compile(rf"/experiences/{CAMPAIGN}/participer/$"))
    expect(page.get_by_text("Aucune donnée de santé n'est demandée.")).to_be_visible()
    axe(page)
    page.locator("input[name=name]").fill("Awa Diallo")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=organisation]").fill("Association des usagers du quartier")
    page.locator("input[name=organisation_type][value=usagers]").check()
    page.locator("input[name=title]").fill(TITLE)
    page.get_by_role("button", name="Enregistrer le brouillon").click()

    expect(page).to_have_url(re.compile(r"/experiences/reponse/[^/]+/$"))
    axe(page)
    response = Response.objects.get(email=EMAIL)
    assert response.state == Response.State.DRAFT and response.answers["title"] == TITLE
    link = personal_link()

    # Later, from the link in the mail, they finish it and send it.
    later = browser.new_page(base_url=site_url)
    later.goto(link)
    expect(later.locator("input[name=title]")).to_have_value(TITLE)
    later.locator("input[name=role]").fill("Présidente")
    later.locator("input[name=contexts][value='lieu-de-soins']").check()
    later.locator("input[name=level][value='co-construire']").check()
    later.locator("input[name=participants][value='patients']").check()
    later.locator("input[name=participants][value='professionnels']").check()
    later.locator("textarea[name=actions]").fill(
        "Des réunions mensuelles entre usagers et soignants."
    )
    later.locator("textarea[name=changes]").fill("L'accueil a été réorganisé.")
    later.get_by_label("J'accepte d'être recontacté(e)", exact=False).check()
    later.get_by_role("button", name="Envoyer mon expérience").click()
    expect(later.locator(".messages")).to_be_visible()
    response.refresh_from_db()
    assert response.state == Response.State.SUBMITTED
    later.close()

    # Two members of the working group, a user and a professional, find it remarkable.
    for member in working_group:
        assess(page, member, axe)
    page.goto("/experiences/groupe-de-travail/")
    log_in(page, working_group[0].email)
    page.goto(f"/experiences/groupe-de-travail/{response.pk}/")
    page.get_by_role("button", name="Retenir comme remarquable").click()
    expect(page.locator(".messages")).to_contain_text("retenue comme remarquable")
    response.refresh_from_db()
    assert response.remarkable
    page.get_by_label("Une question").check()
    page.get_by_label("Message à la personne").fill("Combien de réunions par an ?")
    page.get_by_role("button", name="Envoyer le message").click()
    expect(page.locator(".messages")).to_contain_text("Votre message est envoyé")
    axe(page)
    page.goto("/comptes/logout/")
    page.locator("main form button[type=submit]").click()
    answering = browser.new_page(base_url=site_url)
    answering.goto(link)
    expect(answering.get_by_text("Combien de réunions par an ?")).to_be_visible()
    answering.get_by_label("Votre message au groupe de travail").fill("Une par mois.")
    answering.get_by_role("button", name="Répondre au groupe de travail").click()
    expect(answering.locator(".messages")).to_contain_text("envoyé au groupe de travail")
    answering.close()
    page.goto("/experiences/groupe-de-travail/")
    log_in(page, working_group[0].email)
    page.goto(f"/experiences/groupe-de-travail/{response.pk}/")
    expect(page.get_by_text("Une par mois.")).to_be_visible()
    page.goto("/comptes/logout/")
    page.locator("main form button[type=submit]").click()

    # A coordinator prepares the publication, writes the summary and publishes it.
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").last.click()
    admin_action(page, "/admin/experiences/response/", response.pk, "prepare_publication")
    experience = PublishedExperience.objects.get(response=response)
    page.goto(f"/admin/experiences/publishedexperience/{experience.pk}/change/")
    page.locator("textarea[name=summary]").fill(SUMMARY)
    page.locator("input[name=_save]").click()
    admin_action(page, "/admin/experiences/publishedexperience/", experience.pk, "publish")
    experience.refresh_from_db()
    assert experience.published and experience.summary == SUMMARY
    # The respondent is told, with the public summary (link, receipt, message, publication).
    assert any(SUMMARY in told.body for told in mails_to(EMAIL, at_least=4))

    # The public finds it with the filters.
    page.goto("/experiences/publiees/")
    page.get_by_label("Contexte").select_option("lieu-de-soins")
    page.get_by_label("Type d'organisation").select_option("usagers")
    page.get_by_label("Niveau de participation").select_option("co-construire")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"contexte=lieu-de-soins"))
    axe(page)
    page.get_by_role("link", name=experience.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(experience.title)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    axe(page)
    public_url = page.url

    # The respondent deletes their data; the summary stays, with no personal data.
    page.goto(link + "supprimer/")
    axe(page)
    page.get_by_role("button", name="Effacer définitivement").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not Response.objects.filter(email=EMAIL).exists()
    page.goto(public_url)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    assert "Awa Diallo" not in page.content() and EMAIL not in page.content()


def test_a_configured_questionnaire_shows_its_conditional_question_on_the_answer_it_needs(
    page: Page,
    site_url: str,
    visit: Callable[[str], Page],
    axe: Callable[[Page], None],
) -> None:
    from tests.experiences.questionnaires import configured_campaign

    configured_campaign(slug="enquete-regionale", title="Enquête régionale")
    visit("/en/experiences/enquete-regionale/participer/")
    expect(page.locator("legend", has_text="Are users involved?")).to_be_visible()
    axe(page)
    visit("/experiences/enquete-regionale/participer/")
    detail = page.locator("input[name=comment]")
    expect(detail).to_be_hidden()  # the script hides it until « Oui »
    page.locator("input[name=engage][value=oui]").check()
    expect(detail).to_be_visible()
    axe(page)
    page.locator("input[name=name]").fill("Awa Diallo")
    page.locator("input[name=email]").fill("enquete@example.org")
    detail.fill("Un comité d'usagers")
    page.locator("input[name=lieu]").fill("Villeurbanne 69100")
    page.get_by_role("button", name="Envoyer mon expérience").click()
    expect(page).to_have_url(re.compile(r"/experiences/reponse/[^/]+/$"))
    response = Response.objects.get(email="enquete@example.org")
    assert response.state == Response.State.SUBMITTED
    assert (response.departement, response.region) == ("69", "84")
    expect(page.locator("input[name=comment]")).to_have_value("Un comité d'usagers")
    axe(page)
