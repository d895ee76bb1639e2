"""Reminders before closing to respondents whose draft is unfinished, through the engine."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from experiences.models import Campaign
from network import reminders
from network.models import OutgoingMail, SentReminder
from network.timezones import PARIS, end_of_day
from tests.experiences.factories import ResponseFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def test_unfinished_drafts_are_reminded_seven_days_then_one_day_before_closing(
    campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    closes = end_of_day(datetime.date(2027, 5, 31))
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=datetime.datetime(2026, 6, 1, tzinfo=PARIS), closes_at=closes
    )
    ResponseFactory(campaign=campaign, email="brouillon@example.org", title="Mon comité")
    ResponseFactory(campaign=campaign, email="envoyee@example.org", submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        too_early = reminders.sweep(closes - datetime.timedelta(days=8))
        week = reminders.sweep(closes - datetime.timedelta(days=7))
        week_again = reminders.sweep(closes - datetime.timedelta(days=6))
        day = reminders.sweep(closes - datetime.timedelta(hours=20))
        after = reminders.sweep(closes + datetime.timedelta(hours=1))

    assert [too_early.sent, week.sent, week_again.sent, day.sent, after.sent] == [0, 1, 0, 1, 0]
    kinds = sorted(SentReminder.objects.values_list("kind", flat=True))
    assert kinds == ["experience-draft-1d", "experience-draft-7d"]
    mails = OutgoingMail.objects.filter(template="experience_reminder_draft")
    assert {m.to for m in mails} == {"brouillon@example.org"}
    subjects = sorted(m.subject for m in mails)
    assert subjects[0].startswith("Plus qu")
    assert all("/experiences/reponse/" in m.body_text for m in mails)


def test_a_campaign_without_reminder_days_sends_none(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(reminder_days="")
    ResponseFactory(campaign=campaign)

    assert reminders.sweep(campaign.closes_at - datetime.timedelta(hours=1)).sent == 0
