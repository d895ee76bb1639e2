"""The contact form's one flow: check the limits, then queue the mail to the coordination."""

from __future__ import annotations

import logging

from django.db import transaction

from network.mail import queue_mail
from network.models import User
from network.permissions import COORDINATORS
from network.ratelimit import allow
from pages import identity

logger = logging.getLogger(__name__)

HOUR = 3600
MESSAGES_PER_HOUR_PER_CONNECTION = 5
MESSAGES_PER_HOUR_PER_ADDRESS = 3


def coordination_addresses() -> list[str]:
    """Where contact messages go: the coordination's address set in the admin, else the
    addresses of the coordinators."""
    if address := identity.current().contact_email:
        return [address]
    return sorted(
        User.objects.filter(groups__name=COORDINATORS, is_active=True).values_list(
            "email", flat=True
        )
    )


def send_contact_message(
    *, name: str, email: str, subject: str, message: str, client: str, spam: bool = False
) -> bool:
    """Pass a visitor's message on to the coordination, unless it is spam (the honeypot was
    filled) or over the limits of its connection (``client``) or of its sender's address.

    Returns whether the message was queued; the visitor is told the same either way, so the
    form can be used neither to relay mail nor to learn about the limits.
    Side effects: counts in the rate-limit cache; one outbox mail per coordination address.
    """
    if spam:
        logger.info("contact message dropped: honeypot filled")
        return False
    if not allow("contact", client, limit=MESSAGES_PER_HOUR_PER_CONNECTION, window=HOUR):
        logger.info("contact message dropped: too many from this connection")
        return False
    if not allow("contact-email", email.lower(), limit=MESSAGES_PER_HOUR_PER_ADDRESS, window=HOUR):
        logger.info("contact message dropped: too many from this address")
        return False
    recipients = coordination_addresses()
    if not recipients:
        logger.warning("contact message dropped: no coordination address set")
        return False
    context = {"name": name, "email": email, "subject": subject, "message": message}
    with transaction.atomic():
        queue_mail("contact", to=recipients, context=context, language="fr")
    return True
