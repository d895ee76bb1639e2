"""The groups of the platform and what their names imply they may do.

Migrations call :func:`grant` with their historical ``apps``; each app adds its own
models' permissions in its own data migration.
"""

from __future__ import annotations

from typing import Any

COORDINATORS = "Coordinateurs"
REVIEWERS = "Relecteurs"
WORKING_GROUP = "Groupe de travail"
GROUPS = [COORDINATORS, REVIEWERS, WORKING_GROUP]

ALL = ("add", "change", "delete", "view")


def grant(apps: Any, group_name: str, app_label: str, model: str, actions: tuple[str, ...]) -> None:
    """Give ``group_name`` the ``actions`` permissions on ``app_label.model``."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after all migrations; create them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = Group.objects.get_or_create(name=group_name)
    codenames = [f"{action}_{model}" for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    if permissions.count() != len(codenames):
        raise LookupError(f"missing permissions for {app_label}.{model}: {codenames}")
    group.permissions.add(*permissions)
