"""The pages an institution owes, their admin, the site's identity, sitemap and robots."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from network.models import User
from pages.models import Page, SiteIdentity
from tests.experiences.factories import CampaignFactory, PublishedExperienceFactory
from tests.factories import EngagementRoleFactory, EventFactory, StructureFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PAGES = {
    "/mentions-legales/": "Mentions légales",
    "/confidentialite/": "Politique de confidentialité",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/contact/": "Contact",
    "/plan-du-site/": "Plan du site",
}
ENGLISH_HEADINGS = {"/contact/": "Contact", "/plan-du-site/": "Site map"}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_each_page_answers_in_french_and_english(client: Client, path: str, prefix: str) -> None:
    response = client.get(prefix + path)

    assert response.status_code == 200
    page = response.content.decode()
    heading = PAGES[path] if prefix == "" else ENGLISH_HEADINGS.get(path, PAGES[path])
    assert "<h1" in page and heading.replace("'", "&#x27;") in page


def test_the_default_texts_are_the_networks(client: Client) -> None:
    privacy = client.get("/confidentialite/").content.decode()
    accessibility = client.get("/accessibilite/").content.decode()

    # Every kind of personal data the platform keeps, with the retention the code enforces.
    for kind in (
        "Les comptes",
        "propositions",
        "inscriptions",
        "retours d",
        "contact",
        "courriels",
    ):
        assert kind in privacy
    assert "12 mois" in privacy and "30 jours avant" in privacy
    # The RGAA statement: state, measure, what is not conform, derogations, recourse.
    assert "non conforme" in accessibility
    assert "axe-core" in accessibility
    assert "Contenus non accessibles" in accessibility
    assert "Dérogations" in accessibility
    assert "Défenseur des droits" in accessibility


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_footer_of_every_page_links_to_them(client: Client, prefix: str) -> None:
    page = client.get(prefix + "/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]

    for path in PAGES:
        assert f'href="{prefix}{path}"' in footer
    assert "Accessibilité : non conforme" in footer or "Accessibility: not compliant" in footer


def test_the_site_map_lists_the_sections_and_the_pages(client: Client) -> None:
    Page.objects.create(slug="charte", title="Charte du réseau", body="Texte.")

    page = client.get("/plan-du-site/").content.decode()

    for href in ("/structures/", "/glossaire/", "/evenements/", "/experiences/", "/contact/"):
        assert f'href="{href}"' in page
    assert 'href="/informations/charte/"' in page
    assert 'href="/mentions-legales/"' in page


def test_markdown_is_cleaned(client: Client) -> None:
    page = Page.objects.get(slug="mentions-legales")
    page.body = "## Éditeur\n\n<script>alert('x')</script>\n\n[lien](javascript:alert(1)) **gras**"
    page.save()

    html = client.get("/mentions-legales/").content.decode()

    assert "<h2>Éditeur</h2>" in html
    assert "<strong>gras</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_a_coordinator_edits_a_page_but_cannot_delete_a_required_one(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    page = Page.objects.get(slug="contact")

    response = client.post(
        f"/admin/pages/page/{page.pk}/change/",
        {"title": "Nous écrire", "summary": "", "body": "Écrivez-nous."},
    )

    assert response.status_code == 302
    assert client.get("/contact/").content.decode().count("Écrivez-nous.") == 1
    assert client.get(f"/admin/pages/page/{page.pk}/delete/").status_code == 403
    assert client.get("/admin/pages/page/add/").status_code == 200


def test_a_coordinator_sets_the_logo_and_every_page_shows_it(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    assert client.get("/admin/pages/siteidentity/")["Location"].endswith("/1/change/")

    response = client.post(
        "/admin/pages/siteidentity/1/change/",
        {
            "site_name": "Réseau Santé Test",
            "contact_email": "coordination@example.org",
            "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
            "logo_alt": "",
            "favicon": SimpleUploadedFile("icone.png", PNG, content_type="image/png"),
            "press_contact_name": "Camille Presse",
            "press_contact_email": "presse@example.org",
            "press_contact_phone": "01 02 03 04 05",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    identity = SiteIdentity.objects.get()
    page = client.get("/glossaire/").content.decode()
    assert f'<img src="{identity.logo.url}"' in page
    assert f'<link rel="icon" href="{identity.favicon.url}" type="image/png">' in page
    assert "Réseau Santé Test" in page
    og_image = f"http://127.0.0.1:8000{identity.logo.url}"
    assert f'<meta property="og:image" content="{og_image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"<html>not an image</html>"),
    ],
)
def test_a_logo_that_is_not_png_or_jpeg_is_refused(
    client: Client, coordinator: User, name: str, content: bytes
) -> None:
    client.force_login(coordinator)

    response = client.post(
        "/admin/pages/siteidentity/1/change/",
        {"site_name": "", "logo": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert "n&#x27;est pas un document JPEG, PNG" in response.content.decode()
    assert not SiteIdentity.objects.get().logo


@pytest.mark.parametrize("rows", [1, 3])
def test_the_identity_adds_no_query_to_a_warm_page(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    identity = SiteIdentity.load()
    identity.logo = SimpleUploadedFile("logo.png", PNG)
    identity.save()
    for _ in range(rows):
        Page.objects.create(slug=f"page-{_}", title="Une page", body="Texte.")
    client.get("/mentions-legales/")  # the process reads the identity once after a save

    with django_assert_num_queries(1):  # the page itself
        page = client.get("/mentions-legales/").content.decode()
    with django_assert_num_queries(1):
        client.get("/en/confidentialite/")
    with django_assert_num_queries(2):  # the information pages and the intro
        client.get("/plan-du-site/")
    with django_assert_num_queries(1):
        client.get("/contact/")
    assert identity.logo.url in page


def test_open_graph_metadata_on_public_pages(client: Client) -> None:
    page = client.get("/confidentialite/").content.decode()

    assert '<meta property="og:title" content="Politique de confidentialité">' in page
    assert '<meta property="og:url" content="http://127.0.0.1:8000/confidentialite/">' in page
    assert re.search(r'<meta property="og:description" content="[^"]+">', page)
    assert '<meta name="twitter:card"' in page


def test_sitemap_lists_published_things_and_never_unpublished_ones(client: Client) -> None:
    EngagementRoleFactory(slug="role-public")
    EngagementRoleFactory(slug="role-cache", published=False)
    StructureFactory(slug="structure-publique")
    StructureFactory(slug="structure-cachee", published=False)
    EventFactory(slug="evenement-public")
    EventFactory(slug="evenement-cache", published=False)
    campaign = CampaignFactory(slug="campagne-publique", published=True)
    CampaignFactory(slug="campagne-cachee", published=False)
    PublishedExperienceFactory(campaign=campaign, slug="experience-publique", published=True)
    PublishedExperienceFactory(campaign=campaign, slug="experience-cachee", published=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    for public in (
        "/glossaire/role-public/",
        "/structures/structure-publique/",
        "/evenements/evenement-public/",
        "/experiences/campagne-publique/",
        "/experiences/publiees/experience-publique/",
        "/mentions-legales/",
        "/en/mentions-legales/",
        "/plan-du-site/",
    ):
        assert f"{public}</loc>" in xml, public
    assert "cache" not in xml.replace("cache-control", "")


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    for private in ("/admin/", "/propositions/", "/relecture/", "/experiences/reponse/"):
        assert f"Disallow: {private}\n" in text
        assert f"Disallow: /en{private}\n" in text
    assert "Disallow: /comptes/\n" in text


def test_a_save_in_another_process_is_seen_on_the_next_page(
    client: Client, django_assert_num_queries: Any
) -> None:
    from pages import identity

    client.get("/mentions-legales/")
    SiteIdentity.objects.filter(pk=1).update(site_name="Nom changé ailleurs")
    cache.set(identity.GENERATION_KEY, "another-process-saved")  # what its save() did

    with django_assert_num_queries(2):  # the identity once, then the page
        page = client.get("/mentions-legales/").content.decode()
    with django_assert_num_queries(1):
        client.get("/mentions-legales/")
    assert "Nom changé ailleurs" in page
