"""Throughput of the public pages under gunicorn, as ratios to a floor measured alongside.

gunicorn runs with the production settings (DEBUG off, a real secret key) on 127.0.0.1, plus
one page, the floor (``bench.urls``): the base template rendered with no query. Client
threads in this process keep their connections alive and ask for one page as fast as the
server answers. Client and server share the machine's cores (and, here, other jobs): only
ratios within one run mean something, hence a floor in every series.

Each page is measured twice: as an anonymous visitor (the shared page cache answers) and
as a visitor with a cookie of their own (the page is computed for every request).
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
FLOOR = "/plancher/"
CLIENTS = 8
SECONDS = 4.0
WARM_UP = 1.5
WORKERS = 2 * (os.cpu_count() or 1) + 1
THREADS = 2
SETTINGS = f"{WORKERS} workers × {THREADS} threads, {CLIENTS} clients"
COMPUTED = {"Cookie": "bench=computed"}  # a cookie of one's own: no shared page


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


class Server:
    """gunicorn on the bench's database, started once, stopped at the end."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": _database_url(),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_MANIFEST": "false",
            "LOG_LEVEL": "WARNING",
            # Production refuses to start without them (no mail is sent by the pages measured).
            "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "EMAIL_HOST": "127.0.0.1",
            "DEFAULT_FROM_EMAIL": "Réseau participatif <ne-pas-repondre@127.0.0.1>",
        }
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                *(sys.executable, "-m", "gunicorn", "network.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS)),
                *("--worker-class", "gthread", "--threads", str(THREADS)),
                *("--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
        )
        self._wait_until_up()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/sante/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /sante/ within 60 s")

    def rate(self, path: str, headers: dict[str, str] | None = None) -> tuple[float, str]:
        """(answers per second, a note) for ``path``, after a warm-up."""
        self._hammer(path, headers or {}, WARM_UP)
        answers, errors, latencies, size = self._hammer(path, headers or {}, SECONDS)
        if len(latencies) < 2:
            return 0.0, f"{answers} answers, {errors} errors"
        cuts = statistics.quantiles(latencies, n=100)
        note = f"p50 {cuts[49]:.0f} ms, p95 {cuts[94]:.0f} ms, {size // 1024} KiB"
        if errors:
            note += f", {errors} errors"
        return answers / SECONDS, note

    def etag(self, path: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip, br"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.getheader("ETag") or ""

    def _hammer(
        self, path: str, headers: dict[str, str], seconds: float
    ) -> tuple[int, int, list[float], int]:
        """(answers, errors, latencies in ms, last body size) of CLIENTS threads."""
        stop = time.monotonic() + seconds
        latencies: list[float] = []
        errors = 0
        size = 0
        lock = threading.Lock()
        sent = {"Host": "127.0.0.1", "Accept-Encoding": "gzip, br", **headers}

        def client() -> None:
            nonlocal errors, size
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            mine: list[float] = []
            failed = 0
            length = 0
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers=sent)
                    response = conn.getresponse()
                    length = len(response.read())
                except (OSError, http.client.HTTPException):
                    conn.close()  # the server closed a kept-alive connection: open another
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    continue
                if response.status not in (200, 304):
                    failed += 1
                mine.append((time.perf_counter() - started) * 1000)
            conn.close()
            with lock:
                latencies.extend(mine)
                errors += failed
                size = max(size, length)

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return len(latencies), errors, latencies, size


def series(server: Server, pages: list[tuple[str, str]], *, label: str) -> list[Row]:
    """The floor, then each page as served to anonymous visitors and as computed, then the
    floor again: the ratios use the higher of the two floors (the machine is shared)."""
    before, note = server.rate(FLOOR)
    measured = []
    for name, path in pages:
        served, served_note = server.rate(path)
        computed, computed_note = server.rate(path, COMPUTED)
        measured.append((name, served, served_note, computed, computed_note))
    after, _note = server.rate(FLOOR)
    floor = max(before, after)
    rows: list[Row] = [
        (
            f"gunicorn floor ({label})",
            f"{floor:.0f} req/s",
            f"{before:.0f} before the pages, {after:.0f} after; {note}; {SETTINGS}",
        )
    ]
    for name, served, served_note, computed, computed_note in measured:
        rows.append(
            (
                f"gunicorn {name} / floor",
                f"{served / floor:.0%} served, {computed / floor:.0%} computed",
                f"{served:.0f} req/s ({served_note}) served to anonymous visitors; "
                f"{computed:.0f} req/s ({computed_note}) computed for each request",
            )
        )
    return rows


def available() -> bool:
    return connection.vendor == "postgresql"
