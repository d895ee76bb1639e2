"""Throughput of the public pages under gunicorn, as ratios to a floor measured alongside.

gunicorn runs with the production settings (DEBUG off, a real secret key) on 127.0.0.1, plus
one page, the floor (``bench.urls``): the base template rendered with no query. wrk keeps
its connections alive and asks for one page as fast as the server answers. Client and server
share the machine's cores (and, here, other jobs): only ratios within one run mean
something, hence a floor in every series.

Each page is measured twice: as an anonymous visitor (the shared page cache answers) and
as a visitor with a cookie of their own (the page is computed for every request).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from django.db import connection

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "/plancher/"
# wrk (Debian's package, `make bench` installs it): C, keep-alive connections, no GIL of ours.
WRK = shutil.which("wrk") or "wrk"
CLIENTS = 16
CLIENT_THREADS = 2
SECONDS = 5
WARM_UP = 2  # wrk takes whole seconds
WORKERS = 2 * (os.cpu_count() or 1) + 1
THREADS = 2
SETTINGS = f"{WORKERS} workers × {THREADS} threads, wrk -t{CLIENT_THREADS} -c{CLIENTS}"
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


def _sent(headers: dict[str, str] | None = None) -> dict[str, str]:
    """What every request of the bench sends, and ``headers``."""
    return {"Host": "127.0.0.1", "Accept-Encoding": "gzip, br", **(headers or {})}


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
                *("--config", "python:bench.gunicorn_conf"),
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
        """(answers per second, a note) for ``path``, after a warm-up: wrk's figures."""
        sent = _sent(headers)
        self._wrk(path, sent, WARM_UP)
        figures = self._wrk(path, sent, SECONDS)
        size = self.size(path, sent) // 1024
        note = f"p50 {figures.p50:.1f} ms, p99 {figures.p99:.1f} ms, {size} KiB"
        if figures.errors:
            note += f", {figures.errors} errors"
        return figures.rate, note

    def get(self, path: str, headers: dict[str, str] | None = None) -> None:
        """One request, answered 200: what a page builds for the visitors after it."""
        self.size(path, _sent(headers))

    def size(self, path: str, headers: dict[str, str]) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status not in (200, 304):
            raise RuntimeError(f"{path} answered {response.status}")
        return len(body)

    def etag(self, path: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers=_sent())
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.getheader("ETag") or ""

    def _wrk(self, path: str, headers: dict[str, str], seconds: int) -> Figures:
        command = [WRK, "--threads", str(CLIENT_THREADS), "--connections", str(CLIENTS)]
        command += ["--duration", f"{seconds}s", "--latency", "--timeout", "30s"]
        for name, value in headers.items():
            command += ["--header", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{self.port}{path}")
        output = subprocess.run(  # noqa: S603 - wrk, with the bench's own arguments
            command, capture_output=True, text=True, check=True
        ).stdout
        return parse_wrk(output)


class Figures(NamedTuple):
    rate: float  # answers per second
    p50: float  # latency, ms
    p99: float
    errors: int  # answers other than 2xx/3xx, and socket errors


_DURATION = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> Figures:
    """wrk's report (with --latency) as figures."""

    def latency(percent: str) -> float:
        found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if found is None:
            raise ValueError(f"no {percent}% latency in wrk's report:\n{output}")
        return float(found.group(1)) * _DURATION[found.group(2)]

    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if rate is None:
        raise ValueError(f"no Requests/sec in wrk's report:\n{output}")
    counted = re.findall(r"^\s*(?:Non-2xx or 3xx responses|Socket errors):(.*)$", output, re.M)
    errors = sum(int(n) for line in counted for n in re.findall(r"\d+", line))
    return Figures(float(rate.group(1)), latency("50"), latency("99"), errors)


def series(server: Server, pages: list[tuple[str, str]], *, label: str) -> list[Row]:
    """The floor, then each page as served to anonymous visitors and as computed, then the
    floor again: the ratios use the higher of the two floors (the machine is shared). Each
    page is asked for once first, so that what a new version invalidated is built again
    before any measurement, not during the first page's."""
    for _name, path in pages:
        server.get(path)
        server.get(path, COMPUTED)
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
