"""The respondent's personal links: signed, expiring, sent again on request.

Respondents have no account: their response is reached through a signed link that expires
(:func:`response_link`); anybody can ask for fresh links for an address, and the answer
never tells whether that address has answered (:func:`mail_links`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from experiences.models import Campaign, Response
from network.mail import queue_mail
from network.ratelimit import allow

LINK_SALT = "experiences.response-link"
LINK_MAX_AGE = datetime.timedelta(days=30)
LINK_REQUESTS_PER_ADDRESS = 5  # per hour: the public form cannot be used to flood a mailbox


class LinkExpired(Exception):
    """The link was genuine but is too old: the respondent can ask for a new one (for
    ``campaign``, when its response still exists)."""

    def __init__(self, campaign: Campaign | None) -> None:
        super().__init__()
        self.campaign = campaign


def mail_about_key(response: Response) -> str:
    """The ``about`` key of every mail and reminder about ``response`` (erased with it)."""
    return f"experiences.response:{response.pk}"


def response_token(response: Response) -> str:
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"r": response.pk, "s": response.secret}
    )


def response_link(response: Response) -> str:
    return settings.SITE_URL + reverse("response-edit", kwargs={"token": response_token(response)})


def response_from_token(token: str) -> Response:
    """The response a link opens. Raises ``Response.DoesNotExist`` for a forged, altered
    or erased one, :class:`LinkExpired` for a genuine one past its age."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        payload = signer.unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        try:  # genuine, only too old
            expired = _response_of(signer.unsign_object(token))
        except Response.DoesNotExist:
            raise LinkExpired(None) from error
        raise LinkExpired(expired.campaign) from error
    except (signing.BadSignature, ValueError) as error:
        raise Response.DoesNotExist from error
    return _response_of(payload)


def _response_of(payload: Any) -> Response:
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        raise Response.DoesNotExist
    return Response.objects.select_related("campaign", "notice").get(
        pk=payload["r"], secret=str(payload.get("s"))
    )


def mail_links(campaign: Campaign, *, email: str) -> int:
    """Mail a fresh link to each response of ``email`` in ``campaign``; return how many.

    The caller shows the same message whatever this returns.
    Side effects: one ``experience_links`` mail when the address has responses, at most
    :data:`LINK_REQUESTS_PER_ADDRESS` an hour per address (the others are silently dropped).
    """
    email = email.strip().lower()
    if not allow("experience-links-email", email, limit=LINK_REQUESTS_PER_ADDRESS, window=3600):
        return 0
    responses = list(campaign.responses.filter(email__iexact=email).order_by("pk"))
    if responses:
        queue_mail(
            "experience_links",
            to=responses[0].email,
            context={
                "campaign": campaign,
                "links": [(response, response_link(response)) for response in responses],
            },
        )
    return len(responses)
