"""Reviewers are those who may review submissions: the permission is given to their group."""

from django.db import migrations

from network.permissions import REVIEWERS, grant


def grant_reviewers(apps, schema_editor):
    grant(apps, REVIEWERS, "events", "submission", ("review",))


class Migration(migrations.Migration):
    dependencies = [("events", "0010_registration_confirmation")]

    operations = [migrations.RunPython(grant_reviewers, migrations.RunPython.noop)]
