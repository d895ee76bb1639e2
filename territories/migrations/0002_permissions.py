"""Coordinators enter and publish the surveys by département."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant


def grant_coordinators(apps, schema_editor):
    for model in ["survey", "surveyrow"]:
        grant(apps, COORDINATORS, "territories", model, ALL)


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial"), ("network", "0002_groups")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
