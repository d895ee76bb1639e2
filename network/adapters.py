from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from network.mail import queue_mail, queue_rendered_mail


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
