"""Every model of the admin says its plural in French: no « Supprimer les programme
sélectionnés »."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from network.models import User

pytestmark = pytest.mark.django_db


def _looks_plural(label: str) -> bool:
    """A French plural label: its first word carries the plural mark (s, x, z)."""
    first = label.split()[0].lower()
    return first.endswith(("s", "x", "z"))


def test_every_registered_model_names_its_plural_explicitly_and_in_french() -> None:
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    problems = []
    with translation.override("fr"):
        for model, model_admin in admin.site._registry.items():
            meta = model._meta
            plural = str(meta.verbose_name_plural)
            if "verbose_name_plural" not in meta.original_attrs:
                problems.append(f"{meta.label}: no explicit verbose_name_plural")
            elif plural == f"{meta.verbose_name}s" and not _looks_plural(plural):
                problems.append(f"{meta.label}: « {plural} »")
            offers_delete = "delete_selected" in model_admin.get_actions(request)
            if offers_delete and not _looks_plural(plural):
                problems.append(f"{meta.label}: « Supprimer les {plural} sélectionnés »")
    assert not problems, "\n".join(problems)
