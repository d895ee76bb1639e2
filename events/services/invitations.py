"""Coordinators invite reviewers and working-group members by email: a signed link that,
once opened by the account holding that address (created on the way if needed), grants the
group. Groups that open personal data (coordinators) are granted by superusers only."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from network.mail import queue_mail
from network.models import User
from network.permissions import COORDINATORS, REVIEWERS, WORKING_GROUP

SALT = "events.group-invitation"
MAX_AGE_DAYS = 30
INVITABLE = (REVIEWERS, WORKING_GROUP)


def invitable_groups(by: User) -> list[str]:
    """The groups ``by`` may invite to: reviewers and working group; coordinators too for a
    superuser (that group reads personal data)."""
    return [*INVITABLE, COORDINATORS] if by.is_superuser else list(INVITABLE)


def invite_to_group(*, emails: list[str], group: str, by: User) -> int:
    """Send each address a signed link to join ``group``.

    Side effects: one mail per distinct address, through the outbox.
    """
    if group not in invitable_groups(by):
        raise PermissionDenied
    distinct = sorted({email.strip().lower() for email in emails if email.strip()})
    for email in distinct:
        token = signing.dumps({"email": email, "group": group}, salt=SALT)
        queue_mail(
            "group_invitation",
            to=email,
            context={"group": group, "inviter": by, "token": token, "days": MAX_AGE_DAYS},
        )
    return len(distinct)


def read_invitation(token: str) -> tuple[str, str]:
    """(email, group) of a signed link; ``ValidationError`` if forged or stale."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 86400)
    except signing.BadSignature:
        raise ValidationError(_("Ce lien d'invitation n'est pas valide ou a expiré.")) from None
    return data["email"], data["group"]


def accept_group_invitation(*, token: str, by: User) -> str:
    """The invited person, logged in with the invited address, joins the group.

    Side effects: ``by`` added to the group.
    """
    email, group = read_invitation(token)
    if by.email.lower() != email:
        raise ValidationError(
            _("Cette invitation est adressée à %(email)s : connectez-vous avec cette adresse.")
            % {"email": email}
        )
    by.groups.add(Group.objects.get(name=group))
    return group
