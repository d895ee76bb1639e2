"""Helpers of the fault tests: real processes (Celery workers, gunicorn, redis-server), a real
SMTP server counting what it accepts, and a TCP proxy that can cut PostgreSQL away.

Every process a test starts talks to the test database (committed data: the tests use
``django_db(transaction=True)``) and to a redis-server of the test's own, never to the shared
Redis: a worker killed with SIGKILL leaves unacknowledged messages behind, and those must
not outlive the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models import F
from django.utils import timezone
from kombu import Connection

from events.models import CallForPapers, Submission
from network.celery import app
from network.models import OutgoingMail, User
from tests.factories import CallForPapersFactory

ROOT = Path(__file__).resolve().parents[2]

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line-by-line log


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(predicate: Callable[[], Any], *, timeout: float, interval: float = 0.05) -> Any:
    """Poll until ``predicate()`` is truthy; return its value, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {predicate}")
        time.sleep(interval)


def database_url(*, host: str | None = None, port: int | None = None) -> str:
    """The test database (not the one DATABASE_URL names), optionally through another port."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = host or db["HOST"] or "127.0.0.1"
    port = port or int(db["PORT"] or 5432)
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def upstream_database() -> tuple[str, int]:
    db = connection.settings_dict
    return db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)


# --- SMTP ------------------------------------------------------------------------------------


class SmtpServer:
    """An SMTP server on 127.0.0.1 counting the messages it accepted, per recipient.

    A message is delivered when the server answers 250 to its data. ``hold_after(n)`` makes
    the server keep every message after the n-th waiting for its answer until ``release()``,
    which refuses them (451) or accepts them: a test breaks something at that moment, in
    the middle of an SMTP conversation, knowing exactly what was delivered.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.received: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._controller: Controller | None = None
        self._hold_after: int | None = None
        self.holding = threading.Event()
        self._released = threading.Event()
        self._accept_held = False

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.received.values())

    def count(self, recipient: str) -> int:
        with self._lock:
            return self.received[recipient.lower()]

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def hold_after(self, accepted: int) -> None:
        self._hold_after = accepted
        self.holding.clear()
        self._released.clear()

    def release(self, *, accept: bool = False) -> None:
        self._accept_held = accept
        self._hold_after = None
        self._released.set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            hold = self._hold_after is not None and (
                self.holding.is_set() or sum(self.received.values()) >= self._hold_after
            )
            if hold:
                self.holding.set()
            else:
                self.received.update(address.lower() for address in envelope.rcpt_tos)
        if not hold:
            return "250 2.0.0 Message accepted for delivery"
        while not self._released.is_set():
            await asyncio.sleep(0.005)
        if not self._accept_held:
            return "451 4.3.0 Not accepted, try again later"
        with self._lock:
            self.received.update(address.lower() for address in envelope.rcpt_tos)
        return "250 2.0.0 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.release()
    server.stop()


# --- Redis -----------------------------------------------------------------------------------


