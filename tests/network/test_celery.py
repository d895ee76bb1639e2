"""Celery for real: a task goes through Redis to a worker process and its result lands in
PostgreSQL. Not eager."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from network import mail
from network.celery import app
from network.models import OutgoingMail
from tests.conftest import needs_services

ROOT = Path(__file__).resolve().parents[2]


def test_tasks_are_discovered_and_the_beat_schedule_is_set() -> None:
    app.loader.import_default_modules()

    assert "network.tasks.deliver_mail" in app.tasks
    assert "network.tasks.deliver_pending_mail" in app.tasks
    schedule = app.conf.beat_schedule["deliver-pending-mail"]
    assert schedule["task"] in app.tasks


@pytest.fixture
def real_celery() -> Any:
    """Publish to Redis, on a queue of this test's own."""
    queue = f"test-roundtrip-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    yield queue
    app.conf.task_always_eager, app.conf.task_default_queue = previous


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_goes_through_redis_to_a_worker_and_is_marked_sent_in_postgresql(
    tmp_path: Path, real_celery: str
) -> None:
    queue = real_celery
    parts = urlsplit(os.environ["DATABASE_URL"])
    test_database = urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "network",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": test_database,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        (row,) = mail.queue_mail(
            "password_reset_key",
            to="aller-retour@example.org",
            context={"password_reset_url": "https://exemple.test/cle"},
        )  # autocommit: the task is published to Redis at once
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            row.refresh_from_db()
            if row.status == OutgoingMail.Status.SENT:
                break
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            time.sleep(0.2)
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)

    assert row.status == OutgoingMail.Status.SENT, output
    assert row.attempts == 1
    assert "network.tasks.deliver_mail" in output and "succeeded" in output
    (written,) = tmp_path.iterdir()
    assert "aller-retour@example.org" in written.read_text()
