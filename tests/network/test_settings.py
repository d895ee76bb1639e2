"""Settings come from the environment, refuse bad values, and are safe in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from network.env import database_from_url, env_bool, env_int, env_list, env_str, redis_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x" * 30 + "-production-secret-key-for-the-test-only",
    "DJANGO_DEBUG": "false",
    "ALLOWED_HOSTS": "reseau.example.org",
    "SITE_URL": "https://reseau.example.org",
    "DATABASE_URL": "postgres://reseau:motdepasse@db:5432/reseau",
    "REDIS_URL": "redis://redis:6379/0",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "Réseau participatif <ne-pas-repondre@reseau.example.org>",
}
REQUIRED = [
    "SECRET_KEY",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
]
OPTIONAL = ["CACHE_URL", "DJANGO_DEBUG", "NETWORK_DEVELOPMENT_NOTICE", "STORAGE_URL"]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The platform's own settings module (not the tests'), and nothing of this run's setup.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*REQUIRED, *OPTIONAL}
        and not k.startswith(("EMAIL_", "AWS_", "DJANGO_SETTINGS_MODULE"))
        and not k.endswith("_FILE")
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run(["manage.py", *args], env)


def start(env: dict[str, str], *, then: str = "") -> subprocess.CompletedProcess[str]:
    """Start the platform as gunicorn does: import its WSGI application (the settings, then
    the apps), then run the Python of ``then``. A third of the time of ``manage.py``, which
    lists every command when the settings refuse to load."""
    return _run(["-c", f"import network.wsgi; {then}"], env)


@pytest.mark.parametrize("value, expected", [("true", True), ("0", False), ("Oui", None)])
def test_booleans_are_read_strictly(value: str, expected: bool | None) -> None:
    if expected is None:
        with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
            env_bool("FLAG", default=False, environ={"FLAG": value})
    else:
        assert env_bool("FLAG", default=not expected, environ={"FLAG": value}) is expected


def test_integers_refuse_words_and_values_below_their_minimum() -> None:
    assert env_int("PORT", 1, environ={"PORT": " 587 "}) == 587
    with pytest.raises(ImproperlyConfigured, match="PORT must be an integer"):
        env_int("PORT", 1, environ={"PORT": "cinq"})
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("PORT", 1, minimum=1, environ={"PORT": "0"})


def test_lists_and_defaults() -> None:
    assert env_list("HOSTS", ["a"], environ={}) == ["a"]
    assert env_list("HOSTS", environ={"HOSTS": "a.org, b.org,"}) == ["a.org", "b.org"]


def test_database_urls_are_parsed_or_refused() -> None:
    db = database_from_url("postgres://moi:m%40t@127.0.0.1:5433/reseau?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "moi",
        "m@t",
        "127.0.0.1",
        "5433",
        "reseau",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert database_from_url("sqlite:///var/db.sqlite3")["NAME"] == "var/db.sqlite3"
    with pytest.raises(ImproperlyConfigured, match="postgres:// or sqlite://"):
        database_from_url("mysql://host/db")
    with pytest.raises(ImproperlyConfigured, match="must name a database"):
        database_from_url("postgres://host")


def test_redis_urls_are_checked() -> None:
    assert redis_url("REDIS_URL", environ={"REDIS_URL": "redis://r:6379/0"}) == "redis://r:6379/0"
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        redis_url("REDIS_URL", environ={"REDIS_URL": "http://r"})


def test_production_settings_pass_the_deployment_check() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "Development settings" not in result.stderr


def _refusals(stderr: str) -> list[str]:
    return [
        line for line in stderr.splitlines() if "must be set when DJANGO_DEBUG is false" in line
    ]


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_naming_the_missing_variable(missing: str) -> None:
    """The refusal matrix: each required variable missing in turn, one line naming it."""
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = start(env)

    assert result.returncode != 0
    assert "Production settings (DJANGO_DEBUG is false) refuse to start" in result.stderr
    [line] = _refusals(result.stderr)
    assert line.startswith(f"{missing} must be set when DJANGO_DEBUG is false"), line


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_required_variable_counts_as_missing(blank: str) -> None:
    result = start({**PRODUCTION, "EMAIL_HOST": blank})

    assert [line.split()[0] for line in _refusals(result.stderr)] == ["EMAIL_HOST"]


def test_every_missing_variable_is_named_at_once() -> None:
    result = run_manage("check", env={"DJANGO_DEBUG": "false"})

    assert result.returncode != 0
    assert [line.split()[0] for line in _refusals(result.stderr)] == REQUIRED


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_production_refuses_a_mail_backend_that_does_not_deliver(backend: str) -> None:
    env = {**PRODUCTION, "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}

    result = start(env)

    assert result.returncode != 0
    assert "never delivers mail: it is refused when DJANGO_DEBUG is false" in result.stderr


def test_development_keeps_the_console_mail_and_local_memory_cache() -> None:
    script = (
        "from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.CACHES['default']['BACKEND'])"
    )
    result = start({}, then=script)

    assert result.stdout.split()[-2:] == [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
    ], result.stderr


def test_production_refuses_sqlite() -> None:
    result = start({**PRODUCTION, "DATABASE_URL": "sqlite:////tmp/reseau.db"})

    assert result.returncode != 0
    assert "DATABASE_URL must name a PostgreSQL database (postgres://…)" in result.stderr


def test_the_cache_has_a_redis_of_its_own_when_given_one() -> None:
    script = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['LOCATION'], settings.CELERY_BROKER_URL)"
    )

    shared = start(PRODUCTION, then=script)
    apart = start({**PRODUCTION, "CACHE_URL": "redis://cache:6379/0"}, then=script)
    refused = start({**PRODUCTION, "CACHE_URL": "cache:6379"})

    assert shared.stdout.split()[-2:] == ["redis://redis:6379/0"] * 2, shared.stderr
    assert apart.stdout.split()[-2:] == ["redis://cache:6379/0", "redis://redis:6379/0"]
    assert refused.returncode != 0
    assert "CACHE_URL must be a redis:// or rediss:// URL" in refused.stderr


def test_production_reads_every_secret_from_a_file(tmp_path: Path) -> None:
    """Docker secrets: NAME_FILE names a file holding the value."""
    env = dict(PRODUCTION)
    for name in ("SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"):
        secret = tmp_path / name.lower()
        secret.write_text(env.pop(name, "mot-de-passe-smtp") + "\n")
        env[f"{name}_FILE"] = str(secret)
    script = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['PASSWORD'], settings.EMAIL_HOST_PASSWORD, "
        "settings.SECRET_KEY == 'x' * 30 + '-production-secret-key-for-the-test-only')"
    )

    result = start(env, then=script)

    assert result.stdout.split()[-3:] == ["motdepasse", "mot-de-passe-smtp", "True"], result.stderr


def test_a_variable_and_its_file_together_are_refused(tmp_path: Path) -> None:
    (tmp_path / "key").write_text("x" * 60)
    env = {**PRODUCTION, "SECRET_KEY_FILE": str(tmp_path / "key")}

    result = start(env)

    assert "SECRET_KEY and SECRET_KEY_FILE are both set" in result.stderr


def test_files_are_read_by_the_environment_readers(tmp_path: Path) -> None:
    (tmp_path / "port").write_text("2525\n")
    environ = {"EMAIL_PORT_FILE": str(tmp_path / "port")}
    assert env_int("EMAIL_PORT", 587, environ=environ) == 2525
    assert env_str("EMAIL_PORT", environ=environ) == "2525"
    with pytest.raises(ImproperlyConfigured, match=r"EMAIL_PORT_FILE names .* cannot be read"):
        env_str("EMAIL_PORT", environ={"EMAIL_PORT_FILE": str(tmp_path / "absent")})


def test_production_refuses_to_start_with_a_relative_public_address() -> None:
    result = start({**PRODUCTION, "SITE_URL": "reseau.example.org"})

    assert result.returncode != 0
    assert "SITE_URL must be set to the public address" in result.stderr


def test_the_settings_never_look_at_the_running_program() -> None:
    source = (ROOT / "network" / "settings.py").read_text()

    assert "sys.modules" not in source


def test_behind_a_proxy_allauth_reads_the_visitor_s_address_as_the_platform_does() -> None:
    script = (
        "from django.test import RequestFactory; "
        "from allauth.core.internal.httpkit import get_client_ip; "
        "from network.ratelimit import client_address; "
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', "
        "HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7'); "
        "print(get_client_ip(r), client_address(r))"
    )
    env = {**PRODUCTION, "TRUSTED_PROXIES": "1"}

    result = start(env, then=script)

    assert result.stdout.split()[-2:] == ["203.0.113.7", "203.0.113.7"], result.stderr


def test_a_bad_value_stops_the_start_up_with_its_name() -> None:
    result = start({**PRODUCTION, "EMAIL_PORT": "vingt-cinq"})

    assert result.returncode != 0
    assert "EMAIL_PORT must be an integer" in result.stderr


def test_without_environment_it_runs_for_development_and_says_so_once() -> None:
    result = run_manage("check", env={})

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Development settings: SQLite, Celery eager") == 1


def test_every_page_forbids_inline_scripts_and_styles(client: Client, db: None) -> None:
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert "<style" not in html and " style=" not in html
    assert "<script>" not in html and "<script " not in html.replace(
        '<script type="application/ld+json">', ""
    )


@pytest.mark.parametrize(
    ("preload", "hsts"),
    [
        ({}, "max-age=31536000; includeSubDomains"),
        ({"SECURE_HSTS_PRELOAD": "true"}, "max-age=31536000; includeSubDomains; preload"),
    ],
)
def test_production_sends_hsts_and_secure_cookies_and_a_strict_policy(
    preload: dict[str, str], hsts: str
) -> None:
    script = (
        "from django.conf import settings; from django.test import Client; "
        "r = Client().get('/sante/', secure=True, HTTP_HOST='reseau.example.org'); "
        "print(r.get('Strict-Transport-Security')); "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY); "
        "print(r.get('Content-Security-Policy'))"
    )
    # Nothing listens there: /sante/ answers 503 at once, with the headers of every answer.
    env = {**PRODUCTION, "DATABASE_URL": "postgres://reseau@127.0.0.1:1/reseau", **preload}

    result = start(env, then=script)

    sent, cookies, policy = result.stdout.strip().splitlines()[-3:]
    assert sent == hsts, result.stderr  # preload only when the operator opts in
    assert cookies == "True True True"
    assert "unsafe-inline" not in policy and "default-src 'self'" in policy


def test_the_health_check_answers_for_load_balancers(client: Client, db: None) -> None:
    answer = client.get("/sante/")

    assert answer.status_code == 200
    assert answer.json() == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert "no-cache" in answer["Cache-Control"]


def test_the_database_password_can_stay_out_of_the_url(tmp_path: Path) -> None:
    (tmp_path / "postgres_password").write_text("secret-de-docker\n")
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://reseau@db:5432/reseau",
        "DATABASE_PASSWORD_FILE": str(tmp_path / "postgres_password"),
    }
    script = "from django.conf import settings; print(settings.DATABASES['default']['PASSWORD'])"

    result = start(env, then=script)

    assert result.stdout.split()[-1] == "secret-de-docker", result.stderr


@pytest.mark.django_db
def test_behind_the_proxy_a_form_posted_from_another_site_is_refused(settings: Any) -> None:
    """With SECURE_PROXY_SSL_HEADER the request counts as HTTPS, so Django checks the Referer
    of every POST (on plain HTTP it would not): a valid token from a foreign page is not enough."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    form = {"login": "personne@example.org", "password": "faux", "csrfmiddlewaretoken": "a" * 32}

    def post(referer: str) -> Any:
        return client.post(
            "/comptes/login/",
            form,
            HTTP_HOST="testserver",  # as the proxy passes it
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_REFERER=referer,
        )

    refused = post("https://pirate.example/page/")
    assert refused.status_code == 403 and "Formulaire refusé" in refused.content.decode()
    assert post("http://testserver/comptes/login/").status_code == 403  # downgraded origin
    assert post("https://testserver/comptes/login/").status_code == 200  # the form again