class RedisServer:
    """A redis-server of the test's own, in memory only; it can be stopped and started again
    on the same port (empty, as a restarted Redis without persistence is)."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_until(lambda: self._answers(client), timeout=10)

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=2)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def publish(broker_url: str, task_name: str, *args: Any) -> None:
    """Send a task by name to the given broker (as beat would), on the default queue."""
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with Connection(broker_url) as broker:
            app.send_task(task_name, args=args, connection=broker)
    finally:
        app.conf.task_always_eager = eager


# --- Processes -------------------------------------------------------------------------------


# Development settings for the processes (plain HTTP, debug, 127.0.0.1 allowed), whatever
# the environment of the test run.
PRODUCTION_VARIABLES = {"SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "STATIC_MANIFEST"}


def service_env(*, database: str, redis_url: str, smtp_port: int | None = None) -> dict[str, str]:
    """The environment of a worker or web process: test database, a private Redis, SMTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "CELERY_", "DJANGO_", "SECURE_", "DATABASE_", "REDIS_"))
        and key not in PRODUCTION_VARIABLES
    }
    env.update(
        DJANGO_SETTINGS_MODULE="network.settings",
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    if smtp_port is not None:
        env.update(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            EMAIL_USE_TLS="false",
            EMAIL_TIMEOUT="5",
        )
    return env


class Process:
    """A subprocess in a session of its own (SIGKILL reaches its children too), its output
    in a file (a pipe nobody reads would block it)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        self._log_file = log.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown, no acknowledgement, nothing."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._log_file.close()

    def stop(self) -> None:
        self.terminate()
        self.finish()

    def terminate(self) -> None:
        """SIGTERM to the whole process group: a warm shutdown, which ``finish`` waits for."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)

    def finish(self) -> None:
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._log_file.close()


class Processes:
    """Starts workers and web servers; stops whatever is left at the end of the test."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.started: list[Process] = []

    def worker(self, name: str, env: dict[str, str], *, concurrency: int = 1) -> Process:
        (process,) = self.workers([name], env, concurrency=concurrency)
        return process

    def workers(
        self, names: list[str], env: dict[str, str], *, concurrency: int = 1
    ) -> list[Process]:
        """Celery workers started together, returned once each is ready."""
        started = [self._start_worker(name, env, concurrency) for name in names]
        for process in started:
            wait_until(
                lambda p=process: " ready." in p.output() or not p.alive(),
                timeout=60,
                interval=0.1,
            )
            assert process.alive(), process.output()
        return started

    def _start_worker(self, name: str, env: dict[str, str], concurrency: int) -> Process:
        pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"-c{concurrency}"]
        process = Process(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "network",
                "worker",
                *pool,
                "-n",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            env,
            self.workdir / f"{name}.log",
        )
        self.started.append(process)
        return process

    def web(self, name: str, env: dict[str, str], *, workers: int = 2) -> tuple[Process, str]:
        port = free_port()
        process = Process(
            name,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "network.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "3",
            ],
            env,
            self.workdir / f"{name}.log",
        )
        self.started.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_until(
            lambda: _listening("127.0.0.1", port) or not process.alive(), timeout=60, interval=0.1
        )
        assert process.alive(), process.output()
        return process, base

    def stop_all(self) -> None:
        """All of them shut down at once (one after the other, their warm shutdowns added up
        to 7 s at the end of some tests)."""
        for process in self.started:
            process.terminate()
        for process in self.started:
            process.finish()


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.stop_all()  # before the test database is flushed: no connection left open


# --- PostgreSQL through a proxy --------------------------------------------------------------


class TcpProxy:
    """A TCP relay to PostgreSQL that can do to its clients what a restart does: cut every
    open connection and refuse new ones, then accept again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._accepting = threading.Event()
        self._listener: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.05)
        self._accepting.set()
        self._listener = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._listener.start()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while self._accepting.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    client.close()
                    continue
                client.settimeout(None)
                server.settimeout(None)
                with self._lock:
                    self._sockets |= {client, server}
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, target)

    def _close(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with self._lock:
                self._sockets.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self) -> int:
        """Stop listening (connections are refused) and cut every open connection; return
        how many were cut."""
        self._accepting.clear()
        if self._listener is not None:
            self._listener.join(timeout=5)
        with self._lock:
            open_sockets = list(self._sockets)
        self._close(*open_sockets)
        return len(open_sockets) // 2

    def stop(self) -> None:
        self.cut()


@pytest.fixture
def db_proxy() -> Iterator[TcpProxy]:
    proxy = TcpProxy(upstream_database())
    proxy.start()
    yield proxy
    proxy.stop()


# --- Data ------------------------------------------------------------------------------------


def drafts_due_for_their_seven_day_reminder(count: int, *, prefix: str) -> CallForPapers:
    """A call closing in five days and ``count`` draft submissions, one owner each."""
    call = CallForPapersFactory(closes_at=timezone.now() + datetime.timedelta(days=5))
    password = make_password(None)
    owners = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", password=password) for n in range(count)
    )
    Submission.objects.bulk_create(
        Submission(call=call, owner=owner, title=f"Brouillon {n}", state=Submission.State.DRAFT)
        for n, owner in enumerate(owners)
    )
    return call


def age_outbox(minutes: int) -> None:
    """Move the outbox ``minutes`` into the past, as if the next beats came that much later."""
    shift = datetime.timedelta(minutes=minutes)
    OutgoingMail.objects.update(
        created_at=F("created_at") - shift, claimed_at=F("claimed_at") - shift
    )


def outbox_by_status() -> dict[str, int]:
    return dict(Counter(OutgoingMail.objects.values_list("status", flat=True)))


def outbox_settled(seconds: float = 1.0) -> bool:
    """True once the outbox has not moved for ``seconds``."""
    before = outbox_by_status()
    time.sleep(seconds)
    return outbox_by_status() == before
