"""The press dossier's content: press contact, logo, map, photos, the source's parts, the
computed count, and a tagged PDF (PDF/UA-1) with its language and title."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import translation
from pypdf import PdfReader

from network.models import User
from pages.models import SiteIdentity
from structures import dossier as dossier_module
from structures import services
from structures.models import DossierSection, PressDossier, Structure
from tests.conftest import celery_eager

pytestmark = pytest.mark.django_db

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


class Rendered(NamedTuple):
    reader: PdfReader
    text: str
    participants: int  # the SECPa structures the demo publishes, counted when rendered


@pytest.fixture(scope="module")
def rendered(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Rendered:
    """The demo's dossier with a press contact, a logo and a photo, rendered once for the
    tests that read it (WeasyPrint takes seconds), in a transaction rolled back after."""
    media = tmp_path_factory.mktemp("dossier-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        celery_eager(),
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        identity = SiteIdentity.load()
        identity.press_contact_name = "Camille Martin"
        identity.press_contact_email = "presse@example.org"
        identity.press_contact_phone = "01 23 45 67 89"
        identity.logo.save("logo.png", ContentFile(PNG), save=False)
        identity.save()
        dossier = PressDossier.objects.get()
        section = dossier.sections.first()
        assert section is not None
        section.image.save("photo.png", ContentFile(PNG), save=False)
        section.image_alt = "L'équipe d'accueil"
        section.save()
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert services.request_dossier_rendering(dossier, force=True)
        dossier.refresh_from_db()
        assert dossier.status == PressDossier.Status.DONE, dossier.error
        with dossier.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        participants = (
            Structure.objects.filter(secpa=True, published=True)
            .exclude(relation=Structure.Relation.SUPPORTER)
            .count()
        )
        transaction.set_rollback(True)
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    return Rendered(reader, text, participants)


def test_the_pdf_is_tagged_with_its_language_and_title(rendered: Rendered) -> None:
    reader = rendered.reader
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    assert (mark_info is not None and mark_info.get("/Marked")) or "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("fr")
    assert reader.metadata is not None
    assert reader.metadata.title == "Structures d'exercice coordonné participatives"


def test_the_count_of_structures_is_computed_never_written(rendered: Rendered) -> None:
    text, count = rendered.text, rendered.participants
    assert count == 20
    assert f"{count} structures, centres de santé et maisons de santé, participent" in text
    assert f"{count} structures engagées" in text
    assert "Vingt-six structures" not in text
    assert "[[nombre de structures]]" not in text
    # the history is the dossier's own: « puis vingt-six en 2022 » stays
    assert "puis vingt-six en 2022" in text


def test_the_trades_references_are_not_under_the_global_approach(rendered: Rendered) -> None:
    text = rendered.text
    global_heading = "Démarche et projet global de santé communautaire et participative"
    trades_heading = "Les métiers, fonctions et missions développées"
    start = text.index("Un documentaire, réalisé avant")  # the first reference's introduction
    assert text.rindex(global_heading, 0, start) > text.rindex(trades_heading, 0, start)
    trades = text.index(trades_heading, start)
    first_mission = text.index("Accueil inconditionnel", trades)
    assert start < text.index("Un autre soin est possible", start) < trades
    assert trades < text.index("Bâtissons des futurs solidaires", trades) < first_mission
    assert trades < text.index("Dans ce centre autogéré", trades) < first_mission
    body = text[start:]
    assert "D'autres structures, comme La Case Santé à Toulouse" in body


def test_the_pdf_has_the_press_contact_the_logo_the_map_and_the_photo(rendered: Rendered) -> None:
    reader, text = rendered.reader, rendered.text
    assert "Contact presse" in text
    assert "Camille Martin" in text and "presse@example.org" in text
    assert "Structures par département" in text  # the map's legend, drawn in the PDF
    images = sum(len(page.images) for page in reader.pages[:3])
    assert images >= 2  # the logo on the cover, the photo of the first section


def test_the_dossier_data_follow_the_press_contact_and_the_photos(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())
    dossier = PressDossier.objects.get()
    before = dossier_module.fingerprint(dossier_module.collect(dossier))
    identity = SiteIdentity.load()
    identity.press_contact_email = "presse@example.org"
    identity.save()
    assert dossier_module.fingerprint(dossier_module.collect(dossier)) != before


def test_a_section_photo_must_be_a_png_or_a_jpeg_with_a_description(
    client: Client, coordinator: User
) -> None:
    call_command("load_demo", stdout=io.StringIO())
    dossier = PressDossier.objects.get()
    client.force_login(coordinator)
    url = f"/admin/structures/pressdossier/{dossier.pk}/change/"
    sections = list(dossier.sections.all())
    data: dict[str, Any] = {
        "title": dossier.title,
        "subtitle": dossier.subtitle,
        "edition": dossier.edition.isoformat(),
        "published": "on",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "30",
    }
    for index, section in enumerate(sections):
        data |= {
            f"sections-{index}-id": str(section.pk),
            f"sections-{index}-dossier": str(dossier.pk),
            f"sections-{index}-title": section.title,
            f"sections-{index}-body": section.body,
            f"sections-{index}-position": str(section.position),
        }
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", "image/png")
    answer = client.post(url, {**data, "sections-0-image": fake})
    assert answer.status_code == 200
    assert "n'est pas un document JPEG, PNG" in html.unescape(answer.content.decode())

    photo = SimpleUploadedFile("photo.png", PNG, "image/png")
    answer = client.post(url, {**data, "sections-0-image": photo})
    assert "Décrivez la photo" in html.unescape(answer.content.decode())

    photo = SimpleUploadedFile("photo.png", PNG, "image/png")
    answer = client.post(
        url, {**data, "sections-0-image": photo, "sections-0-image_alt": "Une équipe"}
    )
    assert answer.status_code == 302
    assert DossierSection.objects.get(pk=sections[0].pk).image.name.endswith(".png")
