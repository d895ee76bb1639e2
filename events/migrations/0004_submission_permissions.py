"""Coordinators manage submissions; reviewers will see them through their reviews."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant


def grant_coordinators(apps, schema_editor):
    for model in ["submission", "submissionspeaker"]:
        grant(apps, COORDINATORS, "events", model, ALL)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_submissions")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
