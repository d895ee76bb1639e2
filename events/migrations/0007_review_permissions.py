"""Coordinators manage review criteria and reviews."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant


def grant_coordinators(apps, schema_editor):
    for model in ["reviewcriterion", "review", "reviewscore"]:
        grant(apps, COORDINATORS, "events", model, ALL)


class Migration(migrations.Migration):
    dependencies = [("events", "0006_callforpapers_acceptance_body_and_more")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
