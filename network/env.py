"""Typed readers for settings taken from the environment.

Each helper returns a value of one type or raises ``ImproperlyConfigured`` with a
message naming the variable, so a bad deployment fails at start-up, loudly.

Every variable ``NAME`` can also come from a file named by ``NAME_FILE`` (Docker and
Kubernetes secrets): the file's content, without its trailing newline, is the value. Setting
both is refused, as is a ``NAME_FILE`` that cannot be read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    variables = os.environ if environ is None else environ
    value = variables.get(name)
    file_name = (variables.get(f"{name}_FILE") or "").strip()
    if file_name:
        if value is not None and value.strip():
            raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: keep one of them.")
        try:
            value = Path(file_name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ImproperlyConfigured(
                f"{name}_FILE names {file_name!r}, which cannot be read: {error}"
            ) from None
    if value is None or value.strip() == "":
        return None
    return value.strip()


def is_set(name: str, *, environ: Mapping[str, str] | None = None) -> bool:
    """True when ``NAME`` (or the file ``NAME_FILE`` names) holds a non-blank value."""
    return _raw(name, environ) is not None


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no), got {value!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(
    name: str, default: list[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, Any]:
    """Turn ``postgres://user:pass@host:port/name?sslmode=require`` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://host/db")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL has an invalid port: {url!r}") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        # sqlite:///relative/path.db or sqlite:////absolute/path.db
        path = url.split("sqlite://", 1)[1][1:]
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite://, got {parts.scheme or url!r}"
    )


def redis_url(name: str, *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    if value is None:
        return ""
    if urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"{name} must be a redis:// or rediss:// URL, got {value!r}")
    return value


S3_BACKEND = "storages.backends.s3.S3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
SIGNED_URL_SECONDS = 60  # how long a download link to a bucket object stays valid
_URL_OPTIONS = {"endpoint_url", "region_name", "addressing_style", "signature_version"}


def storage_from_url(*, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry: the bucket ``STORAGE_URL`` names, else the folder."""
    url = env_str("STORAGE_URL", environ=environ)
    if not url:
        return {"BACKEND": LOCAL_BACKEND}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(
            f"STORAGE_URL must look like s3://bucket/prefix?endpoint_url=https://…, got {url!r}"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - _URL_OPTIONS)
    if unknown:
        raise ImproperlyConfigured(
            f"STORAGE_URL has unknown options {unknown}; known: {sorted(_URL_OPTIONS)}"
        )
    options: dict[str, Any] = {
        "bucket_name": unquote(parts.hostname),
        "location": unquote(parts.path.strip("/")),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        "file_overwrite": False,
        "signature_version": "s3v4",
        **query,
    }
    access_key = env_str("AWS_ACCESS_KEY_ID", environ=environ)
    secret_key = env_str("AWS_SECRET_ACCESS_KEY", environ=environ)
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both or neither."
        )
    if access_key:
        options |= {"access_key": access_key, "secret_key": secret_key}
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
