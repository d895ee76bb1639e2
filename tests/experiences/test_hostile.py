"""Hostile input on the experiences app: bodies of any type, inflated formsets, choice values
that are not ids, a PDF that is HTML after its first bytes, and who may download personal
data. Never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from experiences import services
from experiences.models import Campaign, Response, ResponseAttachment
from experiences.views import respondents
from network.models import Perspective, User
from network.permissions import COORDINATORS
from tests.experiences.conftest import form_data, member, text
from tests.experiences.factories import PublishedExperienceFactory, ResponseFactory, small_pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
BODIES = [
    ("application/json", b'{"email": "awa.diallo@example.org", "action": "submit"}'),
    ("application/xml", b"<?xml version='1.0'?><reponse><email>a@example.org</email></reponse>"),
    ("text/plain", b"email=awa.diallo@example.org&action=submit"),
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=email\r\n\r\na\r\n--x--"),
]


@pytest.fixture
def sent(campaign: Campaign, settings: Any, tmp_path: Any) -> Response:
    settings.MEDIA_ROOT = tmp_path
    response = ResponseFactory(campaign=campaign, submitted=True, title="Un comité d'usagers")
    attachment = ResponseAttachment(
        response=response, name="cr.pdf", content_type="application/pdf", size=1
    )
    attachment.file.save("cr.pdf", ContentFile(small_pdf()), save=True)
    return response


def _forms(campaign: Campaign, sent: Response) -> list[tuple[str, str]]:
    """(who posts, address) for every form of the app."""
    draft = ResponseFactory(campaign=campaign)
    erased = ResponseFactory(campaign=campaign)
    published = PublishedExperienceFactory(campaign=campaign, response=sent)
    return [
        ("anonymous", f"/experiences/{campaign.slug}/participer/"),
        ("anonymous", f"/experiences/reponse/{services.response_token(draft)}/"),
        ("anonymous", f"/experiences/reponse/{services.response_token(sent)}/"),
        ("anonymous", f"/experiences/{campaign.slug}/retrouver/"),
        ("member", f"/experiences/groupe-de-travail/{sent.pk}/"),
        ("member", f"/experiences/groupe-de-travail/{sent.pk}/remarquable/"),
        ("coordinator", "/admin/experiences/campaign/add/"),
        ("coordinator", f"/admin/experiences/campaign/{campaign.pk}/change/"),
        ("coordinator", f"/admin/experiences/response/{sent.pk}/change/"),
        ("coordinator", f"/admin/experiences/publishedexperience/{published.pk}/change/"),
        ("anonymous", f"/experiences/reponse/{services.response_token(erased)}/supprimer/"),
    ]


@pytest.mark.parametrize(("content_type", "body"), BODIES, ids=[b[0] for b in BODIES])
def test_every_form_answers_a_body_of_any_type_without_a_server_error(
    client: Client,
    campaign: Campaign,
    sent: Response,
    user_member: User,
    coordinator: User,
    content_type: str,
    body: bytes,
) -> None:
    logins = {"anonymous": None, "member": user_member, "coordinator": coordinator}
    for who, url in _forms(campaign, sent):
        client.logout()
        if logins[who]:
            client.force_login(logins[who])

        answer = client.post(url, body, content_type=content_type)

        assert answer.status_code in {200, 302, 400}, (url, answer.status_code)
    assert Response.objects.filter(pk=sent.pk).exists()


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_a_rate_limited_questionnaire_posted_without_fields_is_shown_again(
    client: Client, campaign: Campaign, monkeypatch: pytest.MonkeyPatch, content_type: str
) -> None:
    """The class of the 500 the hostile run found: an error added to a form never bound."""
    monkeypatch.setattr(respondents, "FORM_POSTS_PER_HOUR", 0)

    answer = client.post(
        f"/experiences/{campaign.slug}/participer/", b"{}", content_type=content_type
    )

    assert answer.status_code == 429
    assert "Trop d'envois depuis votre connexion" in text(answer)
    assert not Response.objects.exists()


def test_a_questionnaire_posted_without_fields_asks_for_the_address(
    client: Client, campaign: Campaign
) -> None:
    answer = client.post(
        f"/experiences/{campaign.slug}/participer/", b"{}", content_type="application/json"
    )

    assert answer.status_code == 400
    assert answer.context["form"].errors["email"]
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "contexts",
    [["abc"], ["<script>alert(1)</script>"], ["1\x00"], ["99999999999999999999"], ["1.5"]],
)
def test_context_values_that_are_not_ids_get_a_form_error(
    client: Client, campaign: Campaign, contexts: list[str]
) -> None:
    answer = client.post(f"/experiences/{campaign.slug}/participer/", form_data(contexts=contexts))

    assert answer.status_code == 400
    assert answer.context["form"].errors["contexts"]
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "field", ["sectors", "participants", "level", "organisation_type", "name", "actions"]
)
def test_a_nul_byte_in_any_answer_gets_a_form_error(
    client: Client, campaign: Campaign, field: str
) -> None:
    answer = client.post(f"/experiences/{campaign.slug}/participer/", form_data(**{field: "a\x00"}))

    assert answer.status_code == 400
    assert answer.context["form"].errors[field]


@pytest.mark.parametrize(
    ("query", "status"),
    [("contexte=abc", 200), ("page=abc", 200), ("contexte=%00", 400), ("organisation=%00", 400)],
)
def test_the_published_list_s_filters_refuse_odd_values_without_a_server_error(
    client: Client, query: str, status: int
) -> None:
    """An odd value is ignored with the list shown; a NUL byte is refused before any query."""
    assert client.get(f"/experiences/publiees/?{query}").status_code == status


def _management(prefix: str, total: str, initial: str = "0") -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize("total", ["100000", "3", "abc", "-1"])
def test_the_response_admin_refuses_an_inflated_or_odd_formset_without_building_it(
    client: Client, sent: Response, coordinator: User, total: str
) -> None:
    """Its read-only inlines once answered 500 (the document link of a form with no row)."""
    attachment = sent.attachments.get()
    client.force_login(coordinator)
    data = {
        **_management("attachments", total, "1"),
        "attachments-0-id": str(attachment.pk),
        "attachments-0-response": str(sent.pk),
        **_management("assessments", total),
    }

    answer = client.post(f"/admin/experiences/response/{sent.pk}/change/", data)

    assert answer.status_code in {200, 302}
    if answer.status_code == 200:
        for inline in answer.context["inline_admin_formsets"]:
            assert len(inline.formset.forms) <= inline.formset.absolute_max <= 100


def test_an_honest_save_of_a_response_in_the_admin_still_goes_through(
    client: Client, sent: Response, coordinator: User
) -> None:
    attachment = sent.attachments.get()
    client.force_login(coordinator)
    data = {
        **_management("attachments", "1", "1"),
        "attachments-0-id": str(attachment.pk),
        "attachments-0-response": str(sent.pk),
        **_management("assessments", "0"),
    }

    answer = client.post(f"/admin/experiences/response/{sent.pk}/change/", data)

    assert answer.status_code == 302


def test_the_campaign_admin_refuses_an_inflated_notice_formset(
    client: Client, campaign: Campaign, coordinator: User
) -> None:
    client.force_login(coordinator)

    answer = client.post(
        f"/admin/experiences/campaign/{campaign.pk}/change/",
        {"title": campaign.title, **_management("notices", "100000", "1")},
    )

    assert answer.status_code == 200
    (inline,) = answer.context["inline_admin_formsets"]
    assert len(inline.formset.forms) <= inline.formset.absolute_max == 50
    assert "Veuillez soumettre au plus 50 formulaires." in text(answer)


def test_a_file_that_starts_like_a_pdf_and_is_html_after_is_refused(
    client: Client,
    campaign: Campaign,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    disguised = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n"

    answer = client.post(
        f"/experiences/{campaign.slug}/participer/",
        form_data(documents=SimpleUploadedFile("compte-rendu.pdf", disguised)),
    )

    assert answer.status_code == 400
    assert "« compte-rendu.pdf » n'est pas un PDF lisible" in text(answer)
    assert not ResponseAttachment.objects.exists()


def test_respondents_documents_are_downloaded_by_staff_coordinators_not_by_the_group_alone(
    client: Client, sent: Response, coordinator: User
) -> None:
    """Being given the coordinators' group does not open personal data: staff status does."""
    attachment = sent.attachments.get()
    url = f"/experiences/groupe-de-travail/{sent.pk}/documents/{attachment.pk}/"
    not_staff = UserFactory(email="pas.staff@example.org", is_staff=False)
    not_staff.groups.add(Group.objects.get(name=COORDINATORS))
    assert not_staff.has_perm("experiences.view_response")

    client.force_login(not_staff)
    refused = client.get(url)
    client.force_login(coordinator)
    served = client.get(url)

    assert refused.status_code == 403
    assert served.status_code == 200
    assert served["Cache-Control"] == "private, no-store"


