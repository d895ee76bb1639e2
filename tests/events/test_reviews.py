"""Review, decisions and confirmation: from a submitted abstract to the programme."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail as django_mail
from django.core.exceptions import ValidationError
from django.forms.models import inlineformset_factory
from django.test import Client
from django.utils import timezone

from events import services
from events.admin import ReviewInline
from events.models import CallForPapers, Review, Submission
from network.models import Perspective, User
from network.permissions import REVIEWERS
from tests.factories import CallForPapersFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def call(db: None) -> CallForPapers:
    call = CallForPapersFactory()
    call.themes.create(title="Pair-aidance")
    call.contribution_kinds.create(name="Actions concrètes")
    call.criteria.create(name="Pertinence", max_score=5)
    call.criteria.create(name="Clarté", max_score=5)
    return call


@pytest.fixture
def submitted(call: CallForPapers, speaker_a: User) -> Submission:
    submission = services.start_submission(call, by=speaker_a)
    submission.speakers.update(name="Oratrice Alpha", affiliation="La Case de Santé")
    services.save_draft(
        submission,
        by=speaker_a,
        changes={
            "title": "La médiation paire",
            "abstract": "Un résumé.",
            "theme": call.themes.get(),
            "contribution_kind": call.contribution_kinds.get(),
        },
    )
    submission = services.submit_submission(submission, by=speaker_a)
    # The deadline has passed: reviews and decisions come after it.
    CallForPapers.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    submission.refresh_from_db()
    return submission


def scores(call: CallForPapers, *values: int) -> dict[int, int]:
    return dict(zip([c.pk for c in call.criteria.all()], values, strict=True))


def test_reviewers_see_the_abstract_but_not_the_speakers_unless_the_call_allows(
    client: Client, reviewer: User, submitted: Submission
) -> None:
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    client.force_login(reviewer)

    blind = client.get(f"/relecture/{review.pk}/").content.decode()
    CallForPapers.objects.filter(pk=submitted.call_id).update(reviewers_see_speakers=True)
    open_review = client.get(f"/relecture/{review.pk}/").content.decode()

    assert "La médiation paire" in blind and "Un résumé." in blind
    assert "Oratrice Alpha" not in blind and "oratrice.a@example.org" not in blind
    assert "Oratrice Alpha" in open_review


def test_a_reviewer_scores_each_criterion_and_comments(
    client: Client, reviewer: User, submitted: Submission
) -> None:
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    client.force_login(reviewer)
    fields = {f"critere_{pk}": value for pk, value in scores(submitted.call, 4, 3).items()}

    response = client.post(f"/relecture/{review.pk}/", {**fields, "comment": "Très clair."})

    review.refresh_from_db()
    assert response.status_code == 302
    assert str(review.score) == "3.50" and review.comment == "Très clair."
    assert "Rendue (moyenne 3,50)" in client.get("/relecture/").content.decode()


def test_a_score_out_of_range_is_refused_in_french(
    client: Client, reviewer: User, submitted: Submission
) -> None:
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    client.force_login(reviewer)
    fields = {f"critere_{pk}": value for pk, value in scores(submitted.call, 9, 3).items()}

    response = client.post(f"/relecture/{review.pk}/", fields)

    assert response.status_code == 400
    # the scores are radio buttons from 0 to the maximum: 9 is not one of them
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.parametrize("persona", ["speaker_a", "speaker_b", "working_group_member"])
def test_only_the_assigned_reviewer_opens_a_review(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    reviewer: User,
    submitted: Submission,
) -> None:
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(f"/relecture/{review.pk}/").status_code == 403


def test_nobody_reviews_a_proposal_they_speak_in(
    submitted: Submission, speaker_a: User, reviewer: User
) -> None:
    speaker_a.groups.add(Group.objects.get(name=REVIEWERS))
    submitted.speakers.create(name="Co-intervenant", email=reviewer.email.upper())

    for person in (speaker_a, reviewer):
        with pytest.raises(ValidationError, match="intervient dans cette proposition"):
            services.assign_reviewer(submitted, reviewer=person)
    formset = inlineformset_factory(
        Submission, Review, formset=ReviewInline.formset, fields=["reviewer"], extra=1
    )(
        {
            "reviews-TOTAL_FORMS": "1",
            "reviews-INITIAL_FORMS": "0",
            "reviews-0-reviewer": reviewer.pk,
        },
        instance=submitted,
        prefix="reviews",
    )
    assert not formset.is_valid()
    assert "ne peut pas la relire" in str(formset.errors[0]["reviewer"])
    assert not submitted.reviews.exists()


def test_only_reviewers_can_be_assigned(submitted: Submission, speaker_b: User) -> None:
    with pytest.raises(ValidationError):
        services.assign_reviewer(submitted, reviewer=speaker_b)


def test_paired_review_asks_for_a_review_from_lived_experience_and_a_professional(
    submitted: Submission, reviewer: User
) -> None:
    CallForPapers.objects.filter(pk=submitted.call_id).update(paired_review=True)
    submitted.refresh_from_db()
    reviewer.perspective = Perspective.PROFESSIONAL
    reviewer.save(update_fields=["perspective"])
    peer = UserFactory(perspective=Perspective.LIVED_EXPERIENCE)
    peer.groups.add(Group.objects.get(name=REVIEWERS))
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    services.assign_reviewer(submitted, reviewer=peer)  # assigned, has not reviewed yet
    scores = {criterion.pk: 1 for criterion in submitted.call.criteria.all()}
    services.submit_review(review, by=reviewer, scores=scores, comment="")
    services.stage_decision([submitted], decision=Submission.Decision.ACCEPT)

    assert services.missing_perspectives(submitted) == [
        "Savoir expérientiel (usager, patient, proche)"
    ]
    with pytest.raises(ValidationError, match="Relecture en binôme incomplète"):
        services.send_decisions([submitted])
    assert Submission.objects.get(pk=submitted.pk).state == Submission.State.SUBMITTED


def test_decisions_are_staged_then_sent_from_the_call_texts(
    submitted: Submission, django_capture_on_commit_callbacks: Capture
) -> None:
    django_mail.outbox.clear()
    services.stage_decision([submitted], decision=Submission.Decision.ACCEPT)
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED and django_mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_decisions([submitted]) == 1
        assert services.send_decisions([submitted]) == 0  # sent once

    submitted.refresh_from_db()
    assert submitted.state == Submission.State.ACCEPTED
    (message,) = django_mail.outbox
    assert message.subject == "Votre proposition « La médiation paire » est retenue"
    assert "/propositions/" in message.body


def test_the_accepted_speaker_confirms_and_the_programme_shows_the_talk(
    client: Client, speaker_a: User, submitted: Submission
) -> None:
    services.stage_decision([submitted], decision=Submission.Decision.ACCEPT)
    services.send_decisions([submitted])
    client.force_login(speaker_a)

    client.post(f"/propositions/{submitted.pk}/confirmer/")

    submitted.refresh_from_db()
    assert submitted.state == Submission.State.CONFIRMED and submitted.slot is not None
    programme = client.get(submitted.call.event.get_absolute_url()).content.decode()
    assert "La médiation paire" in programme and "Oratrice Alpha" in programme


def test_a_rejected_or_someone_else_s_submission_cannot_be_confirmed(
    client: Client, speaker_b: User, submitted: Submission
) -> None:
    client.force_login(speaker_b)
    assert client.post(f"/propositions/{submitted.pk}/confirmer/").status_code == 404
    with pytest.raises(ValidationError):
        services.confirm_submission(submitted, by=submitted.owner)


def test_the_admin_list_shows_reviews_and_mean_scores_and_sends_decisions(
    client: Client,
    coordinator: User,
    reviewer: User,
    submitted: Submission,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    services.submit_review(review, by=reviewer, scores=scores(submitted.call, 5, 4), comment="")
    client.force_login(coordinator)

    page = client.get("/admin/events/submission/?note=4").content.decode()
    client.post(
        "/admin/events/submission/", {"action": "stage_reject", "_selected_action": [submitted.pk]}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/events/submission/",
            {"action": "send_staged_decisions", "_selected_action": [submitted.pk]},
        )

    assert "La médiation paire" in page and "1 / 1" in page and "4,50" in page
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.REJECTED


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_submission_list_query_count_does_not_grow(
    client: Client,
    coordinator: User,
    reviewer: User,
    call: CallForPapers,
    speaker_a: User,
    django_assert_max_num_queries: Any,
    rows: int,
) -> None:
    for _ in range(rows):
        submission = services.start_submission(call, by=speaker_a)
        services.assign_reviewer(submission, reviewer=reviewer)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get("/admin/events/submission/").status_code == 200


def test_decisions_wait_for_a_complete_pair_when_the_call_asks_for_one(
    submitted: Submission, reviewer: User
) -> None:
    CallForPapers.objects.filter(pk=submitted.call_id).update(paired_review=True)
    reviewer.perspective = Perspective.PROFESSIONAL
    reviewer.save(update_fields=["perspective"])
    services.assign_reviewer(submitted, reviewer=reviewer)
    services.stage_decision([submitted], decision=Submission.Decision.ACCEPT)

    with pytest.raises(ValidationError, match="binôme incomplète"):
        services.send_decisions([submitted])

    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED


def test_decisions_wait_for_the_deadline_while_proposals_can_still_change(
    submitted: Submission,
) -> None:
    CallForPapers.objects.filter(pk=submitted.call_id).update(
        closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    services.stage_decision([submitted], decision=Submission.Decision.ACCEPT)

    with pytest.raises(ValidationError, match="L'appel est encore ouvert"):
        services.send_decisions([Submission.objects.get(pk=submitted.pk)])

    assert Submission.objects.get(pk=submitted.pk).state == Submission.State.SUBMITTED


def accepted(submission: Submission) -> Submission:
    services.stage_decision([submission], decision=Submission.Decision.ACCEPT)
    services.send_decisions([submission])
    return Submission.objects.get(pk=submission.pk)


def test_a_confirmation_after_its_deadline_is_refused_with_whom_to_ask(
    client: Client, speaker_a: User, submitted: Submission
) -> None:
    CallForPapers.objects.filter(pk=submitted.call_id).update(
        confirmation_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    talk = accepted(submitted)
    client.force_login(speaker_a)

    page = client.post(f"/propositions/{talk.pk}/confirmer/", follow=True).content.decode()

    assert "La date limite de confirmation est passée" in page
    assert talk.call.contact_email in page
    talk.refresh_from_db()
    assert (talk.state, talk.slot) == (Submission.State.ACCEPTED, None)


def test_a_confirmed_speaker_who_cannot_come_leaves_the_programme_and_the_organisers_know(
    client: Client,
    speaker_a: User,
    submitted: Submission,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    talk = accepted(submitted)
    client.force_login(speaker_a)
    client.post(f"/propositions/{talk.pk}/confirmer/")
    assert "La médiation paire" in client.get(talk.call.event.get_absolute_url()).content.decode()
    django_mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/propositions/{talk.pk}/desister/")

    talk.refresh_from_db()
    assert (talk.state, talk.slot) == (Submission.State.WITHDRAWN, None)
    assert (
        "La médiation paire" not in client.get(talk.call.event.get_absolute_url()).content.decode()
    )
    (mail,) = django_mail.outbox
    assert mail.to == [talk.call.contact_email]
    assert "La médiation paire" in mail.subject and "retirée du programme" in mail.body


def test_reviewers_are_those_given_the_permission_to_review(
    client: Client, submitted: Submission, speaker_b: User
) -> None:
    assert Group.objects.get(name=REVIEWERS).permissions.filter(codename="review_submission")
    client.force_login(speaker_b)
    assert client.get("/relecture/").status_code == 403

    speaker_b.user_permissions.add(Permission.objects.get(codename="review_submission"))
    speaker_b = User.objects.get(pk=speaker_b.pk)  # permissions are cached per user object
    review = services.assign_reviewer(submitted, reviewer=speaker_b)

    assert client.get("/relecture/").status_code == 200
    assert client.get(f"/relecture/{review.pk}/").status_code == 200
    assert speaker_b in services.reviewers()


def admin_reviews_data(submission: Submission, *lines: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "call": submission.call_id,
        "title": submission.title,
        "abstract": submission.abstract,
        "theme": submission.theme_id or "",
        "contribution_kind": submission.contribution_kind_id or "",
        "note": "",
        "staged_decision": "",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": str(len(lines)),
        "reviews-INITIAL_FORMS": str(sum(1 for line in lines if "id" in line)),
    }
    for number, line in enumerate(lines):
        data |= {f"reviews-{number}-{name}": value for name, value in line.items()}
    return data


def test_the_admin_assigns_reviewers_through_the_service(
    client: Client, coordinator: User, submitted: Submission, reviewer: User, monkeypatch: Any
) -> None:
    submitted.speakers.all().delete()
    assigned: list[User] = []
    assign = services.assign_reviewer

    def spy(submission: Submission, *, reviewer: User) -> Review:
        assigned.append(reviewer)
        return assign(submission, reviewer=reviewer)

    monkeypatch.setattr(services, "assign_reviewer", spy)
    client.force_login(coordinator)
    url = f"/admin/events/submission/{submitted.pk}/change/"

    saved = client.post(url, admin_reviews_data(submitted, {"reviewer": reviewer.pk}))

    assert saved.status_code == 302, saved.context and saved.context["errors"]
    assert assigned == [reviewer]
    assert list(submitted.reviews.values_list("reviewer", flat=True)) == [reviewer.pk]


def test_the_admin_shows_the_service_s_refusal_as_a_form_error(
    client: Client, coordinator: User, submitted: Submission, reviewer: User
) -> None:
    submitted.speakers.all().delete()
    submitted.speakers.create(name="Relectrice", email=reviewer.email)
    client.force_login(coordinator)
    url = f"/admin/events/submission/{submitted.pk}/change/"

    refused = client.post(url, admin_reviews_data(submitted, {"reviewer": reviewer.pk}))

    assert refused.status_code == 200
    assert "ne peut pas la relire" in refused.content.decode()
    assert not submitted.reviews.exists()


def test_an_assigned_reviewer_line_keeps_its_reviewer(
    client: Client, coordinator: User, submitted: Submission, reviewer: User, speaker_b: User
) -> None:
    submitted.speakers.all().delete()
    review = services.assign_reviewer(submitted, reviewer=reviewer)
    speaker_b.groups.add(Group.objects.get(name=REVIEWERS))
    client.force_login(coordinator)
    url = f"/admin/events/submission/{submitted.pk}/change/"
    line = {"id": review.pk, "submission": submitted.pk, "reviewer": speaker_b.pk}

    client.post(url, admin_reviews_data(submitted, line))

    assert list(submitted.reviews.values_list("reviewer", flat=True)) == [reviewer.pk]
