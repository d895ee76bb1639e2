"""Coordinators write the calls' questions, read the answers and the speakers' profiles."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant


def grant_coordinators(apps, schema_editor):
    grant(apps, COORDINATORS, "events", "question", ALL)
    grant(apps, COORDINATORS, "events", "answer", ("view",))
    grant(apps, COORDINATORS, "events", "speakerprofile", ("view", "change"))


class Migration(migrations.Migration):
    dependencies = [("events", "0017_questions")]

    operations = [migrations.RunPython(grant_coordinators, migrations.RunPython.noop)]
