"""The questionnaire without an account: drafts, the personal link, sending, corrections,
the notice, consent, attachments and the public form's defences."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from experiences import services
from experiences.forms import CampaignAdminForm, PrivacyNoticeForm
from experiences.models import Campaign, ErasureLog, PrivacyNotice, Response
from experiences.views import respondents
from network.models import OutgoingMail
from network.timezones import PARIS
from tests.experiences.conftest import form_data, link_in_mail, text
from tests.experiences.factories import (
    CampaignFactory,
    PrivacyNoticeFactory,
    ResponseFactory,
    small_pdf,
)

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
PDF = small_pdf()


def start(client: Client, campaign: Campaign, capture: Capture, **data: Any) -> str:
    """Save a first draft; return the personal link the mail carries."""
    with capture(execute=True):
        answer = client.post(
            f"/experiences/{campaign.slug}/participer/",
            {"email": "awa.diallo@example.org", "name": "Awa Diallo", "action": "save", **data},
        )
    assert answer.status_code == 302, text(answer)[:2000]
    return link_in_mail("awa.diallo@example.org")


def test_the_form_says_no_health_data_is_asked_and_shows_the_notice(
    client: Client, campaign: Campaign
) -> None:
    page = text(client.get(f"/experiences/{campaign.slug}/participer/"))

    assert "Aucune donnée de santé n'est demandée." in page
    notice = campaign.current_notice()
    for section in (notice.controller, notice.purpose, notice.legal_basis, notice.recipients):
        assert section in page
    assert notice.dpo_contact in page
    assert 'name="recontact_consent"' in page
    assert 'name="recontact_consent" checked' not in page


def test_a_draft_needs_only_an_address_and_mails_a_link_that_opens_it(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks, title="Mon comité")

    response = Response.objects.get()
    assert response.state == Response.State.DRAFT
    assert response.notice == campaign.current_notice()
    page = client.get(link)
    assert page.status_code == 200
    assert 'value="Mon comité"' in text(page)


def test_a_draft_without_an_address_is_refused_with_a_message(
    client: Client, campaign: Campaign
) -> None:
    answer = client.post(
        f"/experiences/{campaign.slug}/participer/", {"title": "Sans adresse", "action": "save"}
    )

    assert answer.status_code == 400
    assert "Ce champ est obligatoire." in text(answer)
    assert 'value="Sans adresse"' in text(answer)
    assert not Response.objects.exists()


def test_an_incomplete_response_stays_a_draft_and_says_what_is_missing(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)

    answer = client.post(link, form_data(title="", actions="", contexts=[]))

    assert answer.status_code == 400
    page = text(answer)
    # Three answers missing: each said under its field and listed in the error summary.
    assert "3 réponses sont à corriger" in page
    assert page.count("Ce champ est nécessaire pour envoyer votre expérience.") == 3 * 2
    response = Response.objects.get()
    assert response.state == Response.State.DRAFT
    assert response.answers["organisation"] == "Association des usagers du quartier"  # kept


def test_a_complete_response_is_sent_and_acknowledged(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(link, form_data())

    assert answer.status_code == 302
    response = Response.objects.get()
    assert response.state == Response.State.SUBMITTED
    assert response.submitted_at is not None
    assert response.answers["contexts"] == ["lieu-de-soins"]
    assert response.answers["participants"] == ["patients", "professionnels"]
    templates = list(OutgoingMail.objects.order_by("pk").values_list("template", flat=True))
    assert templates == ["experience_link", "experience_submitted"]
    assert response.reference in OutgoingMail.objects.get(template="experience_submitted").body_text


def test_a_first_visit_can_send_at_once(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/experiences/{campaign.slug}/participer/", form_data())

    assert answer.status_code == 302
    assert Response.objects.get().state == Response.State.SUBMITTED


def test_a_sent_response_can_be_corrected_but_not_emptied(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)
    client.post(link, form_data())

    corrected = client.post(link, form_data(title="Un titre corrigé"))
    emptied = client.post(link, form_data(title="", changes=""))

    assert corrected.status_code == 302
    assert emptied.status_code == 400
    assert "Ce champ est nécessaire pour envoyer votre expérience." in text(emptied)
    response = Response.objects.get()
    assert (response.state, response.answers["title"]) == (
        Response.State.SUBMITTED,
        "Un titre corrigé",
    )
    assert response.answers["changes"] == "L'accueil a été réorganisé."


def test_after_closing_the_response_is_read_only_but_still_downloadable_and_erasable(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks, title="Avant clôture")
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now())

    page = text(client.get(link))
    refused = client.post(link, form_data(title="Après clôture", action="save"))

    assert "Le recueil est clos" in page
    assert refused.status_code == 400
    assert "La campagne est close" in text(refused)
    assert Response.objects.get().answers["title"] == "Avant clôture"
    shown = text(refused)
    assert "<fieldset disabled" not in shown
    # What was typed too late can still be selected and copied; choices cannot change.
    assert re.search(r'<input type="text" name="title" value="Après clôture"[^>]* readonly', shown)
    assert re.search(r'<textarea name="actions"[^>]* readonly', shown)
    assert re.search(r'<input type="radio" name="level"[^>]* disabled', shown)
    assert client.get(link + "donnees.json").status_code == 200
    assert client.post(link + "supprimer/").status_code == 200
    assert not Response.objects.exists()


def test_a_link_opens_only_its_own_response(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    mine = start(client, campaign, django_capture_on_commit_callbacks, title="La mienne")
    other = ResponseFactory(campaign=campaign, title="Celle d'une autre")
    value, _sep, _signature = mine.split("/")[3].partition(":")

    # The payload names the other response, the signature is mine: refused.
    import base64

    forged_payload = base64.urlsafe_b64encode(
        json.dumps({"r": other.pk, "s": other.secret}).encode()
    ).rstrip(b"=")
    forged = mine.replace(value, forged_payload.decode())
    assert client.get(forged).status_code == 404
    assert client.get("/experiences/reponse/nimporte-quoi/").status_code == 404
    assert "Celle d'une autre" not in text(client.get(mine))


def test_a_link_stops_working_when_its_response_is_erased(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)
    services.erase_response(Response.objects.get(), reason=ErasureLog.Reason.COORDINATOR)

    assert client.get(link).status_code == 404


def test_an_old_link_expires_and_says_how_to_get_a_new_one(
    client: Client, campaign: Campaign
) -> None:
    response = ResponseFactory(campaign=campaign)
    long_ago = (timezone.now() - services.LINK_MAX_AGE - datetime.timedelta(hours=1)).timestamp()
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = services.response_token(response)

    answer = client.get(f"/experiences/reponse/{token}/")

    assert answer.status_code == 410
    assert "Ce lien a expiré" in text(answer)
    assert f"/experiences/{campaign.slug}/retrouver/" in text(answer)


def test_respondents_of_a_campaign_no_longer_published_can_still_get_their_link(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    response = ResponseFactory(campaign=campaign, email="awa.diallo@example.org")
    long_ago = (timezone.now() - services.LINK_MAX_AGE - datetime.timedelta(hours=1)).timestamp()
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = services.response_token(response)
    Campaign.objects.filter(pk=campaign.pk).update(published=False)
    empty = CampaignFactory(slug="sans-reponse", published=False)

    expired = text(client.get(f"/experiences/reponse/{token}/"))
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            f"/experiences/{campaign.slug}/retrouver/", {"email": "awa.diallo@example.org"}
        )

    assert f"/experiences/{campaign.slug}/retrouver/" in expired
    assert asked.status_code == 302
    assert client.get(link_in_mail("awa.diallo@example.org")).status_code == 200
    assert client.get(f"/experiences/{empty.slug}/retrouver/").status_code == 404


def test_the_download_holds_everything_the_respondent_gave(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)
    client.post(link, form_data(recontact_consent="on"))

    answer = client.get(link + "donnees.json")

    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in answer["Content-Disposition"]
    data = json.loads(answer.content)
    assert data["vous"] == {
        "nom": "Awa Diallo",
        "email": "awa.diallo@example.org",
        "telephone": "06 12 34 56 78",
    }
    answers = {key: given["reponse"] for key, given in data["reponses"].items()}
    assert answers["organisation"] == "Association des usagers du quartier"
    assert answers["organisation_type"] == "Association d'usagers"
    assert answers["role"] == "Présidente"
    assert answers["contexts"] == "Lieu de soins"
    assert answers["links"] == "https://example.org/comite"
    assert data["accord_pour_etre_recontacte"] is True
    assert data["notice_information_version"] == campaign.current_notice().version


def test_consent_to_be_contacted_again_is_separate_dated_and_can_be_withdrawn(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)
    assert Response.objects.get().recontact_consent is False

    client.post(link, form_data(recontact_consent="on"))
    given = Response.objects.get()
    client.post(link, form_data())
    withdrawn = Response.objects.get()

    assert given.recontact_consent and given.recontact_consent_at is not None
    assert not withdrawn.recontact_consent and withdrawn.recontact_consent_at is None


def test_each_response_records_the_notice_version_it_was_given_under(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    first = campaign.current_notice()
    earlier = ResponseFactory(campaign=campaign)
    second = PrivacyNoticeFactory(campaign=campaign, version=first.version + 1)

    start(client, campaign, django_capture_on_commit_callbacks)

    assert Response.objects.get(pk=earlier.pk).notice == first
    assert Response.objects.exclude(pk=earlier.pk).get().notice == second
    assert f"version {second.version}" in text(
        client.get(f"/experiences/{campaign.slug}/participer/")
    )


def test_a_respondent_coming_back_reads_the_new_notice_their_answer_will_be_saved_under(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    link = start(client, campaign, django_capture_on_commit_callbacks)
    first = campaign.current_notice()
    second = PrivacyNoticeFactory(
        campaign=campaign, version=first.version + 1, recipients="Le groupe de travail et la HAS."
    )

    page = text(client.get(link))

    assert f"a changé depuis votre dernier enregistrement (version {second.version}" in page
    assert "Le groupe de travail et la HAS." in page
    client.post(link, form_data(action="save"))
    assert Response.objects.get().notice == second
    assert "a changé depuis" not in text(client.get(link))


def test_the_questionnaire_cannot_flood_an_address_with_link_mails(
    client: Client, campaign: Campaign
) -> None:
    for _ in range(services.LINK_MAILS_PER_HOUR + 3):
        answer = client.post(f"/experiences/{campaign.slug}/participer/", form_data(action="save"))
        assert answer.status_code == 302

    assert Response.objects.count() == services.LINK_MAILS_PER_HOUR + 3, "every draft is kept"
    sent = OutgoingMail.objects.filter(template="experience_link", to=form_data()["email"])
    assert sent.count() == services.LINK_MAILS_PER_HOUR


def test_robots_filling_the_hidden_field_store_nothing(client: Client, campaign: Campaign) -> None:
    answer = client.post(
        f"/experiences/{campaign.slug}/participer/", form_data(website="http://spam.example")
    )

    assert answer.status_code == 302
    assert not Response.objects.exists()
    assert not OutgoingMail.objects.exists()


def test_too_many_posts_from_one_connection_are_slowed_down_without_losing_the_answers(
    client: Client, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(respondents, "FORM_POSTS_PER_HOUR", 2)
    for _ in range(2):
        client.post(f"/experiences/{campaign.slug}/participer/", form_data(action="save"))

    answer = client.post(
        f"/experiences/{campaign.slug}/participer/", form_data(title="Ma troisième", action="save")
    )

    assert answer.status_code == 429
    page = text(answer)
    assert "Trop d'envois depuis votre connexion" in page
    assert 'value="Ma troisième"' in page
    assert Response.objects.count() == 2


def test_asking_for_links_never_tells_whether_an_address_has_answered(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Capture
) -> None:
    ResponseFactory(campaign=campaign, email="connue@example.org", title="Première")
    ResponseFactory(campaign=campaign, email="connue@example.org", title="Seconde")
    url = f"/experiences/{campaign.slug}/retrouver/"

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "Connue@Example.org"}, follow=True)
        unknown = client.post(url, {"email": "inconnue@example.org"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert _same_message(known, unknown)
    mail = OutgoingMail.objects.get()
    assert mail.to == "connue@example.org"
    assert mail.body_text.count("/experiences/reponse/") == 2


def _same_message(*answers: Any) -> bool:
    messages = [[str(m) for m in answer.context["messages"]] for answer in answers]
    return all(m == messages[0] and len(m) == 1 for m in messages)


def test_link_requests_are_rate_limited(
    client: Client, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(respondents, "LINK_REQUESTS_PER_HOUR", 1)
    url = f"/experiences/{campaign.slug}/retrouver/"
    client.post(url, {"email": "a@example.org"})

    answer = client.post(url, {"email": "b@example.org"})

    assert answer.status_code == 429
    assert "Trop de demandes" in text(answer)


def test_a_bad_address_in_the_link_request_gets_a_french_message(
    client: Client, campaign: Campaign
) -> None:
    answer = client.post(f"/experiences/{campaign.slug}/retrouver/", {"email": "pas-une-adresse"})

    assert answer.status_code == 400
    assert "Saisissez une adresse de courriel valide." in text(answer)


def test_attachments_are_checked_kept_and_served_only_through_the_link(
    client: Client,
    campaign: Campaign,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    link = start(client, campaign, django_capture_on_commit_callbacks)

    fake = client.post(
        link,
        form_data(documents=SimpleUploadedFile("photo.pdf", b"<html>pas un PDF</html>")),
    )
    big = client.post(
        link,
        form_data(documents=SimpleUploadedFile("gros.pdf", PDF + b"0" * (5 * 1024 * 1024))),
    )
    kept = client.post(link, form_data(documents=SimpleUploadedFile("compte-rendu.pdf", PDF)))

    assert fake.status_code == big.status_code == 400
    assert "« photo.pdf » n'est pas un document JPEG, PDF, PNG" in text(fake)
    assert "dépasse 5 Mo" in text(big)
    assert kept.status_code == 302
    (attachment,) = Response.objects.get().attachments.all()
    assert (attachment.name, attachment.content_type) == ("compte-rendu.pdf", "application/pdf")
    download = client.get(f"{link}documents/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF
    other = ResponseFactory(campaign=campaign)
    other_link = f"/experiences/reponse/{services.response_token(other)}/"
    assert client.get(f"{other_link}documents/{attachment.pk}/").status_code == 404


def test_no_more_than_three_attachments(
    client: Client,
    campaign: Campaign,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    link = start(client, campaign, django_capture_on_commit_callbacks)
    files = [SimpleUploadedFile(f"document-{n}.pdf", PDF) for n in range(4)]

    answer = client.post(link, form_data(documents=files))

    assert answer.status_code == 400
    assert "3 documents au plus par réponse." in text(answer)
    assert not Response.objects.get().attachments.exists()


def test_documents_sent_with_an_answer_to_correct_are_not_kept_and_the_form_says_so(
    client: Client,
    campaign: Campaign,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    link = start(client, campaign, django_capture_on_commit_callbacks)
    assert client.post(link, form_data()).status_code == 302
    assert Response.objects.get().state == Response.State.SUBMITTED

    invalid_choice = client.post(
        link,
        form_data(level="inconnu", documents=SimpleUploadedFile("a.pdf", PDF)),
    )
    emptied_title = client.post(
        link, form_data(title="", documents=SimpleUploadedFile("b.pdf", PDF))
    )

    for answer in (invalid_choice, emptied_title):
        assert answer.status_code == 400
        assert "Vos documents n'ont pas été joints" in text(answer)
    sent = Response.objects.get()
    assert sent.answers["title"] == form_data()["title"]
    assert not sent.attachments.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [], "no file left without its row"


def test_an_attachment_can_be_removed(
    client: Client,
    campaign: Campaign,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    link = start(client, campaign, django_capture_on_commit_callbacks)
    client.post(link, form_data(documents=SimpleUploadedFile("a.pdf", PDF)))
    attachment = Response.objects.get().attachments.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, form_data(remove_attachment=[attachment.pk]))

    assert not Response.objects.get().attachments.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_closing_date_closes_at_the_end_of_that_day_in_paris(db: None) -> None:
    form = CampaignAdminForm(
        data={
            "title": "Retours d'expériences",
            "slug": "retours",
            "contact_email": "contact@has.example",
            "introduction": "x",
            "objective": "x",
            "eligibility": "x",
            "purpose": "x",
            "opens_at_0": "2026-01-01",
            "opens_at_1": "00:00",
            "opens_at": "2026-01-01 00:00",
            "closing_date": "2027-05-31",
            "reminder_days": "7,1",
            "published": "on",
            "retention_months": "12",
        }
    )

    assert form.is_valid(), form.errors
    campaign = form.save()
    assert campaign.closes_at == datetime.datetime(2027, 5, 31, 23, 59, 59, 999999, tzinfo=PARIS)
    assert campaign.is_open(datetime.datetime(2027, 5, 31, 23, 59, tzinfo=PARIS))
    assert not campaign.is_open(datetime.datetime(2027, 6, 1, 0, 0, tzinfo=PARIS))


def test_a_reserved_address_or_bad_reminder_days_are_refused(db: None) -> None:
    from django.core.exceptions import ValidationError

    campaign = Campaign(slug="publiees", reminder_days="7,zéro")
    with pytest.raises(ValidationError) as error:
        campaign.clean()
    assert set(error.value.message_dict) == {"slug", "reminder_days"}


def test_a_campaign_not_yet_open_says_when_it_opens(client: Client, campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=datetime.datetime(2099, 1, 15, tzinfo=PARIS),
        closes_at=datetime.datetime(2099, 5, 31, tzinfo=PARIS),
    )

    page = text(client.get(f"/experiences/{campaign.slug}/participer/"))
    refused = client.post(f"/experiences/{campaign.slug}/participer/", form_data())

    assert "Le recueil ouvre le 15 janvier 2099" in page
    assert refused.status_code == 400
    assert "La campagne n'est pas encore ouverte aux réponses." in text(refused)
    assert not Response.objects.exists()


def test_a_campaign_cannot_be_published_without_its_personal_data_notice(
    client: Client, coordinator: Any
) -> None:
    client.force_login(coordinator)
    campaign = {
        "title": "Retours d'expériences",
        "slug": "retours",
        "published": "on",
        "contact_email": "contact@has.example",
        "introduction": "x",
        "objective": "x",
        "eligibility": "x",
        "purpose": "x",
        "opens_at_0": "01/01/2026",
        "opens_at_1": "00:00:00",
        "closing_date": "31/05/2027",
        "reminder_days": "7,1",
        "retention_months": "12",
        "notices-TOTAL_FORMS": "0",
        "notices-INITIAL_FORMS": "0",
    }

    refused = client.post("/admin/experiences/campaign/add/", campaign)

    assert refused.status_code == 200
    assert "ajoutez sa notice d'information avant de la publier" in text(refused)
    assert not Campaign.objects.exists()
    notice = {
        "version": "1",
        "controller": "La HAS",
        "purpose": "Recueillir des expériences",
        "legal_basis": "Mission d'intérêt public",
        "recipients": "Le groupe de travail",
        "retention": "Un an après la clôture",
        "rights": "Accès, rectification, effacement",
        "dpo_contact": "dpo@has-sante.fr",
    }
    with_notice = {
        **campaign,
        "notices-TOTAL_FORMS": "1",
        **{f"notices-0-{field}": value for field, value in notice.items()},
    }
    assert client.post("/admin/experiences/campaign/add/", with_notice).status_code == 302
    assert Campaign.objects.get().current_notice().dpo_contact == "dpo@has-sante.fr"


def test_a_notice_can_be_corrected_until_a_respondent_has_been_given_it(
    client: Client, coordinator: Any, campaign: Campaign
) -> None:
    given = campaign.current_notice()
    ResponseFactory(campaign=campaign, notice=given)
    draft = PrivacyNoticeFactory(campaign=campaign, version=given.version + 1)
    corrected = {field: getattr(given, field) for field in PrivacyNoticeForm.Meta.fields} | {
        "recipients": "Le groupe de travail, corrigé."
    }

    for notice in (given, draft):
        form = PrivacyNoticeForm(data={**corrected, "version": notice.version}, instance=notice)
        assert form.is_valid(), form.errors
        form.save()

    assert PrivacyNotice.objects.get(pk=given.pk).recipients == given.recipients
    assert PrivacyNotice.objects.get(pk=draft.pk).recipients == "Le groupe de travail, corrigé."
    client.force_login(coordinator)
    page = text(client.get(f"/admin/experiences/campaign/{campaign.pk}/change/"))
    assert "Cette version a été remise à des répondants" in page
    assert page.count("ne se modifie plus") == 1
