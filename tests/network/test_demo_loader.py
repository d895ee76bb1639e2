"""The demo content: data files naming their sources, loaded in place by ``load_demo``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.demo_loader import read_data, read_sections

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILES = sorted(
    path
    for app in ("network", "structures", "events", "experiences", "pages")
    for path in (ROOT / app / "demo").iterdir()
)


def _rows() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the apps' tables (many-to-many tables included), as stored."""
    rows = {}
    for label in ("network", "structures", "events", "experiences"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            fields = [field.attname for field in model._meta.concrete_fields]
            rows[model._meta.label] = sorted(
                model._default_manager.order_by("pk").values_list(*fields), key=repr
            )
    return rows


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing() -> None:
    call_command("load_demo", stdout=io.StringIO())
    before = _rows()
    with CaptureQueriesContext(connection) as queries:
        call_command("load_demo", stdout=io.StringIO())
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", query["sql"], re.IGNORECASE)
    ]
    assert writes == []
    assert _rows() == before
    assert sum(len(rows) for rows in before.values()) > 100


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda path: path.name)
def test_each_demo_file_names_its_source_document_by_title(path: Path) -> None:
    data = read_sections(path)[0] if path.suffix == ".md" else read_data(path)
    source = data["source"]
    assert len(source) > 20
    assert "/" not in source
    assert not re.search(r"\b0\d\d_|seed", source, re.IGNORECASE)


def test_a_demo_file_without_a_source_is_refused(tmp_path: Path) -> None:
    from django.core.exceptions import ImproperlyConfigured

    (tmp_path / "texts.yaml").write_text("entries: []\n", encoding="utf-8")
    (tmp_path / "texts.md").write_text("## A title\n\nA text.\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="source"):
        read_data(tmp_path / "texts.yaml")
    with pytest.raises(ImproperlyConfigured, match="source"):
        read_sections(tmp_path / "texts.md")
