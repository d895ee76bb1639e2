"""Coordinators run events, programmes and calls for papers."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant

MODELS = ["event", "programmeslot", "slotspeaker", "callforpapers", "calltheme", "contributionkind"]


def grant_coordinators(apps, schema_editor):
    for model in MODELS:
        grant(apps, COORDINATORS, "events", model, ALL)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("network", "0002_groups")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
