"""Coordinators build the programme: submission types, rooms, sessions, talks."""

from typing import Any

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant


def grant_coordinators(apps: Any, schema_editor: Any) -> None:
    for model in ("submissiontype", "room", "session", "talk"):
        grant(apps, COORDINATORS, "events", model, ALL)


class Migration(migrations.Migration):
    dependencies = [("events", "0012_schedule")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
