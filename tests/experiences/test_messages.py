"""Answers that reach their authors: the working group writes, the respondent answers from
their page, is told of the publication and may ask for a correction before a date."""

from __future__ import annotations

import datetime
import html

import pytest
from django.test import Client
from django.utils import timezone

from experiences import services
from experiences.models import Campaign, ErasureLog, Message, PublishedExperience, Response
from network.models import OutgoingMail, User
from tests.experiences.conftest import link_in_mail, member
from tests.experiences.factories import PublishedExperienceFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(campaign: Campaign) -> User:
    return member(campaign, "usager", "lecteur@example.org")


def sent(campaign: Campaign, *, consent: bool = True) -> Response:
    return ResponseFactory(
        campaign=campaign, submitted=True, email="awa@example.org", recontact_consent=consent
    )


def test_the_group_writes_and_the_respondent_answers_from_their_page(
    client: Client, campaign: Campaign, reader: User
) -> None:
    response = sent(campaign)
    client.force_login(reader)
    posted = client.post(
        f"/experiences/groupe-de-travail/{response.pk}/message/",
        {"kind": "question", "body": "Combien de réunions par an ?"},
    )
    assert posted.status_code == 302
    mail = OutgoingMail.objects.get(template="experience_message")
    assert mail.to == "awa@example.org" and "Combien de réunions" in mail.body_text
    client.logout()
    link = link_in_mail("awa@example.org")
    page = client.get(link).content.decode()
    assert "Combien de réunions par an ?" in page and "Répondre au groupe de travail" in page
    client.post(link + "message/", {"body": "Une par mois."})
    reply = Message.objects.get(kind=Message.Kind.REPLY)
    assert reply.body == "Une par mois." and reply.response == response
    notice = OutgoingMail.objects.get(template="experience_reply")
    assert notice.to == campaign.contact_email and "Une par mois" not in notice.body_text
    client.force_login(reader)
    page = client.get(f"/experiences/groupe-de-travail/{response.pk}/").content.decode()
    assert "Une par mois." in page


def test_nobody_writes_to_a_respondent_who_did_not_consent(
    client: Client, campaign: Campaign, reader: User
) -> None:
    response = sent(campaign, consent=False)
    client.force_login(reader)
    page = client.get(f"/experiences/groupe-de-travail/{response.pk}/").content.decode()
    assert "accepté d'être recontactée : le groupe ne peut pas" in html.unescape(page)
    client.post(
        f"/experiences/groupe-de-travail/{response.pk}/message/",
        {"kind": "merci", "body": "Merci !"},
    )
    assert not Message.objects.exists()
    assert not OutgoingMail.objects.filter(template="experience_message").exists()


def test_a_respondent_cannot_write_first(client: Client, campaign: Campaign) -> None:
    client.post(
        "/experiences/recueil/participer/",
        {"email": "awa@example.org", "action": "save", "recontact_consent": "on"},
    )
    client.post(link_in_mail("awa@example.org") + "message/", {"body": "Bonjour"})
    assert not Message.objects.exists()


def test_outsiders_cannot_write(client: Client, campaign: Campaign, speaker_a: User) -> None:
    response = sent(campaign)
    client.force_login(speaker_a)
    answer = client.post(
        f"/experiences/groupe-de-travail/{response.pk}/message/",
        {"kind": "merci", "body": "Merci !"},
    )
    assert answer.status_code in (302, 403, 404)
    assert not Message.objects.exists()


def test_publication_is_told_with_its_summary_and_a_correction_date(
    client: Client, campaign: Campaign
) -> None:
    response = sent(campaign)
    experience = PublishedExperienceFactory(
        campaign=campaign, response=response, published=False, summary="Un comité qui marche."
    )
    services.tell_published(experience)
    mail = OutgoingMail.objects.get(template="experience_published")
    assert "Un comité qui marche." in mail.body_text
    experience.published = True
    experience.save()
    link = link_in_mail("awa@example.org")
    page = client.get(link).content.decode()
    assert "Votre expérience est publiée" in page and "Demander une correction" in page
    client.post(link + "message/", {"body": "Le nom du quartier est faux.", "correction": "1"})
    assert Message.objects.get().kind == Message.Kind.CORRECTION


def test_no_correction_after_its_date(client: Client, campaign: Campaign) -> None:
    response = sent(campaign)
    PublishedExperienceFactory(
        campaign=campaign,
        response=response,
        correction_until=timezone.now() - datetime.timedelta(days=1),
    )
    services.mail_links(campaign, email="awa@example.org")
    link = link_in_mail("awa@example.org")
    assert "Demander une correction" not in client.get(link).content.decode()
    client.post(link + "message/", {"body": "Trop tard ?", "correction": "1"})
    assert not Message.objects.exists()


def test_nothing_is_kept_after_erasure(campaign: Campaign, reader: User) -> None:
    response = sent(campaign)
    services.write_to_respondent(response, by=reader, kind="merci", body="Merci beaucoup")
    services.erase_response(response, reason=ErasureLog.Reason.RESPONDENT)
    assert not Message.objects.exists()
    assert not OutgoingMail.objects.filter(template="experience_message").exists()
    assert PublishedExperience.objects.count() == 0


def test_publishing_tells_the_respondent_once(campaign: Campaign) -> None:
    response = sent(campaign)
    response.remarkable = True
    response.save()
    for perspective, email in (("usager", "u@example.org"), ("professionnel", "p@example.org")):
        response.assessments.create(
            member=member(campaign, perspective, email), perspective=perspective, remarkable=True
        )
    publisher = User.objects.create_superuser(email="admin@example.org", password="x")
    experience = services.prepare_publication(response, by=publisher)
    experience.summary = "Un comité qui marche."
    experience.save()
    services.publish_experience(experience, by=publisher)
    services.unpublish_experience(experience, by=publisher)
    services.publish_experience(experience, by=publisher)
    told = OutgoingMail.objects.get(template="experience_published")
    assert told.to == "awa@example.org" and "Un comité qui marche." in told.body_text
    experience.refresh_from_db()
    assert experience.correction_until is not None
