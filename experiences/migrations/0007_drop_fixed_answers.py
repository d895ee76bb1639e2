"""The fixed columns of the HAS form leave ``Response``: since 0005 their answers live in
``Response.answers``, under the keys of the campaign's questionnaire.

Before the columns go, the copy of 0005 runs again for what came after it: a campaign still
without a questionnaire gets a copy of the HAS one, and every answer still only in a column
is copied (an answer already in ``answers`` wins). Going back puts the answers back in the
columns.
"""

from __future__ import annotations

import importlib
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

HAS = importlib.import_module("experiences.migrations.0005_has_questionnaire")
# The columns holding an answer (``contexts`` aside: a many-to-many of codes).
COLUMNS = (*HAS.TEXT_FIELDS, "organisation_type_other", "sectors", "participants")


def forward(apps: Any, schema_editor: Any) -> None:
    Campaign = apps.get_model("experiences", "Campaign")
    Response = apps.get_model("experiences", "Response")
    ResponseAttachment = apps.get_model("experiences", "ResponseAttachment")
    for campaign in Campaign.objects.filter(questionnaire__isnull=True):
        campaign.questionnaire = HAS._build(apps, campaign.title[:200], is_template=False)
        campaign.save(update_fields=["questionnaire"])
        ResponseAttachment.objects.filter(response__campaign=campaign, question_key="").update(
            question_key="documents"
        )
    for response in Response.objects.iterator(chunk_size=500):
        moved = {**HAS.old_answers(response), **(response.answers or {})}
        if moved != response.answers:
            response.answers = moved
            response.save(update_fields=["answers"])


def backward(apps: Any, schema_editor: Any) -> None:
    """The answers of the HAS questions back in their columns (the columns are empty)."""
    Response = apps.get_model("experiences", "Response")
    Context = apps.get_model("experiences", "Context")
    for response in Response.objects.exclude(answers={}).iterator(chunk_size=500):
        answers = response.answers
        for column in COLUMNS:
            value = answers.get(column)
            if isinstance(value, str):
                limit = Response._meta.get_field(column).max_length
                setattr(response, column, value[:limit] if limit else value)
            elif column in {"sectors", "participants"} and isinstance(value, list):
                setattr(response, column, value)
        response.save()
        if isinstance(answers.get("contexts"), list):
            response.contexts.set(Context.objects.filter(code__in=answers["contexts"]))


class Migration(migrations.Migration):
    dependencies = [
        ("experiences", "0006_messages_and_origin"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RemoveField(
            model_name="response",
            name="actions",
        ),
        migrations.RemoveField(
            model_name="response",
            name="changes",
        ),
        migrations.RemoveField(
            model_name="response",
            name="contexts",
        ),
        migrations.RemoveField(
            model_name="response",
            name="difficulties",
        ),
        migrations.RemoveField(
            model_name="response",
            name="level",
        ),
        migrations.RemoveField(
            model_name="response",
            name="links",
        ),
        migrations.RemoveField(
            model_name="response",
            name="organisation",
        ),
        migrations.RemoveField(
            model_name="response",
            name="organisation_type",
        ),
        migrations.RemoveField(
            model_name="response",
            name="organisation_type_other",
        ),
        migrations.RemoveField(
            model_name="response",
            name="participants",
        ),
        migrations.RemoveField(
            model_name="response",
            name="period",
        ),
        migrations.RemoveField(
            model_name="response",
            name="role",
        ),
        migrations.RemoveField(
            model_name="response",
            name="sectors",
        ),
        migrations.RemoveField(
            model_name="response",
            name="success_factors",
        ),
        migrations.RemoveField(
            model_name="response",
            name="territory",
        ),
        migrations.RemoveField(
            model_name="response",
            name="title",
        ),
        migrations.AlterField(
            model_name="campaign",
            name="questionnaire",
            field=models.ForeignKey(
                blank=True,
                help_text="Vide : la campagne reçoit à l'enregistrement une copie du questionnaire choisi dans « copier depuis ».",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="campaigns",
                to="experiences.questionnaire",
                verbose_name="questionnaire",
            ),
        ),
    ]
