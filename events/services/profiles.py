"""Speakers' profiles and co-speakers' invitations.

A profile is filled once per account and prefills every proposal's speakers; a co-speaker
named on a proposal gets a signed link by mail, which ties them to their account once
accepted. A speaker becomes public only when their talk is confirmed (and, for a co-speaker,
once they have accepted the invitation).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from events.models import Event, SpeakerProfile, Submission, SubmissionSpeaker
from network.files import JPEG, PNG, check_upload
from network.models import User

INVITATION_SALT = "events.cospeaker-invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 90  # a call lasts a few months at most
PHOTO_SIZE = (400, 400)
PROFILE_FIELDS = ["display_name", "pronouns", "bio", "organisation", "links", "engagement_role"]


def resized_photo(upload: UploadedFile) -> ContentFile[bytes]:
    """The photo, checked by its content (PNG or JPEG) and reduced to 400 px at most, with
    its metadata (location, camera) dropped; a ``ValidationError`` in French otherwise."""
    content_type = check_upload(upload, accepted=(PNG, JPEG))
    try:
        with Image.open(upload) as image:
            image.load()
            image.thumbnail(PHOTO_SIZE)
            output = io.BytesIO()
            if content_type == PNG:
                image.save(output, format="PNG", optimize=True)
            else:
                image.convert("RGB").save(output, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("« %(name)s » n'est pas une image lisible.") % {"name": upload.name}
        ) from None
    extension = "png" if content_type == PNG else "jpg"
    return ContentFile(output.getvalue(), name=f"photo.{extension}")


def save_profile(
    *,
    user: User,
    changes: Mapping[str, Any],
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> SpeakerProfile:
    """Create or update ``user``'s speaker profile.

    Side effects: the SpeakerProfile row; the photo, resized, stored (the previous file
    deleted) when one is given; the photo's file deleted when ``remove_photo``.
    """
    profile = SpeakerProfile.objects.filter(user=user).first() or SpeakerProfile(user=user)
    for name in PROFILE_FIELDS:
        if name in changes:
            setattr(profile, name, changes[name])
    if remove_photo and profile.photo and photo is None:
        profile.photo.delete(save=False)
    if photo is not None:
        content = resized_photo(photo)
        if profile.photo:
            profile.photo.delete(save=False)
        profile.photo.save(content.name or "photo.jpg", content, save=False)
    profile.save()
    return profile


def speaker_defaults(user: User) -> dict[str, Any]:
    """The first speaker line of a new proposal: from the profile, never the email as name."""
    profile = SpeakerProfile.objects.filter(user=user).first()
    if profile is not None:
        return {
            "name": profile.display_name,
            "email": user.email,
            "affiliation": profile.organisation,
            "engagement_role": profile.engagement_role_id,
        }
    return {"name": user.get_full_name(), "email": user.email}


def invitation_token(speaker: SubmissionSpeaker) -> str:
    return signing.dumps(speaker.pk, salt=INVITATION_SALT)


def invited_speaker(token: str) -> SubmissionSpeaker:
    """The co-speaker a signed link names; ``ValidationError`` if it is forged or stale."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("Ce lien d'invitation n'est pas valide ou a expiré.")) from None
    speaker = (
        SubmissionSpeaker.objects.select_related("submission__call__event", "user")
        .filter(pk=pk)
        .first()
    )
    if speaker is None or speaker.submission.state == Submission.State.WITHDRAWN:
        raise ValidationError(_("Cette proposition n'existe plus ou a été retirée."))
    return speaker


@transaction.atomic
def accept_invitation(*, token: str, by: User) -> SubmissionSpeaker:
    """The invited co-speaker accepts: the proposal's speaker line becomes theirs.

    Side effects: the SubmissionSpeaker tied to ``by`` with its acceptance date; a profile
    is started from that line when ``by`` has none yet.
    """
    speaker = invited_speaker(token)
    if speaker.user_id not in (None, by.pk):
        raise ValidationError(_("Cette invitation a déjà été acceptée par un autre compte."))
    speaker.user = by
    speaker.accepted_at = speaker.accepted_at or timezone.now()
    speaker.save(update_fields=["user", "accepted_at"])
    SpeakerProfile.objects.get_or_create(
        user=by,
        defaults={
            "display_name": speaker.name,
            "organisation": speaker.affiliation,
            "engagement_role_id": speaker.engagement_role_id,
        },
    )
    return speaker


@dataclass
class PublicSpeaker:
    """A confirmed speaker of an event as the public reads them, with their talks."""

    user_id: int
    name: str
    profile: SpeakerProfile | None
    affiliation: str
    talks: list[Submission] = field(default_factory=list)


def public_speakers(event: Event, *, user_id: int | None = None) -> list[PublicSpeaker]:
    """The speakers the public may read for ``event`` (one query): speakers with an account
    of a confirmed talk, who own the proposal or accepted their invitation; by name."""
    lines = (
        SubmissionSpeaker.objects.filter(submission__call__event=event)
        .filter(SubmissionSpeaker.public_condition())
        .select_related("submission", "user__speaker_profile__engagement_role")
        .order_by("submission__title", "position")
    )
    if user_id is not None:
        lines = lines.filter(user_id=user_id)
    speakers: dict[int, PublicSpeaker] = {}
    for line in lines:
        user_id = line.user_id or 0  # never 0: the query keeps lines with an account
        profile = getattr(line.user, "speaker_profile", None)
        speaker = speakers.setdefault(
            user_id,
            PublicSpeaker(
                user_id=user_id,
                name=profile.display_name if profile else line.name,
                profile=profile,
                affiliation=profile.organisation if profile else line.affiliation,
            ),
        )
        speaker.talks.append(line.submission)
    return sorted(speakers.values(), key=lambda speaker: speaker.name.casefold())
