"""Create (or reset) the demo coordinator and print how to log in."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from network.models import User
from network.permissions import COORDINATORS


class Command(BaseCommand):
    help = "Create the demo coordinator with a new password and print the login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default="coordination@reseau.example")
        parser.add_argument("--password", default="", help="Default: a new random password.")

    def handle(self, *args: Any, email: str, password: str, **options: Any) -> None:
        password = password or secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(
            email=email, defaults={"first_name": "Coordination", "last_name": "Démo"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save(update_fields=["is_staff", "password"])
        user.groups.add(Group.objects.get(name=COORDINATORS))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo coordinator: {email} / {password}  (admin: {settings.SITE_URL}/admin/)"
            )
        )
