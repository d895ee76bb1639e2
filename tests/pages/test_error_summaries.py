"""Every public form sent back with errors opens with the error summary (the GOV.UK / DSFR
pattern): each error a link to its field, the field present once on the page with its own
message beside it (the id its aria-describedby names). A form template without the summary
fails the census below.

The focus itself (the summary takes it, its links move it to the field) is checked in the
browser: tests/e2e/test_pages_accessibility.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from experiences.services import response_token
from tests.security import conftest as security
from tests.security.conftest import World

pytestmark = pytest.mark.django_db
world = security.world  # one of each object, each persona: the security suites' fixture

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Templates with a form that has nothing to correct, and why.
WITHOUT_SUMMARY = {
    "allauth/elements/form.html": "allauth's <form>: its fields (elements/fields.html) hold it",
    "events/certificate_verify.html": "a code looked up: the answer says if it is genuine",
    "events/check_in.html": "a search and one-button forms",
    "events/programme.html": "filters among listed choices; an unknown one is ignored",
    "events/registration_cancel.html": "one button",
    "experiences/response_delete.html": "one button",
    "network/home.html": "a search box",
}


@dataclass(frozen=True)
class Case:
    url: Callable[[World], str]
    data: dict[str, Any] | None = None  # None: a GET
    persona: str = "anonymous"
    links: int = 1  # at least this many errors linked to a field
    setup: Callable[[World], object] | None = None
    # The linked field has its own message beside it (not so for a choice among checkboxes).
    own_message: bool = True


def _submission_data(**fields: str) -> dict[str, str]:
    return {
        "action": "submit",
        "intervenants-TOTAL_FORMS": "1",
        "intervenants-INITIAL_FORMS": "0",
        "intervenants-MIN_NUM_FORMS": "0",
        "intervenants-MAX_NUM_FORMS": "1000",
        "intervenants-0-name": "",
        "intervenants-0-email": "pas-une-adresse",
        **fields,
    }


CASES: dict[str, Case] = {
    "contact": Case(lambda w: "/contact/", {"name": ""}),
    "login": Case(lambda w: "/comptes/login/", {"login": ""}),
    "signup": Case(lambda w: "/comptes/signup/", {"email": "pas-une-adresse"}),
    "password-reset": Case(lambda w: "/comptes/password/reset/", {"email": "pas-une-adresse"}),
    "password-change": Case(
        lambda w: "/comptes/password/change/", {"oldpassword": ""}, "speaker_a"
    ),
    "email-add": Case(
        lambda w: "/comptes/email/", {"action_add": "1", "email": "pas-une-adresse"}, "speaker_a"
    ),
    "registration": Case(lambda w: "/evenements/journee/inscription/", {"name": ""}),
    "new-submission": Case(
        lambda w: "/evenements/journee/appel/proposer/", _submission_data(), "speaker_a", 2
    ),
    "submission-edit": Case(
        lambda w: f"/propositions/{w.submission_a.pk}/",
        _submission_data(title="", **{"intervenants-0-name": "A"}),
        "speaker_a",
    ),
    "speaker-profile": Case(
        lambda w: "/propositions/profil/", {"links": "pas une adresse"}, "speaker_a"
    ),
    "speaker-invitation": Case(
        lambda w: "/propositions/invitation/pas-un-lien/", {"accept": "1"}, "speaker_b", links=0
    ),
    "group-invitation": Case(lambda w: "/invitation/pas-un-lien/", links=0),
    "review": Case(
        lambda w: f"/relecture/{w.review.pk}/",
        {"comment": ""},
        "reviewer",
        setup=lambda w: w.call.criteria.create(name="Pertinence", max_score=4),
    ),
    "conflict-of-interest": Case(
        lambda w: "/relecture/conflits/", {"person_email": "pas-une-adresse"}, "reviewer"
    ),
    "conflict-of-interest-empty": Case(
        lambda w: "/relecture/conflits/", {"reason": ""}, "reviewer", links=0
    ),
    "questionnaire": Case(lambda w: "/experiences/recueil/participer/", {"action": "submit"}),
    "own-response": Case(
        lambda w: f"/experiences/reponse/{response_token(w.response)}/",
        {"action": "submit", "email": "pas-une-adresse"},
    ),
    "link-request": Case(lambda w: "/experiences/recueil/retrouver/", {"email": "x"}),
    "working-group-assessment": Case(
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/",
        {"comment": ""},
        "working_group",
    ),
    "glossary-comparison": Case(
        lambda w: "/glossaire/comparer/?roles=patient-partenaire", own_message=False
    ),
    "directory-filters": Case(lambda w: "/structures/?departement=999"),
    "glossary-filters": Case(lambda w: "/glossaire/?secteur=inconnu"),
    "published-experience-filters": Case(lambda w: "/experiences/publiees/?contexte=inconnu"),
}


def _conversation(world: World) -> None:
    """The respondent and the working group write to each other: a message to the respondent
    (which opens the reply), so that both message forms are on their pages."""
    from experiences import services  # here: only these cases need it

    world.response.recontact_consent = True
    world.response.save(update_fields=["recontact_consent"])
    member = world.people["working_group"]
    assert member is not None
    services.write_to_respondent(world.response, by=member, kind="question", body="Une question ?")


CASES |= {
    "message-to-respondent": Case(
        lambda w: f"/experiences/groupe-de-travail/{w.response.pk}/message/",
        {"body": ""},
        "working_group",
        setup=_conversation,
    ),
    "reply-to-working-group": Case(
        lambda w: f"/experiences/reponse/{response_token(w.response)}/message/",
        {"body": ""},
        setup=_conversation,
    ),
}

SUMMARY = re.compile(r'<div class="error-summary"[^>]*>(.*?)</div>', re.S)
IDS = re.compile(r'\sid="([^"]+)"')


def _client(world: World, persona: str) -> Client:
    client = Client()
    person = world.people[persona]
    if person is not None:
        client.force_login(person)
    return client


def _problems(name: str, case: Case, world: World) -> list[str]:
    """What is wrong with the summary of one form sent back with errors."""
    cache.clear()  # rate limits
    if case.setup is not None:
        case.setup(world)
    client = _client(world, case.persona)
    url = case.url(world)
    response = client.get(url) if case.data is None else client.post(url, case.data)
    if response.status_code not in (200, 400):
        return [f"{name}: {url} answered {response.status_code}"]
    html = response.content.decode()
    summaries = SUMMARY.findall(html)
    if len(summaries) != 1:
        return [f"{name}: {len(summaries)} error summaries on {url}"]
    problems = []
    if "autofocus" not in html.split('<div class="error-summary"')[1].split(">")[0]:
        problems.append(f"{name}: the summary does not take the focus")
    targets = re.findall(r'href="#([^"]+)"', summaries[0])
    if len(targets) < case.links:
        problems.append(f"{name}: the summary links to {targets}, fewer than {case.links}")
    ids = Counter(IDS.findall(html))
    for target in targets:
        if ids[target] != 1:
            problems.append(f"{name}: the summary links to #{target}, {ids[target]} on the page")
        own_message = f"{re.sub(r'_0$', '', target)}_error"
        if case.own_message and ids[own_message] != 1:
            problems.append(f"{name}: #{target} has no message #{own_message} beside it")
    return problems


def test_every_form_sent_back_opens_with_a_summary_linking_each_error_to_its_field(
    world: World,
) -> None:
    """One world for every form (building it is the slow part); the message forms last, as
    their setup starts a conversation."""
    problems = [problem for name, case in CASES.items() for problem in _problems(name, case, world)]

    assert not problems, "error summaries:\n" + "\n".join(problems)


def _form_templates() -> dict[str, str]:
    return {
        str(path.relative_to(TEMPLATES)): path.read_text(encoding="utf-8")
        for path in TEMPLATES.rglob("*.html")
        if "<form" in path.read_text(encoding="utf-8")
        and path.relative_to(TEMPLATES).parts[0] != "admin"
    }


def test_every_public_form_template_has_the_error_summary() -> None:
    partials_with_summary = {
        name for name, text in _all_templates().items() if "{% error_summary " in text
    }
    missing = []
    for name, text in _form_templates().items():
        includes = set(re.findall(r'{% include "([^"]+)"', text))
        has_summary = "{% error_summary " in text or includes & partials_with_summary
        if not has_summary and name not in WITHOUT_SUMMARY:
            missing.append(name)

    assert not missing, f"forms without {{% error_summary %}}: {missing}"
    assert set(WITHOUT_SUMMARY) <= set(_form_templates()), "WITHOUT_SUMMARY names a stale file"


def _all_templates() -> dict[str, str]:
    return {
        str(path.relative_to(TEMPLATES)): path.read_text(encoding="utf-8")
        for path in TEMPLATES.rglob("*.html")
    }
