"""The coordinators' admin at 1366 px: the proposals list shows what a coordinator decides on
without horizontal scrolling, and change pages are no wider than the screen."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from events.models import CallForPapers, Submission, SubmissionSpeaker
from network.models import User
from network.permissions import COORDINATORS
from structures.models import PressDossier, Structure
from tests.e2e.conftest import PASSWORD
from tests.factories import UserFactory

WIDTH = 1366


@pytest.fixture
def coordinator(site_url: str) -> User:
    user = UserFactory(email="coordination@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _overflow(page: Page) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def test_the_admin_fits_a_1366_px_screen(page: Page, coordinator: User) -> None:
    call = CallForPapers.objects.order_by("pk").first()
    assert call is not None
    submission = Submission.objects.create(
        call=call,
        owner=coordinator,
        title="Une proposition au titre très long " * 6,
        abstract="Un résumé. " * 200,
        state=Submission.State.SUBMITTED,
    )
    SubmissionSpeaker.objects.create(submission=submission, name="Awa Diallo")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    expect(page.get_by_role("heading", name="À suivre")).to_be_visible()
    assert _overflow(page) <= 0

    page.goto("/admin/events/submission/")
    for column in ("Intervenants", "État", "Relectures", "Note moyenne"):
        header = page.locator("#result_list thead th", has_text=column).first
        expect(header).to_be_visible()
        box = header.bounding_box()
        assert box is not None and box["x"] + box["width"] <= WIDTH, column
    assert _overflow(page) <= 0

    dossier = PressDossier.objects.get()
    structure = Structure.objects.order_by("pk").first()
    assert structure is not None
    for url in (
        f"/admin/events/submission/{submission.pk}/change/",
        f"/admin/structures/pressdossier/{dossier.pk}/change/",
        f"/admin/structures/structure/{structure.pk}/change/",
    ):
        page.goto(url)
        assert _overflow(page) <= 0, url
