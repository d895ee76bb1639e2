"""``make bench``: measure the platform at realistic sizes and print one table.

Runs against a throw-away test database (PostgreSQL when ``DATABASE_URL`` is set, else
SQLite), fills it with generated rows, times the pages in-process with Django's test
client, prints a Markdown table and writes it to ``BENCHMARKS.md`` with the machine and
date. Not a test: nothing here asserts.

``python -m bench assignment`` runs the reviewer assignment alone and prints its rows
(``BENCHMARKS.md`` is left as it is).
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.base import Template  # noqa: E402
from django.test.utils import _TestState, setup_test_environment  # noqa: E402

from bench import (  # noqa: E402
    assignment,
    events,
    experiences,
    programme,
    questionnaires,
    structures,
    throughput,
)

ROOT = Path(__file__).resolve().parent.parent


PAGES = [
    ("home", "/"),
    ("glossary", "/glossaire/"),
    ("glossary entry", "/glossaire/patient-partenaire/"),
    ("glossary comparison", "/glossaire/comparer/?roles=patient-partenaire,pair-aidant"),
    ("directory, 10000 structures", "/structures/"),
    ("structure page", "/structures/structure-generee-04242/"),
    ("events", "/evenements/"),
    ("event page with its programme", f"/evenements/{events.DEMO_EVENT}/"),
    ("call for papers", f"/evenements/{events.DEMO_EVENT}/appel/"),
    ("published experiences", "/experiences/publiees/"),
    ("questionnaire", "/experiences/retours-experiences-demarches-participatives/participer/"),
]


def _prepare() -> str:
    """Settings as in production, a throw-away database; returns the real database name."""
    settings.ALLOWED_HOSTS = ["testserver"]
    # In-process figures are the pages' own work: the anonymous page cache is off here (it
    # is on in gunicorn, where each page is measured both served from it and computed).
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    setup_test_environment()
    # The test environment instruments every template render for the test client's
    # response.context; the bench measures what production runs.
    Template._render = _TestState.saved_data.template_render  # type: ignore[attr-defined]
    old_name = str(connection.settings_dict["NAME"])
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return old_name


def assignment_only() -> None:
    """The reviewer assignment alone (plan, applying it, the admin list)."""
    old_name = _prepare()
    try:
        rows = assignment.run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("\n".join(f"| {name} | {value} | {note} |" for name, value, note in rows))


def main() -> None:
    old_name = _prepare()
    rows: list[tuple[str, str, str]] = []
    server = throughput.Server() if throughput.available() else None
    try:
        if server is not None:
            server.start()
        rows += structures.run(server)
        rows += events.run()
        rows += programme.run()
        rows += assignment.run()
        rows += experiences.run()
        rows += questionnaires.run()
        if server is not None:
            structures.fresh_versions()
            rows += throughput.series(server, PAGES, label="10000 structures")
            rows += structures.geojson_throughput(server)
        else:
            rows.append(("throughput under gunicorn", "n/a", "needs PostgreSQL (DATABASE_URL)"))
    finally:
        if server is not None:
            server.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    engine = connection.vendor
    header = (
        f"Measured {datetime.date.today():%Y-%m-%d} on {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}, {engine}); "
        "pages: median of 5 runs (the best of 15 for the growth ratios) after a warm-up, "
        "in-process (Django test client, page cache off), with their number of queries; "
        "throughput: gunicorn over HTTP on 127.0.0.1, as a ratio to the floor (the base "
        "template, no query) measured in the same series. The machine is shared with other jobs: "
        "absolute figures vary from run to run, only the ratios within one run compare."
    )
    table = ["| measure | value | note |", "| --- | ---: | --- |"]
    table += [f"| {name} | {value} | {note} |" for name, value, note in rows]
    text = "\n".join([header, "", *table])
    print(text)
    (ROOT / "BENCHMARKS.md").write_text(
        "# Benchmarks\n\nWritten by `make bench`.\n\n" + text + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    assignment_only() if sys.argv[1:] == ["assignment"] else main()
