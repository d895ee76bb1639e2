"""The admin home's dashboard: what the coordination has to look at, in constant queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Registration, Review, Submission
from network.dashboard import gather_dashboard
from network.models import OutgoingMail, User
from tests.factories import (
    CallForPapersFactory,
    EventFactory,
    PressDossierFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _fill(rows: int) -> None:
    for n in range(rows):
        call = CallForPapersFactory(
            opens_at=timezone.now() - datetime.timedelta(days=3),
            closes_at=timezone.now() + datetime.timedelta(days=10),
        )
        for state in (
            Submission.State.SUBMITTED,
            Submission.State.SUBMITTED,
            Submission.State.DRAFT,
        ):
            submission = Submission.objects.create(
                call=call, owner=UserFactory(), title=f"Proposition {n} {state}", state=state
            )
        Review.objects.create(submission=submission, reviewer=UserFactory())
        event = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=5 + n))
        Registration.objects.create(
            event=event,
            name="Awa",
            email=f"awa{n}@example.org",
            status=Registration.Status.CONFIRMED,
        )
    PressDossierFactory()


@pytest.mark.parametrize("rows", [1, 3])
def test_the_figures_cost_the_same_queries_whatever_their_number(
    django_assert_num_queries: Any, rows: int
) -> None:
    _fill(rows)
    with django_assert_num_queries(7):
        figures = gather_dashboard()
    assert len(figures.open_calls) == rows
    states = {s["label"]: s["count"] for s in figures.open_calls[0]["states"]}
    assert states == {"Envoyée": 2, "Brouillon": 1}
    assert figures.reviews_missing == rows
    assert sum(e["confirmed"] for e in figures.upcoming_events) == rows
    assert figures.dossier is not None


def test_the_admin_home_shows_the_dashboard(client: Client, coordinator: User) -> None:
    _fill(1)
    client.force_login(coordinator)
    page = client.get("/admin/").content.decode()
    assert "À suivre" in page
    assert "Appels ouverts" in page
    assert "2 envoyée" in page
    assert "1 relecture attendue" in page
    assert "1 inscrit" in page
    assert "Dossier de presse" in page


def test_the_admin_home_says_which_mails_failed_or_are_late(
    client: Client, coordinator: User
) -> None:
    def mail(status: str, hours_ago: float) -> None:
        sent = OutgoingMail.objects.create(
            template="t", to="awa@example.org", subject="s", body_text="b", status=status
        )
        written = timezone.now() - datetime.timedelta(hours=hours_ago)
        OutgoingMail.objects.filter(pk=sent.pk).update(created_at=written)

    client.force_login(coordinator)
    assert "Tous les courriels sont partis." in client.get("/admin/").content.decode()

    mail(OutgoingMail.Status.FAILED, 30)
    mail(OutgoingMail.Status.QUEUED, 3)
    mail(OutgoingMail.Status.QUEUED, 2.5)
    mail(OutgoingMail.Status.QUEUED, 0.1)  # just written: not late
    mail(OutgoingMail.Status.SENT, 50)
    page = client.get("/admin/").content.decode()

    assert "?status__exact=failed\">1 courriel n'a pas pu être envoyé</a>" in page
    assert (
        '?status__exact=queued">2 courriels attendent de partir depuis plus de deux heures</a>'
    ) in page
    assert "Tous les courriels sont partis." not in page


def test_the_proposals_list_shows_speakers_and_each_theme_once(
    client: Client, coordinator: User, django_assert_max_num_queries: Any
) -> None:
    from events.models import CallTheme, SubmissionSpeaker

    for n in range(2):
        call = CallForPapersFactory()
        theme = CallTheme.objects.create(call=call, title="Pair-aidance")
        submission = Submission.objects.create(
            call=call,
            owner=UserFactory(),
            title=f"Proposition {n}",
            theme=theme,
            state=Submission.State.SUBMITTED,
        )
        SubmissionSpeaker.objects.create(submission=submission, name=f"Intervenante {n}")
    client.force_login(coordinator)

    page = client.get("/admin/events/submission/").content.decode()

    assert "Intervenante 0" in page and "Intervenante 1" in page
    assert page.count(">Pair-aidance</a>") == 1
    filtered = client.get("/admin/events/submission/?thematique=Pair-aidance").content.decode()
    assert "Proposition 0" in filtered and "Proposition 1" in filtered
