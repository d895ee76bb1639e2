"""``make prodlike``: the platform served as production serves it, without Docker.

Caddy (Debian's package) terminates TLS with a certificate made for the run (openssl) and
redirects HTTP to HTTPS; gunicorn (gunicorn.conf.py) listens on 127.0.0.1 only, behind it,
with production settings: DEBUG off, PostgreSQL, Redis, a Celery worker and beat, and mail
through SMTP to a local sink (aiosmtpd) that counts what it accepts.

The database is ``<DATABASE_URL's name>_prodlike`` (created afresh, demo content loaded);
Redis is ``PRODLIKE_REDIS_URL`` (default: REDIS_URL's server, database 12), flushed first.
Ports: ``HTTPS_PORT`` (8443) and ``HTTP_PORT`` (8080). ``tests/production/test_prodlike.py``
starts the same stack through :class:`Stack` and crawls it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CADDY = shutil.which("caddy") or "/usr/bin/caddy"
CADDYFILE = """{{
	admin off
	auto_https disable_redirects
	storage file_system {work}/caddy-data
}}

https://127.0.0.1:{https_port} {{
	tls {cert} {key}
	reverse_proxy 127.0.0.1:{web_port}
}}

http://127.0.0.1:{http_port} {{
	redir https://127.0.0.1:{https_port}{{uri}} permanent
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


class Stack:
    """The processes of a production-like run; a context manager that stops them all."""

    def __init__(self, *, https_port: int, http_port: int, work: Path | None = None) -> None:
        self.work = work or Path(tempfile.mkdtemp(prefix="prodlike-"))
        self.https_port, self.http_port = https_port, http_port
        self.web_port, self.smtp_port = free_port(), free_port()
        base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
        if urlsplit(base).scheme not in {"postgres", "postgresql"}:
            sys.exit("make prodlike needs DATABASE_URL=postgres://… and REDIS_URL=redis://…")
        self.database_url = _with_path(base, f"/{urlsplit(base).path.lstrip('/')}_prodlike")
        redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        self.redis_url = os.environ.get("PRODLIKE_REDIS_URL") or _with_path(redis, "/12")
        self.url = f"https://127.0.0.1:{https_port}"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DJANGO_SETTINGS_MODULE": "network.settings",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "false",
            "DEFAULT_FROM_EMAIL": "Réseau participatif <ne-pas-repondre@127.0.0.1>",
            "SECURE_PROXY_SSL_HEADER": "true",
            "TRUSTED_PROXIES": "1",
            "MEDIA_ROOT": str(self.work / "media"),
            "STATIC_MANIFEST": "true",
            "GUNICORN_BIND": f"127.0.0.1:{self.web_port}",
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
            "LOG_LEVEL": "WARNING",
        }
        self.cert, self.key = self.work / "cert.pem", self.work / "key.pem"

    # --- Preparation -------------------------------------------------------------------------

    def manage(self, *args: str) -> None:
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True
        )
        print(f"manage.py {args[0]}: {time.monotonic() - started:.1f} s", flush=True)

    def prepare(self) -> None:
        """A fresh database with the demo content, an empty Redis, collected static files
        and a certificate for 127.0.0.1."""
        import psycopg
        import redis
        from psycopg import sql

        name = sql.Identifier(urlsplit(self.database_url).path.lstrip("/"))
        admin = _with_path(self.database_url, "/postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        redis.Redis.from_url(self.redis_url).flushdb()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v", "0")
        subprocess.run(  # noqa: S603
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
                *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
                *("-keyout", str(self.key), "-out", str(self.cert)),
            ],
            check=True,
            capture_output=True,
        )
        (self.work / "Caddyfile").write_text(
            CADDYFILE.format(
                work=self.work,
                https_port=self.https_port,
                http_port=self.http_port,
                web_port=self.web_port,
                cert=self.cert,
                key=self.key,
            )
        )

    # --- Processes ---------------------------------------------------------------------------

    def start(self, name: str, *command: str, env: dict[str, str] | None = None) -> None:
        with (self.work / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(  # noqa: S603
                list(command),
                cwd=ROOT,
                env=env or self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")

    def __enter__(self) -> Stack:
        self.prepare()
        bin_dir = Path(sys.executable).parent
        self.start(
            "smtp",
            *(sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"),
            *("-l", f"127.0.0.1:{self.smtp_port}"),
        )
        self.start("web", str(bin_dir / "gunicorn"), "--config", "gunicorn.conf.py")
        self.start("worker", str(bin_dir / "celery"), "-A", "network", "worker", "-c", "2")
        self.start(
            "beat",
            *(str(bin_dir / "celery"), "-A", "network", "beat"),
            f"--schedule={self.work / 'beat-schedule'}",
        )
        caddy_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.work),
            "XDG_DATA_HOME": str(self.work / "caddy-data"),
            "XDG_CONFIG_HOME": str(self.work / "caddy-config"),
        }
        self.start(
            "proxy",
            *(CADDY, "run", "--adapter", "caddyfile"),
            *("--config", str(self.work / "Caddyfile")),
            env=caddy_env,
        )
        self.wait_until_healthy()
        return self

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def wait_until_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} stopped while starting:\n{self.log(name)}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(  # noqa: S310
                    f"{self.url}/sante/", context=self.context(), timeout=5
                ) as answer,
            ):
                if answer.status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"no healthy answer through the proxy within {timeout} s")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def main() -> None:
    https_port = int(os.environ.get("HTTPS_PORT", "8443"))
    http_port = int(os.environ.get("HTTP_PORT", "8080"))
    with Stack(https_port=https_port, http_port=http_port) as stack:
        print(
            f"Production-like platform on {stack.url}/ (HTTP {http_port} redirects to it), "
            f"certificate {stack.cert}, logs in {stack.work}. Ctrl-C stops everything.",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            while all(process.poll() is None for process in stack.processes.values()):
                time.sleep(1)
        stopped = [name for name, p in stack.processes.items() if p.poll() is not None]
        if stopped:
            print(f"Stopped: {', '.join(stopped)}; see the logs in {stack.work}", flush=True)


if __name__ == "__main__":
    main()
