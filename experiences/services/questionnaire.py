"""The questionnaire: drafts, sending, corrections and the respondent's own data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from experiences import answers as reading
from experiences.models import Campaign, Response, ResponseAttachment
from experiences.services.links import mail_about_key, response_link
from network.mail import queue_mail
from network.ratelimit import allow

LINK_MAILS_PER_HOUR = 5  # per address: the public form cannot be used to flood a mailbox


@dataclass(frozen=True)
class SavedAnswers:
    """What :func:`save_answers` did: ``missing`` says what sending still needs (None when
    the answers were saved, and sent if that was asked)."""

    response: Response
    created: bool
    was_sent: bool
    missing: ValidationError | None


def _check_open(campaign: Campaign) -> None:
    if campaign.published and timezone.now() < campaign.opens_at:
        raise ValidationError(_("La campagne n'est pas encore ouverte aux réponses."))
    if not campaign.is_open():
        raise ValidationError(
            _("La campagne est close : les réponses ne peuvent plus être modifiées.")
        )


def save_answers(
    *,
    campaign: Campaign,
    response: Response | None,
    answers: Mapping[str, Any],
    new_attachments: Sequence[tuple[UploadedFile, str] | tuple[UploadedFile, str, str]],
    removed_attachments: Iterable[int],
    submit: bool,
) -> SavedAnswers:
    """Save the questionnaire's answers and, when asked, send them.

    A draft keeps its answers when it cannot be sent yet; a response already sent must stay
    complete: a correction that leaves it incomplete is rolled back, and the files of the
    documents it added are deleted with their rows. Raises ``ValidationError`` when the
    campaign does not take answers.

    Side effects: those of :func:`save_response`, then of :func:`submit_response`.
    """
    created = response is None
    was_sent = response is not None and response.state == Response.State.SUBMITTED
    kept = (
        set(response.attachments.values_list("pk", flat=True)) if was_sent and response else set()
    )
    with transaction.atomic():
        response = save_response(
            campaign,
            response=response,
            answers=answers,
            new_attachments=new_attachments,
            removed_attachments=removed_attachments,
        )
        if not (submit or was_sent):
            return SavedAnswers(response, created, was_sent, None)
        try:
            submit_response(response)
        except ValidationError as error:
            if was_sent:
                # The rows of the new documents are rolled back: their files go too.
                for attachment in response.attachments.exclude(pk__in=kept):
                    attachment.file.delete(save=False)
                transaction.set_rollback(True)
            return SavedAnswers(response, created, was_sent, error)
    return SavedAnswers(response, created, was_sent, None)


def save_response(
    campaign: Campaign,
    *,
    response: Response | None,
    answers: Mapping[str, Any],
    new_attachments: Sequence[tuple[UploadedFile, str] | tuple[UploadedFile, str, str]] = (),
    removed_attachments: Iterable[int] = (),
) -> Response:
    """Create or update a response while its campaign is open, under the current notice.

    Side effects: the row and its attachments; for a new response, a mail with
    its personal link (after commit).
    """
    _check_open(campaign)
    notice = campaign.current_notice()
    if notice is None:
        raise ValidationError(_("Cette campagne n'a pas encore de notice d'information."))
    created = response is None
    if response is None:
        response = Response(campaign=campaign)
    # A form may already have set the new answers on the instance: compare with the database.
    consent_before = (
        Response.objects.filter(pk=response.pk).values_list("recontact_consent", flat=True).first()
        if response.pk
        else False
    )
    for field, value in answers.items():
        setattr(response, field, value)
    response.notice = notice
    if response.recontact_consent and not consent_before:
        response.recontact_consent_at = timezone.now()
    elif not response.recontact_consent:
        response.recontact_consent_at = None
    with transaction.atomic():
        response.save()
        _remove_attachments(response, removed_attachments)
        for upload, content_type, *question_key in new_attachments:
            ResponseAttachment.objects.create(
                response=response,
                question_key=question_key[0] if question_key else "",
                file=upload,
                name=(upload.name or "document")[:200],
                content_type=content_type,
                size=upload.size or 0,
            )
        if created and allow(
            "experience-link-mail", response.email.lower(), limit=LINK_MAILS_PER_HOUR, window=3600
        ):
            queue_mail(
                "experience_link",
                to=response.email,
                about=mail_about_key(response),
                context={
                    "response": response,
                    "campaign": campaign,
                    "link": response_link(response),
                },
            )
    return response


def _remove_attachments(response: Response, ids: Iterable[int]) -> None:
    for attachment in response.attachments.filter(pk__in=list(ids)):
        delete_file_on_commit(attachment)
        attachment.delete()


def delete_file_on_commit(attachment: ResponseAttachment) -> None:
    """Delete the attachment's file once the transaction that deletes its row commits."""
    storage, name = attachment.file.storage, attachment.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def missing_fields(response: Response) -> list[str]:
    """What a response needs before it can be sent: the name, the address and the required
    questions of its campaign's questionnaire that are shown."""
    files: dict[str, int] = {}
    if response.pk:
        for key in response.attachments.values_list("question_key", flat=True):
            files[key] = files.get(key, 0) + 1
    fixed = [field for field in ("name", "email") if not getattr(response, field)]
    questionnaire = response.campaign.questionnaire
    questions = reading.questions_of(questionnaire) if questionnaire else []
    return fixed + reading.missing_keys(questions, response.answers, files)


def submit_response(response: Response) -> Response:
    """Send a complete response to the working group.

    Side effects: state, ``submitted_at``; an acknowledgement mail with the personal link.
    """
    _check_open(response.campaign)
    missing = missing_fields(response)
    if missing:
        raise ValidationError(
            {
                field: _("Ce champ est nécessaire pour envoyer votre expérience.")
                for field in missing
            }
        )
    first_time = response.state == Response.State.DRAFT
    response.state = Response.State.SUBMITTED
    response.submitted_at = response.submitted_at or timezone.now()
    response.save(update_fields=["state", "submitted_at", "updated_at"])
    if first_time:
        queue_mail(
            "experience_submitted",
            to=response.email,
            about=mail_about_key(response),
            context={
                "response": response,
                "campaign": response.campaign,
                "link": response_link(response),
            },
        )
    return response


def personal_data(response: Response) -> dict[str, Any]:
    """Everything the respondent gave, for the download of their data (JSON): the answers
    by question key, as the person reads them."""
    questionnaire = response.campaign.questionnaire
    questions = reading.questions_of(questionnaire) if questionnaire else []
    files: dict[str, list[str]] = {}
    attachments = []
    for attachment in response.attachments.all():
        files.setdefault(attachment.question_key, []).append(attachment.name)
        attachments.append(
            {"nom": attachment.name, "type": attachment.content_type, "octets": attachment.size}
        )
    return {
        "reference": response.reference,
        "campagne": response.campaign.title,
        "etat": response.get_state_display(),
        "commencee_le": response.created_at.isoformat(),
        "modifiee_le": response.updated_at.isoformat(),
        "envoyee_le": response.submitted_at.isoformat() if response.submitted_at else None,
        "notice_information_version": response.notice.version,
        "vous": {"nom": response.name, "email": response.email, "telephone": response.phone},
        "reponses": {
            question.key: {
                "question": question.label,
                "reponse": reading.display(question, response.answers, files.get(question.key, [])),
            }
            for question in questions
        },
        "commune": response.commune,
        "departement": response.departement,
        "region": response.region,
        "pieces_jointes": attachments,
        "accord_pour_etre_recontacte": response.recontact_consent,
        "accord_donne_le": (
            response.recontact_consent_at.isoformat() if response.recontact_consent_at else None
        ),
    }