def test_the_working_group_s_access_follows_the_permission_not_the_group_name(
    client: Client, campaign: Campaign, sent: Response
) -> None:
    renamed = Group.objects.create(name="Comité de lecture")
    renamed.permissions.add(Permission.objects.get(codename="assess_response"))
    reader = UserFactory(email="lectrice@example.org", perspective=Perspective.PROFESSIONAL)
    reader.groups.add(renamed)
    campaign.working_group.add(reader)
    outsider = UserFactory(email="sans.permission@example.org")
    campaign.working_group.add(outsider)

    client.force_login(reader)
    allowed = client.get(f"/experiences/groupe-de-travail/{sent.pk}/")
    client.force_login(outsider)
    refused = client.get(f"/experiences/groupe-de-travail/{sent.pk}/")

    assert allowed.status_code == 200
    assert refused.status_code == 403
    assert set(services.assessor_candidates()) == {reader}


def test_the_campaign_admin_offers_only_accounts_that_may_assess(
    client: Client, campaign: Campaign, user_member: User, coordinator: User
) -> None:
    other = member(campaign, Perspective.PROFESSIONAL, "soignante@example.org")
    client.force_login(coordinator)

    page = client.get(f"/admin/experiences/campaign/{campaign.pk}/change/")

    choices = {
        user.email for user in page.context["adminform"].form.fields["working_group"].queryset
    }
    assert choices == {user_member.email, other.email}
