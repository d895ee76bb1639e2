"""The working group: reading without contact details, assessments, parity for remarkable."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from experiences import services
from experiences.models import Campaign, Response
from network.models import Perspective, User
from tests.experiences.conftest import member, text
from tests.experiences.factories import CampaignFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(campaign: Campaign) -> Response:
    return ResponseFactory(
        campaign=campaign,
        submitted=True,
        title="Un comité d'usagers",
        name="Awa Diallo",
        email="awa.diallo@example.org",
        phone="06 12 34 56 78",
    )


def assess(client: Client, who: User, response: Response, remarkable: str = "oui") -> int:
    client.force_login(who)
    answer = client.post(
        f"/experiences/groupe-de-travail/{response.pk}/",
        {"remarkable": remarkable, "comment": "Belle démarche"},
    )
    return answer.status_code


def test_members_read_sent_responses_without_contact_details(
    client: Client, sent: Response, user_member: User
) -> None:
    draft = ResponseFactory(campaign=sent.campaign, title="Un brouillon")
    client.force_login(user_member)

    listing = text(client.get("/experiences/groupe-de-travail/"))
    page = text(client.get(f"/experiences/groupe-de-travail/{sent.pk}/"))

    assert "Un comité d'usagers" in listing
    assert "Un brouillon" not in listing
    assert client.get(f"/experiences/groupe-de-travail/{draft.pk}/").status_code == 404
    assert "Association des usagers" in page
    for personal in ("Awa Diallo", "awa.diallo@example.org", "06 12 34 56 78"):
        assert personal not in page


def test_only_members_of_the_campaigns_working_group_read_it(
    client: Client,
    sent: Response,
    working_group_member: User,
    speaker_a: User,
    coordinator: User,
) -> None:
    other_campaign_member = member(CampaignFactory(), Perspective.PROFESSIONAL, "autre@example.org")
    url = f"/experiences/groupe-de-travail/{sent.pk}/"

    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(other_campaign_member)
    assert client.get(url).status_code == 404
    assert "Un comité" not in text(client.get("/experiences/groupe-de-travail/"))
    for outsider in (speaker_a, coordinator):  # not in the group « Groupe de travail »
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get("/experiences/groupe-de-travail/").status_code == 403
    client.force_login(working_group_member)  # in the group, not in this campaign's
    assert client.get(url).status_code == 404


def test_an_assessment_is_recorded_once_per_member_and_can_change(
    client: Client, sent: Response, user_member: User
) -> None:
    assert assess(client, user_member, sent, "oui") == 302
    assert assess(client, user_member, sent, "non") == 302

    (assessment,) = sent.assessments.all()
    assert (assessment.member, assessment.remarkable) == (user_member, False)
    assert assessment.perspective == Perspective.LIVED_EXPERIENCE
    assert assessment.comment == "Belle démarche"


def test_an_assessment_without_a_choice_gets_a_message(
    client: Client, sent: Response, user_member: User
) -> None:
    client.force_login(user_member)

    answer = client.post(f"/experiences/groupe-de-travail/{sent.pk}/", {"comment": "?"})

    assert answer.status_code == 400
    assert "Ce champ est obligatoire." in text(answer)
    assert not sent.assessments.exists()


def test_a_member_without_a_point_of_view_is_asked_to_have_it_set(
    client: Client, sent: Response
) -> None:
    undecided = member(sent.campaign, "", "sans.point.de.vue@example.org")

    assert assess(client, undecided, sent) == 400
    assert not sent.assessments.exists()


def test_remarkable_needs_a_favourable_user_and_a_favourable_professional(
    client: Client, sent: Response, user_member: User, professional_member: User
) -> None:
    second_user = member(sent.campaign, Perspective.LIVED_EXPERIENCE, "usager2@example.org")
    assess(client, user_member, sent)
    assess(client, second_user, sent)
    assess(client, professional_member, sent, "non")

    refused = client.post(f"/experiences/groupe-de-travail/{sent.pk}/remarquable/", follow=True)
    assert "il manque un avis favorable d'un membre « Professionnel »" in text(refused)
    assert not Response.objects.get(pk=sent.pk).remarkable

    assess(client, professional_member, sent, "oui")
    client.post(f"/experiences/groupe-de-travail/{sent.pk}/remarquable/")

    retained = Response.objects.get(pk=sent.pk)
    assert retained.remarkable and retained.remarkable_at is not None


def test_a_response_is_no_longer_remarkable_once_a_favourable_assessment_is_withdrawn(
    client: Client, sent: Response, user_member: User, professional_member: User
) -> None:
    assess(client, user_member, sent)
    assess(client, professional_member, sent)
    client.post(f"/experiences/groupe-de-travail/{sent.pk}/remarquable/")
    assert Response.objects.get(pk=sent.pk).remarkable

    assess(client, professional_member, sent, "non")

    withdrawn = Response.objects.get(pk=sent.pk)
    assert (withdrawn.remarkable, withdrawn.remarkable_at) == (False, None)


def test_a_working_group_member_cannot_publish(sent: Response, user_member: User) -> None:
    sent.remarkable = True
    sent.save()

    with pytest.raises(PermissionDenied):
        services.prepare_publication(sent, by=user_member)


def test_drafts_cannot_be_assessed(campaign: Campaign, user_member: User) -> None:
    draft = ResponseFactory(campaign=campaign)

    with pytest.raises(ValidationError):
        services.record_assessment(draft, by=user_member, remarkable=True, comment="")
