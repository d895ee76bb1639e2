"""Create the platform's groups with the permissions their names imply."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, GROUPS, REVIEWERS, WORKING_GROUP, grant

GLOSSARY_MODELS = ["source", "engagementrole", "portrait", "engagementform"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    for model in GLOSSARY_MODELS:
        grant(apps, COORDINATORS, "network", model, ALL)
    grant(apps, COORDINATORS, "network", "user", ("view", "change"))
    grant(apps, COORDINATORS, "network", "outgoingmail", ("view",))
    for group in (REVIEWERS, WORKING_GROUP):
        grant(apps, group, "network", "engagementrole", ("view",))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
