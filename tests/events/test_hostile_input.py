"""Hostile bodies on every events form: other content types, inflated formsets, ids that
are not numbers. Always a 400 (or the form again) with a message, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from events import services
from events.models import Review, Submission
from network.models import User
from network.permissions import COORDINATORS
from tests.factories import CallForPapersFactory, UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db

BODIES = [
    ("application/json", b'{"title": "x", "intervenants-TOTAL_FORMS": "1"}'),
    ("application/xml", b"<?xml version='1.0'?><title>x</title>"),
    ("text/plain", b"title=x&abstract=y"),
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=title\r\n\r\nx"),
]


INLINE_PREFIXES = [
    f"{prefix}-TOTAL_FORMS"
    for prefix in ("slots", "speakers", "themes", "contribution_kinds", "criteria")
]


@pytest.fixture
def world(speaker_a: User, reviewer: User) -> dict[str, Any]:
    call = CallForPapersFactory(event__slug="journee", event__registration_open=True)
    call.themes.create(title="Pair-aidance")
    call.criteria.create(name="Pertinence", max_score=5)
    draft = services.start_submission(call, by=speaker_a)
    sent = services.save_draft(
        services.start_submission(call, by=speaker_a),
        by=speaker_a,
        changes={"title": "Envoyée", "abstract": "Un résumé.", "theme": call.themes.get()},
    )
    services.submit_submission(sent, by=speaker_a)
    review = services.assign_reviewer(sent, reviewer=reviewer)
    registration = services.register_attendee(call.event, name="Awa", email="awa@example.org")
    return {"call": call, "draft": draft, "review": review, "registration": registration}


def forms(world: dict[str, Any]) -> list[tuple[str, str]]:
    """Every events form: (who posts, where)."""
    return [
        ("speaker", "/evenements/journee/appel/proposer/"),
        ("speaker", f"/propositions/{world['draft'].pk}/"),
        ("speaker", f"/propositions/{world['draft'].pk}/brouillon/"),
        ("reviewer", f"/relecture/{world['review'].pk}/"),
        ("anonymous", "/evenements/journee/inscription/"),
        ("anonymous", f"/inscriptions/confirmer/{services.confirm_token(world['registration'])}/"),
        ("anonymous", f"/inscriptions/annuler/{services.cancel_token(world['registration'])}/"),
    ]


def test_every_events_form_answers_other_content_types_without_a_500(
    world: dict[str, Any], speaker_a: User, reviewer: User
) -> None:
    people = {"speaker": speaker_a, "reviewer": reviewer}
    tried = 0
    for who, url in forms(world):
        client = Client(raise_request_exception=False)
        if who in people:
            client.force_login(people[who])
        for content_type, body in BODIES:
            response = client.post(url, body, content_type=content_type)
            assert response.status_code in {200, 302, 400, 409}, (url, content_type)
            tried += 1
    assert tried == 28
    world["draft"].refresh_from_db()
    assert world["draft"].title == ""  # nothing was saved from those bodies


def test_the_autosave_saves_only_what_was_posted(world: dict[str, Any], speaker_a: User) -> None:
    draft = world["draft"]
    services.save_draft(draft, by=speaker_a, changes={"title": "Mon titre", "abstract": "Texte"})
    client = Client()
    client.force_login(speaker_a)

    empty = client.post(f"/propositions/{draft.pk}/brouillon/", b"{}", "application/json")
    partial = client.post(f"/propositions/{draft.pk}/brouillon/", {"note": "Une note"})

    assert empty.status_code == 400
    assert "Rien à enregistrer" in empty.json()["message"]
    assert partial.status_code == 200
    draft.refresh_from_db()
    assert (draft.title, draft.abstract, draft.note) == ("Mon titre", "Texte", "Une note")


def speakers_data(total: str) -> dict[str, str]:
    return {
        "action": "save",
        "title": "Titre",
        "intervenants-TOTAL_FORMS": total,
        "intervenants-INITIAL_FORMS": "0",
        "intervenants-0-name": "Oratrice",
        "intervenants-0-email": "oratrice.a@example.org",
    }


def test_an_inflated_speakers_formset_is_refused_without_building_its_forms(
    world: dict[str, Any], speaker_a: User
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(speaker_a)

    for url in ("/evenements/journee/appel/proposer/", f"/propositions/{world['draft'].pk}/"):
        response = client.post(url, speakers_data("100000"))

        assert response.status_code == 400, url
        formset = response.context["speakers"]
        assert len(formset.forms) <= 8
        assert "8" in " ".join(formset.non_form_errors())
    assert Submission.objects.count() == 2


def test_an_inflated_admin_inline_is_refused_without_building_its_forms(
    world: dict[str, Any], coordinator: User
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    submission = world["review"].submission
    url = f"/admin/events/submission/{submission.pk}/change/"
    data = {
        "call": world["call"].pk,
        "title": submission.title,
        "abstract": submission.abstract,
        "theme": world["call"].themes.get().pk,
        "speakers-TOTAL_FORMS": "100000",
        "speakers-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "100000",
        "reviews-INITIAL_FORMS": "0",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    for formset in response.context["inline_admin_formsets"]:
        assert len(formset.formset.forms) <= 20
        assert formset.formset.non_form_errors()
    for path in (
        "/admin/events/event/add/",
        "/admin/events/programmeslot/add/",
        "/admin/events/callforpapers/add/",
    ):
        answer = client.post(path, dict.fromkeys(INLINE_PREFIXES, "100000"))
        assert answer.status_code == 200, path
        for formset in answer.context["inline_admin_formsets"]:
            assert len(formset.formset.forms) <= 100, path


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "\x00", "1.5", "-1"])
def test_ids_that_are_not_ids_are_form_errors(
    world: dict[str, Any], speaker_a: User, coordinator: User, value: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(speaker_a)
    data = speakers_data("1") | {"theme": value, "intervenants-0-engagement_role": value}

    proposal = client.post("/evenements/journee/appel/proposer/", data)

    assert proposal.status_code == 400
    assert {"theme"} <= set(proposal.context["form"].errors)
    assert proposal.context["speakers"].forms[0].errors["engagement_role"]
    client.force_login(coordinator)
    submission = world["review"].submission
    admin = client.post(
        f"/admin/events/submission/{submission.pk}/change/",
        {
            "call": value,
            "theme": value,
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
            "reviews-TOTAL_FORMS": "2",
            "reviews-INITIAL_FORMS": "1",
            "reviews-0-id": value,
            "reviews-0-submission": submission.pk,
            "reviews-1-reviewer": value,
            "reviews-1-submission": submission.pk,
        },
    )
    if "\x00" in value:  # refused whole in the admin, before any query
        assert admin.status_code == 400
    else:
        assert admin.status_code == 200
        assert admin.context["adminform"].form.errors
    assert Review.objects.count() == 1


def test_a_non_staff_account_in_the_coordinators_group_reads_no_proposal_pdf(
    world: dict[str, Any], coordinator: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    submission = world["review"].submission
    submission.attachment.save("resume.pdf", ContentFile(pdf_bytes()), save=True)
    promoted = UserFactory(email="pas.staff@example.org")
    promoted.groups.add(Group.objects.get(name=COORDINATORS))
    url = f"/propositions/{submission.pk}/document.pdf"

    refused = Client()
    refused.force_login(promoted)
    allowed = Client()
    allowed.force_login(coordinator)

    assert refused.get(url).status_code == 404
    assert allowed.get(url).status_code == 200
