"""The demo content's loader: data files beside each app, written to the database in place.

Each app keeps its demo texts in ``<app>/demo/``: YAML files, or Markdown files cut into
``## Title`` sections for long texts. Every file names the document its texts come from, by
title, in a top-level ``source`` (YAML) or in its front matter (Markdown). An app's
``demo.py`` reads them here and writes them with :func:`upsert` and :func:`sync_children`,
which only write what differs: ``manage.py load_demo`` run twice changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import models

M = TypeVar("M", bound=models.Model)

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


def demo_dir(module_file: str) -> Path:
    """The ``demo/`` folder beside an app's ``demo.py`` (pass its ``__file__``)."""
    return Path(module_file).resolve().parent / "demo"


def _named_source(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not str(data.get("source") or "").strip():
        raise ImproperlyConfigured(f"{path}: a demo file names its source document (`source:`).")
    return data


def read_data(path: Path) -> dict[str, Any]:
    """The mapping of a YAML file with a top-level ``source``."""
    return _named_source(path, yaml.safe_load(path.read_text(encoding="utf-8")))


def read_sections(path: Path) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The front matter (with its ``source``) and the ``(title, body)`` sections of a
    Markdown file."""
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    meta = _named_source(path, yaml.safe_load(match.group(1)) if match else None)
    parts = SECTION.split(text[match.end() :] if match else text)[1:]
    sections = [
        (title.strip(), body.strip()) for title, body in zip(parts[::2], parts[1::2], strict=True)
    ]
    return meta, sections


def upsert(
    model: type[M],
    *,
    defaults: dict[str, Any],
    create_defaults: dict[str, Any] | None = None,
    **lookup: Any,
) -> tuple[M, bool]:
    """The row matching ``lookup``, created or updated to ``defaults``; True when created.

    Side effects: creates the row, or saves the fields of ``defaults`` that differ (and those
    only: an unchanged row is not written).
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        return model._default_manager.create(
            **lookup, **(defaults if create_defaults is None else create_defaults)
        ), True
    changed = [name for name, value in defaults.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, defaults[name])
    if changed:
        instance.save(update_fields=changed)
    return instance, False


def sync_children(manager: Any, rows: list[dict[str, Any]]) -> list[Any]:
    """Rows of a related ``manager`` at positions 0…n-1 made equal to ``rows``; others deleted.

    Side effects: creates, updates (when different) and deletes rows of the relation; rows
    are matched on their ``position``, so rows that point at them are kept.
    """
    children = [
        upsert(manager.model, defaults=dict(row), position=position, **manager.core_filters)[0]
        for position, row in enumerate(rows)
    ]
    stale = manager.filter(position__gte=len(rows))
    if stale.exists():
        stale.delete()
    return children
