"""Coordinators see the reminders that were sent."""

from django.db import migrations

from network.permissions import COORDINATORS, grant


def grant_coordinators(apps, schema_editor):
    grant(apps, COORDINATORS, "network", "sentreminder", ("view",))


class Migration(migrations.Migration):
    dependencies = [("network", "0003_reminders")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
