"""Throughput of the main public pages under gunicorn, against the bench's database.

gunicorn runs with the production settings (DEBUG off, a real secret key) on 127.0.0.1;
client threads in this process keep their connections alive and ask for one page as fast
as the server answers. Client and server share the machine's cores, so the figures are a
floor for a machine that serves only.
"""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("home", "/"),
    ("glossary", "/glossaire/"),
    ("directory", "/structures/"),
    ("GeoJSON (cached)", "/structures/carte.geojson"),
    ("events", "/evenements/"),
    ("published experiences", "/experiences/publiees/"),
]
CLIENTS = 8
SECONDS = 5.0
WORKERS = 2 * (os.cpu_count() or 1) + 1
THREADS = 2


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/sante/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /sante/ within 60 s")


def _hammer(port: int, path: str) -> tuple[int, int, list[float]]:
    """(answers, errors, latencies in ms) of CLIENTS threads asking for ``path``."""
    stop = time.monotonic() + SECONDS
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                conn.close()  # the server closed a kept-alive connection: open another
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if response.status != 200:
                failed += 1
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), errors, latencies


def run() -> list[Row]:
    if connection.vendor != "postgresql":
        return [("throughput under gunicorn", "n/a", "needs PostgreSQL (DATABASE_URL)")]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        # Production refuses to start without them (no mail is sent by the pages measured).
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Réseau participatif <ne-pas-repondre@127.0.0.1>",
    }
    server = subprocess.Popen(  # noqa: S603 - a fixed command line
        [
            *(sys.executable, "-m", "gunicorn", "network.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
            *("--worker-class", "gthread", "--threads", str(THREADS)),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    rows: list[Row] = []
    try:
        _wait_until_up(port, server)
        for label, path in PAGES:
            _hammer(port, path)  # warm-up: every worker imports, caches, connects
            answers, errors, latencies = _hammer(port, path)
            cuts = statistics.quantiles(latencies, n=100)
            rows.append(
                (
                    f"gunicorn {label}",
                    f"{answers / SECONDS:.0f} req/s",
                    f"p50 {cuts[49]:.0f} ms, p95 {cuts[94]:.0f} ms, {errors} errors; "
                    f"{WORKERS} workers × {THREADS} threads, {CLIENTS} clients",
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows
