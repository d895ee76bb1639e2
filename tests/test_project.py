"""The project's own promises: documented settings, a reproducible set-up."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    settings = (ROOT / "network" / "settings.py").read_text()
    names = set(re.findall(r'(?:env_\w+|redis_url)\(\s*"([A-Z_]+)"', settings))
    readme = (ROOT / "README.md").read_text()

    assert len(names) > 15
    assert {name for name in names if f"`{name}`" not in readme} == set()


def test_every_production_service_reads_the_same_variables() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()

    for service in ("web:", "worker:", "beat:", "db:", "redis:"):
        assert f"\n  {service}" in compose
    assert compose.count("<<: *platform") == 4  # migrate, web, worker, beat
    assert '"celery", "-A", "network", "worker"' in compose
    assert "- beat" in compose


def test_ci_runs_the_readme_test_command_on_the_real_services() -> None:
    ci = (ROOT / ".ci" / "run").read_text()

    assert "DATABASE_URL" in ci and "REDIS_URL" in ci
    assert ci.strip().endswith("make test")
    assert "make run" in (ROOT / "README.md").read_text()


def test_the_english_catalogue_is_complete() -> None:
    """Every French string has an English translation, none of them a fuzzy guess."""
    catalogue = str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po")
    for option in ("--untranslated", "--only-fuzzy"):
        left = subprocess.run(  # noqa: S603
            ["msgattrib", option, "--no-obsolete", catalogue],  # noqa: S607 - GNU gettext
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert left.strip() == "", f"{option}:\n{left[:2000]}"
