"""A call's statistics for coordinators, and the mails they write to speakers and
registrants (once per address)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail as django_mail
from django.test import Client

from events import services
from events.models import CallForPapers, Registration, Review, Submission, SubmissionSpeaker
from events.services.statistics import call_statistics
from network.models import Perspective, User
from network.permissions import REVIEWERS
from tests.factories import CallForPapersFactory, UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def call(db: None) -> CallForPapers:
    call = CallForPapersFactory(paired_review=True)
    call.criteria.create(name="Pertinence", max_score=4)
    return call


def proposal(call: CallForPapers, title: str, state: str, *emails: str) -> Submission:
    owner = UserFactory(email=emails[0])
    submission = Submission.objects.create(call=call, owner=owner, title=title, state=state)
    for position, email in enumerate(emails):
        SubmissionSpeaker.objects.create(
            submission=submission, name=f"Personne {position}", email=email, position=position
        )
    return submission


def scored(submission: Submission, reviewer: User, value: int) -> None:
    review = Review.objects.create(submission=submission, reviewer=reviewer)
    criterion = submission.call.criteria.get()
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    submission.refresh_from_db()
    services.submit_review(review, by=reviewer, scores={criterion.pk: value}, comment="")


def test_the_statistics_count_rank_and_chart(
    client: Client, coordinator: User, call: CallForPapers
) -> None:
    lived = UserFactory(perspective=Perspective.LIVED_EXPERIENCE)
    pro = UserFactory(perspective=Perspective.PROFESSIONAL)
    for user in (lived, pro):
        user.groups.add(Group.objects.get(name=REVIEWERS))
    good = proposal(call, "Bonne", Submission.State.SUBMITTED, "a@example.org")
    weak = proposal(call, "Faible", Submission.State.SUBMITTED, "b@example.org")
    scored(good, lived, 4)
    scored(good, pro, 4)
    scored(weak, pro, 1)
    Review.objects.create(submission=weak, reviewer=lived)  # still due

    stats = call_statistics(call)
    assert ("Envoyée", 2) in stats.by_state
    assert stats.missing_by_reviewer == [(lived.email, 1)]
    assert [s.title for s in stats.unpaired] == ["Faible"]
    assert [s.title for s in stats.ranking] == ["Bonne", "Faible"]
    assert stats.distributions[0].counts == [0, 1, 0, 0, 2]

    client.force_login(coordinator)
    page = client.get(f"/relecture/appels/{call.pk}/statistiques/").content.decode()
    assert "Faible" in page and 'class="bar"' in page


def test_the_statistics_are_for_coordinators_only(
    client: Client, reviewer: User, call: CallForPapers
) -> None:
    client.force_login(reviewer)
    response = client.get(f"/relecture/appels/{call.pk}/statistiques/")
    assert response["Location"].startswith("/admin/login/")


def test_speakers_of_a_call_are_mailed_once_each(
    client: Client,
    coordinator: User,
    call: CallForPapers,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    proposal(call, "Un", Submission.State.ACCEPTED, "a@example.org", "co@example.org")
    proposal(call, "Deux", Submission.State.CONFIRMED, "CO@example.org")
    proposal(call, "Trois", Submission.State.REJECTED, "c@example.org")
    proposal(call, "Brouillon", Submission.State.DRAFT, "d@example.org")
    client.force_login(coordinator)
    data = {
        "states": ["accepted", "confirmed"],
        "subject": "{{ event }} : informations",
        "body": "Bonjour {{ name }}, pour « {{ title }} ».",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/relecture/ecrire/intervenants/{call.pk}/", data)

    assert response.status_code == 302
    recipients = sorted(m.to[0].lower() for m in django_mail.outbox)
    assert recipients == ["a@example.org", "co@example.org"]
    assert "pour « Un »" in django_mail.outbox[0].body


def test_registrants_are_mailed_once_and_templates_are_checked(
    client: Client,
    coordinator: User,
    call: CallForPapers,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    event = call.event
    for email, status in (
        ("r@example.org", Registration.Status.CONFIRMED),
        ("R@example.org", Registration.Status.WAITING),
        ("x@example.org", Registration.Status.CANCELLED),
    ):
        Registration.objects.create(event=event, name="R", email=email, status=status)
    client.force_login(coordinator)
    url = f"/relecture/ecrire/inscrits/{event.pk}/"
    broken = client.post(url, {"subject": "{% if %}", "body": "x"})
    assert "ne peut pas être composé" in broken.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"subject": "Rappel", "body": "Bonjour {{ name }}"})
    assert [m.to for m in django_mail.outbox] == [["r@example.org"]]


def test_only_coordinators_write(client: Client, reviewer: User, call: CallForPapers) -> None:
    client.force_login(reviewer)
    for url in (
        f"/relecture/ecrire/intervenants/{call.pk}/",
        f"/relecture/ecrire/inscrits/{call.event.pk}/",
    ):
        assert client.get(url)["Location"].startswith("/admin/login/")
