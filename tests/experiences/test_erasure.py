"""Personal data over time: erasure on request and at the end of the retention period,
the warning before, and a log that keeps none of the data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from experiences import services
from experiences.models import (
    Campaign,
    ErasureLog,
    PublishedExperience,
    Response,
    ResponseAttachment,
)
from network import reminders
from network.models import OutgoingMail, SentReminder
from network.timezones import PARIS, end_of_day
from tests.experiences.conftest import form_data, link_in_mail, text
from tests.experiences.factories import CampaignFactory, ResponseFactory, small_pdf

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
EMAIL = "awa.diallo@example.org"
PDF = small_pdf()


def database_holds(value: str) -> list[str]:
    """Every table and column of the database where ``value`` appears, in any text column."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            for column in description:
                if column.type_code in _text_types():
                    name, column_name = (connection.ops.quote_name(n) for n in (table, column.name))
                    cursor.execute(  # names from the database's own catalogue, quoted
                        f"SELECT 1 FROM {name} WHERE {column_name}::text LIKE %s LIMIT 1",  # noqa: S608
                        [f"%{value}%"],
                    )
                    if cursor.fetchone():
                        found.append(f"{table}.{column.name}")
    return found


def _text_types() -> set[Any]:
    if connection.vendor == "postgresql":
        return {25, 1043, 3802, 114}  # text, varchar, jsonb, json
    return {"text", "varchar"}


@pytest.fixture
def published_from_response(campaign: Campaign, settings: Any, tmp_path: Any) -> Response:
    settings.MEDIA_ROOT = tmp_path
    response = ResponseFactory(
        campaign=campaign, submitted=True, email=EMAIL, name="Awa Diallo", phone="0612345678"
    )
    ResponseAttachment.objects.create(
        response=response,
        file=ContentFile(PDF, name="cr.pdf"),
        name="compte-rendu-awa.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    PublishedExperience.objects.create(
        campaign=campaign,
        response=response,
        title="Un comité d'usagers",
        slug="un-comite",
        summary="Un résumé sans donnée personnelle.",
        organisation_type="usagers",
        level="avis",
        published=True,
        published_at=timezone.now(),
    )
    return response


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads every column with ::text")
def test_a_deletion_request_erases_the_data_at_once_and_keeps_the_summary(
    client: Client,
    campaign: Campaign,
    published_from_response: Response,
    django_capture_on_commit_callbacks: Capture,
    tmp_path: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_links(campaign, email=EMAIL)
    link = link_in_mail(EMAIL)

    page = text(client.get(link + "supprimer/"))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link + "supprimer/")

    assert "Effacer définitivement" in page
    assert "Votre réponse et vos données personnelles sont effacées" in text(done)
    assert not Response.objects.exists()
    for personal in (EMAIL, "Awa Diallo", "0612345678", "compte-rendu-awa"):
        assert database_holds(personal) == [], personal
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    log = ErasureLog.objects.get()
    assert (log.reason, log.attachments, log.kept_publication) == ("respondent", 1, True)
    assert log.mails == 1
    assert "Un résumé sans donnée personnelle." in text(
        client.get("/experiences/publiees/un-comite/")
    )
    assert client.get(link).status_code == 404


def test_a_coordinator_erases_on_a_request_received_by_mail(
    client: Client, coordinator: Any, campaign: Campaign
) -> None:
    response = ResponseFactory(campaign=campaign, email=EMAIL, title="Un comité d'usagers")
    client.force_login(coordinator)
    action = {"action": "erase", "_selected_action": [response.pk]}

    asked = client.post("/admin/experiences/response/", action)

    assert asked.status_code == 200
    assert f"{response.reference} — Un comité d'usagers" in text(asked)
    assert "Oui, effacer définitivement" in text(asked)
    assert Response.objects.filter(pk=response.pk).exists(), "nothing erased before confirming"

    done = client.post("/admin/experiences/response/", {**action, "confirm": "yes"}, follow=True)

    assert "1 réponse(s) effacée(s)." in text(done)
    assert not Response.objects.exists()
    log = ErasureLog.objects.get()
    assert (log.reason, log.erased_by, log.reference) == (
        "coordinator",
        coordinator,
        response.reference,
    )


