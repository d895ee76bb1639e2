"""Coordinators run the directory, the press references and the dossier."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant

MODELS = ["mission", "structure", "pressreference", "pressdossier", "dossiersection"]


def grant_coordinators(apps, schema_editor):
    for model in MODELS:
        grant(apps, COORDINATORS, "structures", model, ALL)


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial"), ("network", "0002_groups")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
