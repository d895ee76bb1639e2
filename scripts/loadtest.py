"""``make loadtest``: the production stack under load, on this machine, against 127.0.0.1.

1. A fresh database ``<DATABASE_URL's name>_loadtest`` on the PostgreSQL server of
   ``DATABASE_URL``: migrated, demo content, ``SPEAKERS`` speakers with a known password.
2. The stack with production settings (DEBUG off, secure cookies): gunicorn over HTTPS
   (a self-signed certificate made for the run), a Celery worker and beat on a Redis
   database of their own, and an SMTP server that accepts every mail (aiosmtpd).
3. Locust, headless: ``USERS`` users for ``SECONDS`` seconds, four readers of public pages
   for one speaker sending abstracts to the open call.
4. The figures: requests per second, p50/p95/p99 and errors per page; every proposal
   answered as accepted looked up in the database; every mail delivered.

Written to LOADTEST.md and printed. Nothing is left running; the database is dropped.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
SPEAKERS = 50
PASSWORD = secrets.token_urlsafe(16)
REDIS_DB = 13  # the load test's own: flushed before and after
CALL = "demonstration-journee-etudes"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stack_environment(work: Path) -> dict[str, str]:
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit(
            "make loadtest needs DATABASE_URL=postgres://… (the load test's database is "
            "created beside it) and REDIS_URL=redis://…"
        )
    database = f"{parts.path.lstrip('/') or 'postgres'}_loadtest"
    redis = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return {
        **os.environ,
        "DATABASE_URL": urlunsplit(parts._replace(path=f"/{database}")),
        "REDIS_URL": urlunsplit(redis._replace(path=f"/{REDIS_DB}")),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "STATIC_MANIFEST": "false",
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # Production refuses to start without them; the SMTP sink's port is set at start.
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Réseau participatif <ne-pas-repondre@127.0.0.1>",
    }


def reset_database(env: dict[str, str], *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(env["DATABASE_URL"])
    name = sql.Identifier(parts.path.lstrip("/"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def flush_redis(env: dict[str, str]) -> None:
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare_data(env: dict[str, str]) -> tuple[int, int]:
    """Migrate, load the demo, make the speakers; return (theme id, contribution kind id)."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    script = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from events.models import CallForPapers
from network.models import User
password = make_password({PASSWORD!r})
users = User.objects.bulk_create(
    User(email=f"orateur{{n}}@charge.example", password=password) for n in range({SPEAKERS})
)
EmailAddress.objects.bulk_create(
    EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
)
call = CallForPapers.objects.get(event__slug={CALL!r})
print(call.themes.first().pk, call.contribution_kinds.first().pk)
"""
    output = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(output[-2]), int(output[-1])


def certificate(work: Path) -> tuple[Path, Path]:
    key, cert = work / "key.pem", work / "cert.pem"
    subprocess.run(  # noqa: S603
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


def start(env: dict[str, str], *command: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603
            list(command), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_for_https(port: int, server: subprocess.Popen[bytes]) -> None:
    import ssl
    import urllib.request

    context = ssl._create_unverified_context()  # noqa: S323  # our self-signed cert
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting: see its log")
        try:
            with urllib.request.urlopen(f"https://127.0.0.1:{port}/sante/", context=context):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer within 60 s")


def count_in_database(
    env: dict[str, str], accepted: list[int]
) -> tuple[int, int, int, dict[str, int]]:
    """(accepted found submitted, submitted in all, submissions in all, outbox by status)."""
    script = f"""
