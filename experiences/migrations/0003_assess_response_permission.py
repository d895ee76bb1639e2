"""What the working group may do, by name: read and assess the responses."""

from django.db import migrations

from network.permissions import WORKING_GROUP, grant


def forwards(apps, schema_editor):
    grant(apps, WORKING_GROUP, "experiences", "response", ("assess",))


class Migration(migrations.Migration):
    dependencies = [
        ("experiences", "0002_contexts_and_permissions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="response",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("export_response", "Peut exporter les réponses (CSV)"),
                    ("assess_response", "Peut lire et évaluer les réponses (groupe de travail)"),
                ],
                "verbose_name": "réponse",
                "verbose_name_plural": "réponses",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
