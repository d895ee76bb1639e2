"""The groups of the platform and what their names imply they may do.

Migrations call :func:`grant` with their historical ``apps``; each app adds its own
models' permissions in its own data migration.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Q

COORDINATORS = "Coordinateurs"
REVIEWERS = "Relecteurs"
WORKING_GROUP = "Groupe de travail"
GROUPS = [COORDINATORS, REVIEWERS, WORKING_GROUP]

ALL = ("add", "change", "delete", "view")


def grant(apps: Any, group_name: str, app_label: str, model: str, actions: tuple[str, ...]) -> None:
    """Give ``group_name`` the ``actions`` permissions on ``app_label.model``."""
    from django.contrib.auth.management import create_permissions  # only migrations need it

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


# Models holding personal data: a group with a plain permission on any of them (view, change,
# add, delete, export) opens that data. Scoped permissions (a reviewer's own reviews, the
# working group's campaign) are checked row by row by the apps and do not count.
PERSONAL_DATA_MODELS = {
    ("events", "submission"),
    ("events", "submissionspeaker"),
    ("events", "registration"),
    ("events", "review"),
    ("experiences", "response"),
    ("experiences", "responseattachment"),
    ("experiences", "assessment"),
    ("network", "user"),
    ("network", "outgoingmail"),
    ("network", "sentreminder"),
}
PLAIN_ACTIONS = ("view_", "change_", "add_", "delete_", "export_")


def groups_with_personal_data(groups: Iterable[Any]) -> list[Any]:
    """Those of ``groups`` that carry a plain permission on a model of personal data: only a
    superuser gives them (they open as much as admin access)."""
    groups = list(groups)
    if not groups:
        return []
    models = Q()
    for app_label, model in PERSONAL_DATA_MODELS:
        models |= Q(content_type__app_label=app_label, content_type__model=model)
    carrying = set(
        Permission.objects.filter(models, group__in=groups)
        .filter(reduce(or_, (Q(codename__startswith=a) for a in PLAIN_ACTIONS)))
        .values_list("group", flat=True)
    )
    return [group for group in groups if group.pk in carrying]
