"""Coordinators see and manage registrations."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant


def grant_coordinators(apps, schema_editor):
    grant(apps, COORDINATORS, "events", "registration", ALL)


class Migration(migrations.Migration):
    dependencies = [("events", "0008_registrations")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
