"""The compose stack and the image are correct by construction: what can be proven without
pulling images is checked here, on docker-compose.yml and the Dockerfile as written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from network.settings import REQUIRED_IN_PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
PLATFORM = ("migrate", "web", "worker", "beat")
RUNNING = ("web", "worker", "beat")
ENVIRONMENT = {
    "DOMAIN": "reseau.example.org",
    "ACME_EMAIL": "technique@example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "ne-pas-repondre@reseau.example.org",
}


@pytest.fixture(scope="module")
def stack() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def services(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return stack["services"]


def test_only_the_proxy_publishes_a_port(stack: dict[str, Any]) -> None:
    published = {name for name, service in services(stack).items() if service.get("ports")}

    assert published == {"proxy"}
    assert sorted(services(stack)["proxy"]["ports"]) == ["443:443", "443:443/udp", "80:80"]
    assert all("network_mode" not in service for service in services(stack).values())


def test_gunicorn_postgres_and_redis_sit_on_networks_of_their_own(stack: dict[str, Any]) -> None:
    assert stack["networks"]["backend"] == {"internal": True}
    for name in ("db", "redis", "cache"):
        assert services(stack)[name]["networks"] == ["backend"]
    assert "backend" in services(stack)["proxy"]["networks"]


def test_the_broker_never_evicts_and_the_cache_is_bounded_and_keeps_nothing(
    stack: dict[str, Any],
) -> None:
    """Queued tasks are data: the broker's Redis persists and refuses a write rather than
    evict a key. The cache's Redis has a memory limit, evicts, and writes nothing to disk."""
    broker = services(stack)["redis"]["command"]
    cache = services(stack)["cache"]["command"]
    environment = stack["x-platform"]["environment"]

    def option(command: list[str], name: str) -> str:
        return command[command.index(name) + 1]

    assert option(broker, "--appendonly") == "yes"
    assert option(broker, "--maxmemory-policy") == "noeviction"
    assert services(stack)["redis"]["volumes"] == ["redis:/data"]
    assert option(cache, "--maxmemory-policy") == "allkeys-lru"
    assert option(cache, "--maxmemory") == "${CACHE_MAXMEMORY:-256mb}"
    assert (option(cache, "--appendonly"), option(cache, "--save")) == ("no", "")
    assert "volumes" not in services(stack)["cache"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["CACHE_URL"] == "redis://cache:6379/0"
    assert set(stack["x-platform"]["depends_on"]) >= {"redis", "cache"}


def test_every_long_running_service_has_a_healthcheck(stack: dict[str, Any]) -> None:
    unchecked = [
        name
        for name, service in services(stack).items()
        if name != "migrate" and not service.get("healthcheck", {}).get("test")
    ]

    assert unchecked == []


def test_the_web_healthcheck_uses_an_allowed_host_name(stack: dict[str, Any]) -> None:
    web = services(stack)["web"]
    probe = " ".join(web["healthcheck"]["test"])

    assert "/sante/" in probe
    assert "'Host': os.environ['ALLOWED_HOSTS'].split(',')[0]" in probe
    assert web["environment"]["ALLOWED_HOSTS"].startswith("${DOMAIN:?")


def test_worker_and_beat_healthchecks_ask_the_processes_themselves(stack: dict[str, Any]) -> None:
    worker = " ".join(services(stack)["worker"]["healthcheck"]["test"])
    beat = " ".join(services(stack)["beat"]["healthcheck"]["test"])

    assert "celery -A network inspect ping -d celery@$$HOSTNAME" in worker
    assert "/tmp/celerybeat-schedule" in beat  # noqa: S108
    assert "--schedule=/tmp/celerybeat-schedule" in services(stack)["beat"]["command"]


def test_web_worker_and_beat_wait_for_the_one_shot_migration(stack: dict[str, Any]) -> None:
    migrate = services(stack)["migrate"]

    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    for name in RUNNING:
        service = services(stack)[name]
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "migrate" not in " ".join(service["command"])


def test_a_required_variable_has_no_empty_default(stack: dict[str, Any]) -> None:
    """Each variable production cannot do without comes from a secret file, a fixed value
    or ``${VAR:?message}``: never ``${VAR:-}``."""
    for name in PLATFORM:
        environment = services(stack)[name]["environment"]
        for variable in [*REQUIRED_IN_PRODUCTION, "ALLOWED_HOSTS"]:
            value = environment.get(variable) or environment.get(f"{variable}_FILE")
            assert value, f"{name} lacks {variable}"
            assert not re.search(r"\$\{[A-Z_]+:?-", value), f"{name}: {variable}={value}"
    text = COMPOSE.read_text()
    for variable in ("DOMAIN", "ACME_EMAIL", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"):
        assert f"${{{variable}:-" not in text
        assert f"${{{variable}:?" in text


def test_secrets_come_from_docker_secret_files(stack: dict[str, Any]) -> None:
    environment = services(stack)["web"]["environment"]
    for variable in ("SECRET_KEY", "DATABASE_PASSWORD", "EMAIL_HOST_PASSWORD"):
        path = environment[f"{variable}_FILE"]
        secret = path.removeprefix("/run/secrets/")
        assert secret in services(stack)["web"]["secrets"]
        assert secret in stack["secrets"]
    assert "SECRET_KEY" not in environment
    assert "@" not in environment["DATABASE_URL"].split("@")[0].removeprefix("postgres://")
    assert services(stack)["db"]["environment"]["POSTGRES_PASSWORD_FILE"].startswith("/run/")


def test_the_proxy_count_is_trusted_behind_the_proxy_only(stack: dict[str, Any]) -> None:
    web = services(stack)["web"]

    assert web["environment"]["TRUSTED_PROXIES"] == "1"
    assert "ports" not in web and "expose" not in web
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile
    assert "trusted_proxies" not in caddyfile  # Caddy replaces a client's X-Forwarded-For


def test_the_gunicorn_command_is_written_once(stack: dict[str, Any]) -> None:
    assert services(stack)["web"]["command"] == ["gunicorn", "--config", "gunicorn.conf.py"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py"]' in dockerfile
    for text in (COMPOSE.read_text(), dockerfile, (ROOT / "Makefile").read_text()):
        assert "--bind" not in text and "--workers" not in text


def test_the_image_is_built_in_stages_without_node_at_run_time(stack: dict[str, Any]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.MULTILINE)[1:]

    assert [stage.split()[0] for stage in stages] == [
        "node:20-bookworm-slim",
        "python:3.11-slim-bookworm",
    ]
    runtime = stages[-1]
    assert "npm" not in runtime.replace("npm ci", "") and "nodejs" not in runtime
    assert "COPY --from=assets /app/node_modules ./node_modules" in runtime
    assert re.search(r"^USER reseau$", runtime, flags=re.MULTILINE)


def test_the_image_has_the_database_server_s_pg_dump(stack: dict[str, Any]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    server_major = services(stack)["db"]["image"].split(":")[1]

    assert f"ARG POSTGRES_MAJOR={server_major}" in dockerfile
    assert '"postgresql-client-${POSTGRES_MAJOR}"' in dockerfile


def test_secrets_never_go_into_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()

    assert {"secrets", ".env", "backups", "media"} <= set(ignored)


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(  # noqa: S603
            [docker, "compose", "version"], capture_output=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


COMPOSE_CLI = _compose_command()
needs_compose = pytest.mark.skipif(
    COMPOSE_CLI is None,
    reason="neither the docker compose plugin nor Debian's docker-compose is installed "
    "(apt-get install docker-compose)",
)


def _config(tmp_path: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert COMPOSE_CLI is not None
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    (tmp_path / "secrets").mkdir(exist_ok=True)
    for secret in ("secret_key", "postgres_password", "email_host_password", "storage_secret_key"):
        (tmp_path / "secrets" / secret).write_text("")
    return subprocess.run(  # noqa: S603
        [*COMPOSE_CLI, "config"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@needs_compose
def test_docker_compose_accepts_the_stack(tmp_path: Path) -> None:
    result = _config(tmp_path, ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    assert resolved["services"]["web"]["environment"]["SITE_URL"] == "https://reseau.example.org"
    assert resolved["services"]["worker"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )


@needs_compose
@pytest.mark.parametrize("missing", sorted(ENVIRONMENT))
def test_docker_compose_refuses_to_start_without_a_required_variable(
    tmp_path: Path, missing: str
) -> None:
    result = _config(tmp_path, {k: v for k, v in ENVIRONMENT.items() if k != missing})

    assert result.returncode != 0
    assert f"set {missing}" in result.stderr