import json
from django.db.models import Count
from events.models import Submission
from network.models import OutgoingMail
accepted = {accepted!r}
found = Submission.objects.filter(pk__in=accepted, state="submitted").count()
print(json.dumps([
    found,
    Submission.objects.filter(state="submitted", call__event__slug={CALL!r}).count(),
    Submission.objects.filter(call__event__slug={CALL!r}).count(),
    dict(OutgoingMail.objects.values_list("status").annotate(n=Count("pk"))),
]))
"""
    import json

    output = (
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    found, submitted, total, outbox = json.loads(output)
    return found, submitted, total, outbox


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    env = stack_environment(work)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        print(f"Preparing {urlsplit(env['DATABASE_URL']).path.lstrip('/')} …", flush=True)
        reset_database(env)
        flush_redis(env)
        theme, kind = prepare_data(env)
        key, cert = certificate(work)
        smtp_port, web_port = free_port(), free_port()
        env |= {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
        bin_dir = Path(sys.executable).parent
        processes.append(
            start(
                env,
                *(sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"),
                *("-l", f"127.0.0.1:{smtp_port}"),
                log=work / "smtp.log",
            )
        )
        gunicorn = start(
            env,
            *(sys.executable, "-m", "gunicorn", "network.wsgi"),
            *("--bind", f"127.0.0.1:{web_port}", "--workers", "3"),
            *("--worker-class", "gthread", "--threads", "4", "--keep-alive", "10"),
            *("--certfile", str(cert), "--keyfile", str(key)),
            log=work / "gunicorn.log",
        )
        processes.append(gunicorn)
        processes.append(
            start(
                env,
                *(str(bin_dir / "celery"), "-A", "network", "worker", "--concurrency=2"),
                "--loglevel=warning",
                log=work / "worker.log",
            )
        )
        processes.append(
            start(
                env,
                *(str(bin_dir / "celery"), "-A", "network", "beat", "--loglevel=warning"),
                f"--schedule={work / 'beat-schedule'}",
                log=work / "beat.log",
            )
        )
        wait_for_https(web_port, gunicorn)
        accepted_file = work / "accepted.txt"
        prefix = work / "locust"
        print(
            f"Locust: {USERS} users for {SECONDS} s against https://127.0.0.1:{web_port}",
            flush=True,
        )
        subprocess.run(  # noqa: S603
            [
                str(bin_dir / "locust"),
                *("-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless"),
                *("--users", str(USERS), "--spawn-rate", str(USERS), "--run-time", f"{SECONDS}s"),
                *("--host", f"https://127.0.0.1:{web_port}", "--csv", str(prefix)),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "LOADTEST_ACCEPTED": str(accepted_file),
                "LOADTEST_CALL": CALL,
                "LOADTEST_THEME": str(theme),
                "LOADTEST_KIND": str(kind),
                "LOADTEST_PASSWORD": PASSWORD,
                "LOADTEST_SPEAKERS": str(SPEAKERS),
            },
            check=False,
        )
        accepted = [int(line) for line in accepted_file.read_text().split()]
        # Let the worker deliver the receipts of the last proposals.
        deadline = time.monotonic() + 60
        while True:
            found, submitted, total, outbox = count_in_database(env, accepted)
            if set(outbox) <= {"sent", "failed"} or time.monotonic() > deadline:
                break
            time.sleep(2)
        report(read_stats(prefix), accepted, found, submitted, total, outbox)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        reset_database(env, drop_only=True)
        flush_redis(env)
        shutil.rmtree(work, ignore_errors=True)


def report(
    stats: list[dict[str, str]],
    accepted: list[int],
    found: int,
    submitted: int,
    total: int,
    outbox: dict[str, int],
) -> None:
    import datetime
    import platform

    lines = [
        f"Measured {datetime.date.today():%Y-%m-%d} on {platform.node()} ({os.cpu_count()} "
        f"cores): {USERS} users for {SECONDS} s, gunicorn (3 workers × 4 threads, HTTPS), "
        "PostgreSQL, Redis, a Celery worker and beat, all on this machine with the load "
        "generator (locust).",
        "",
        "| page | requests | req/s | p50 | p95 | p99 | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in stats:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} ms | {row['95%']} ms | {row['99%']} ms | {row['Failure Count']} |"
        )
    lines += [
        "",
        f"Proposals answered as accepted: {len(accepted)}; found submitted in the database: "
        f"{found}; submitted to the call in all: {submitted} (submissions of any state: "
        f"{total}).",
        f"Outbox after the run: {outbox}.",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "LOADTEST.md").write_text(
        "# Load test\n\nWritten by `make loadtest`.\n\n" + text + "\n", encoding="utf-8"
    )
    errors = sum(int(row["Failure Count"]) for row in stats if row["Name"] != "Aggregated")
    if errors or found != len(accepted) or submitted != len(accepted):
        sys.exit("The load test found errors or lost proposals: see above.")


if __name__ == "__main__":
    main()