def test_responses_are_erased_at_the_end_of_the_retention_period(
    campaign: Campaign, published_from_response: Response
) -> None:
    other = CampaignFactory()
    kept = ResponseFactory(campaign=other)
    closes = end_of_day(datetime.date(2026, 5, 31))
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=closes, retention_months=12)
    campaign.refresh_from_db()

    assert campaign.erase_at == end_of_day(datetime.date(2027, 5, 31))
    assert services.erase_expired(now=campaign.erase_at - datetime.timedelta(seconds=1)) == 0
    assert Response.objects.filter(campaign=campaign).exists()

    assert services.erase_expired(now=campaign.erase_at + datetime.timedelta(seconds=1)) == 1

    assert list(Response.objects.all()) == [kept]
    assert ErasureLog.objects.get().reason == "retention"
    assert PublishedExperience.objects.get().response is None


def test_a_warning_goes_out_a_month_before_erasure_once(
    campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=end_of_day(datetime.date(2026, 5, 31)), retention_months=12
    )
    ResponseFactory(campaign=campaign, email=EMAIL, title="Mon comité")
    two_months_before = datetime.datetime(2027, 3, 31, 12, tzinfo=PARIS)
    a_month_before = datetime.datetime(2027, 5, 2, 12, tzinfo=PARIS)

    assert reminders.sweep(two_months_before).sent == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.sweep(a_month_before)
        again = reminders.sweep(a_month_before + datetime.timedelta(days=1))

    assert (first.sent, again.sent) == (1, 0)
    mail = OutgoingMail.objects.get(template="experience_erasure_warning")
    assert mail.to == EMAIL
    assert "31 mai 2027" in mail.subject
    assert "/experiences/reponse/" in mail.body_text
    assert SentReminder.objects.get().kind == "experience-erasure-warning"


def test_erasure_runs_every_night_from_celery_beat() -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE["erase-expired-personal-data"]
    assert schedule["task"] == "experiences.tasks.erase_expired_personal_data"

    from experiences.tasks import erase_expired_personal_data

    assert erase_expired_personal_data.name == schedule["task"]


def test_the_task_erases_what_is_due(campaign: Campaign) -> None:
    from experiences.tasks import erase_expired_personal_data

    ResponseFactory(campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(days=400), retention_months=12
    )

    assert erase_expired_personal_data.delay().get() == 1
    assert not Response.objects.exists()


def test_the_form_post_does_not_keep_data_of_an_erased_response(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/experiences/{campaign.slug}/participer/", form_data(email=EMAIL))
    link = link_in_mail(EMAIL)
    client.post(link + "supprimer/")

    assert not OutgoingMail.objects.filter(to=EMAIL).exists()
    assert client.post(link, form_data()).status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads every column with ::text")
def test_erasure_finds_the_mails_sent_to_an_address_the_respondent_has_since_changed(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    first_address = "ancienne.adresse@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/experiences/{campaign.slug}/participer/",
            form_data(email=first_address, action="save"),
        )
    link = link_in_mail(first_address)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, form_data(email=EMAIL, action="save"))  # a corrected address
    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep(campaign.closes_at - datetime.timedelta(hours=1))
    assert OutgoingMail.objects.filter(to=first_address, template="experience_link").exists()
    assert OutgoingMail.objects.filter(to=EMAIL, template="experience_reminder_draft").exists()

    client.post(link + "supprimer/")

    assert database_holds(first_address) == []
    assert database_holds(EMAIL) == []


def test_erasing_one_response_keeps_the_mails_of_another_one_from_the_same_address(
    campaign: Campaign,
) -> None:
    erased, other = (
        services.save_response(campaign, response=None, answers={"email": EMAIL, "title": title})
        for title in ("Première démarche", "Seconde démarche")
    )
    other_mails = list(OutgoingMail.objects.filter(about=services.mail_about_key(other)))
    assert [mail.template for mail in other_mails] == ["experience_link"]

    services.erase_response(erased, reason=ErasureLog.Reason.RESPONDENT)

    assert not OutgoingMail.objects.filter(about=services.mail_about_key(erased)).exists()
    assert list(OutgoingMail.objects.filter(about=services.mail_about_key(other))) == other_mails
