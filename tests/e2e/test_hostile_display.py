"""No injected script runs on any page that shows people's input back.

Every script payload of the hostile corpus is stored through the real services, in the
fields the site shows again: structure names (directory, map popups, structure page),
a proposal's title and abstract (the speaker's pages, the reviewer's), an experience
response (the respondent's page, the working group's), a published summary in Markdown.
Each payload calls ``window.__xss.push(...)`` if it ever runs; the ``page`` fixture also
fails on any Content-Security-Policy violation, so a payload that became markup and was
merely blocked fails the test too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from events import services as events
from events.models import CallForPapers
from experiences import services as experiences
from experiences.models import Campaign, PublishedExperience, Response
from network.models import Perspective, User
from network.permissions import REVIEWERS, WORKING_GROUP
from structures.models import Structure
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.security.hostile import XSS

SAMPLE = XSS[:6]  # the ones whose text must be seen as text


def verified(email: str, *groups: str, **extra: object) -> User:
    user = UserFactory(email=email, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def nothing_ran(page: Page) -> None:
    assert page.evaluate("window.__xss") == [], page.url


@pytest.fixture
def armed(page: Page) -> Page:
    page.add_init_script("window.__xss = [];")
    return page


def open_popup(page: Page) -> None:
    """Click the map's one marker until its popup shows. On a loaded machine, a click just
    after the map's first zoom (markercluster redraws its markers then) now and then opens
    nothing; a visitor clicks again, and so does the test, for up to 15 s."""
    marker = page.locator("#carte .leaflet-marker-icon")
    popup = page.locator(".leaflet-popup-content")
    deadline = time.monotonic() + 15
    while True:
        marker.click()
        try:
            popup.wait_for(state="visible", timeout=1_000)
            return
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise


def test_no_payload_runs_in_the_directory_its_map_or_a_structure_page(
    site_url: str, armed: Page, visit: Callable[[str], Page], map_ready: Callable[[Page], int]
) -> None:
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    for number, payload in enumerate(XSS):
        word = words[number] if number < len(words) else "autre"
        Structure.objects.create(
            name=f"Hostile {word} {payload}"[:200],
            slug=f"hostile-{number}",
            city="Lille",
            departement="59",
            latitude=50.0 + number / 50,
            longitude=2.0 + number / 50,
        )

    visit("/structures/?q=hostile")
    assert map_ready(armed) == len(XSS)
    for payload in SAMPLE:
        expect(armed.get_by_text(payload[:40], exact=False).first).to_be_attached()
    nothing_ran(armed)
    for word, payload in zip(words, SAMPLE, strict=True):  # one marker: its popup opens
        visit(f"/structures/?q={word}")
        assert map_ready(armed) == 1
        open_popup(armed)
        expect(armed.locator(".leaflet-popup-content")).to_contain_text(payload)
    nothing_ran(armed)
    visit("/structures/hostile-0/")
    map_ready(armed)
    nothing_ran(armed)


def test_no_payload_runs_on_the_speaker_and_reviewer_pages(
    site_url: str, armed: Page, visit: Callable[[str], Page]
) -> None:
    call = CallForPapers.objects.get(event__slug="demonstration-journee-etudes")
    CallForPapers.objects.filter(pk=call.pk).update(reviewers_see_speakers=True)
    speaker = verified("oratrice.hostile@example.org")
    reviewer = verified("relecteur.hostile@example.org", REVIEWERS)
    submission = events.start_submission(call, by=speaker)
    submission.speakers.update(name=XSS[1][:200], affiliation=XSS[4][:200])
    events.save_draft(
        submission,
        by=speaker,
        changes={
            "title": XSS[0],
            "abstract": "\n".join(XSS),
            "theme": call.themes.first(),
            "contribution_kind": call.contribution_kinds.first(),
            "note": "\n".join(XSS),
        },
    )
    events.submit_submission(submission, by=speaker)
    review = events.assign_reviewer(submission, reviewer=reviewer)

    visit("/comptes/login/")
    log_in(armed, speaker.email)
    for path in ("/propositions/", f"/propositions/{submission.pk}/"):
        visit(path)
        nothing_ran(armed)
    expect(armed.locator("textarea[name=abstract]")).to_have_value("\n".join(XSS))
    armed.context.clear_cookies()
    visit("/comptes/login/")
    log_in(armed, reviewer.email)
    for path in ("/relecture/", f"/relecture/{review.pk}/"):
        visit(path)
        nothing_ran(armed)
    expect(armed.get_by_text(XSS[0]).first).to_be_visible()


def _hostile_answers(text: str) -> dict[str, object]:
    """Hostile answers to the demo campaign's questions (a copy of the HAS template)."""
    return {
        "organisation": XSS[3][:200],
        "organisation_type": "usagers",
        "role": XSS[5][:200],
        "title": XSS[2][:300],
        "level": "collaborer",
        "participants": ["patients"],
        "territory": XSS[7][:200],
        "actions": text,
        "changes": text,
        "difficulties": text,
        "success_factors": text,
        "links": "\n".join(p for p in XSS if p.startswith("javascript")),
    }


def test_no_payload_runs_on_experience_pages(
    site_url: str, armed: Page, visit: Callable[[str], Page]
) -> None:
    campaign = Campaign.objects.get(slug="retours-experiences-demarches-participatives")
    text = "\n".join(XSS)
    response = experiences.save_response(
        campaign,
        response=None,
        answers={
            "name": XSS[0][:200],
            "email": "hostile@example.org",
            "answers": _hostile_answers(text),
        },
    )
    Response.objects.filter(pk=response.pk).update(state=Response.State.SUBMITTED)
    member = verified(
        "membre.hostile@example.org", WORKING_GROUP, perspective=Perspective.PROFESSIONAL
    )
    campaign.working_group.add(member)
    published = PublishedExperience.objects.create(
        campaign=campaign,
        title=XSS[0][:300],
        slug="experience-hostile",
        summary=text,
        organisation_type="usagers",
        level="collaborer",
        published=True,
    )

    visit(f"/experiences/reponse/{experiences.response_token(response)}/")
    nothing_ran(armed)
    expect(armed.locator("textarea[name=actions]")).to_have_value(text)
    for path in ("/experiences/publiees/", f"/experiences/publiees/{published.slug}/"):
        visit(path)
        nothing_ran(armed)
    visit("/comptes/login/")
    log_in(armed, member.email)
    for path in (
        "/experiences/groupe-de-travail/",
        f"/experiences/groupe-de-travail/{response.pk}/",
    ):
        visit(path)
        nothing_ran(armed)
    expect(armed.get_by_text(XSS[2][:40], exact=False).first).to_be_visible()
