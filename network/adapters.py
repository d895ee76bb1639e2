from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from network.mail import queue_mail, queue_rendered_mail
from network.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails go through the platform's outbox, with our own templates.

    ``account/email/password_reset_key`` is sent as our ``password_reset_key`` mail
    (``templates/emails/password_reset_key/``); a mail we have no template for keeps
    allauth's text but still goes through the outbox.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        name = template_prefix.rsplit("/", 1)[-1]
        try:
            get_template(f"emails/{name}/subject.txt")
        except TemplateDoesNotExist:
            queue_rendered_mail(name, self.render_mail(template_prefix, email, context))
        else:
            queue_mail(name, to=email, context=context)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins are counted per address *and* client (``login_failed``'s ``key``
        rate), plus per client alone (its ``ip`` rate): five wrong passwords from one
        connection stop that connection for that address, never the person logging in
        from elsewhere. Otherwise anyone could lock a known address out."""
        # allauth's hook (private; its tests pin it): its key is "site:login".
        login_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{login_key}:{client_address(request)}"
