"""The SMTP server down while reminders are swept, then back: each reminder delivered once,
by the outbox's beat, and the worker's own retries, coming later, send nothing again."""

from __future__ import annotations

import re
import time

import pytest

from network.models import OutgoingMail, SentReminder
from tests.conftest import needs_services
from tests.faults.conftest import (
    Processes,
    RedisServer,
    SmtpServer,
    age_outbox,
    database_url,
    drafts_due_for_their_seven_day_reminder,
    outbox_by_status,
    publish,
    service_env,
    wait_until,
)

RECIPIENTS = 200
# The worker's first retry, shortened from production's 30 s; still long enough for the beat's
# delivery to come first once the server is back (a few seconds).
RETRY_SECONDS = 12
RETRIED = re.compile(
    rf"Task network\.tasks\.deliver_mail\[[\w-]+\] retry: Retry in {RETRY_SECONDS}s"
)
NOTHING_TO_DO = re.compile(r"Task network\.tasks\.deliver_mail\[[\w-]+\] succeeded in \S+: None")


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminders_swept_while_the_smtp_server_is_down_leave_once_it_is_back(
    smtp: SmtpServer, private_redis: RedisServer, processes: Processes
) -> None:
    drafts_due_for_their_seven_day_reminder(RECIPIENTS, prefix="panne-")
    env = service_env(database=database_url(), redis_url=private_redis.url, smtp_port=smtp.port)
    env["MAIL_RETRY_SECONDS"] = str(RETRY_SECONDS)
    worker = processes.worker("worker", env, concurrency=2)

    smtp.stop()
    down_at = time.monotonic()
    publish(private_redis.url, "network.tasks.send_due_reminders")
    waiting = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, attempts=1)
    wait_until(lambda: waiting.count() == RECIPIENTS, timeout=60)
    wait_until(lambda: len(RETRIED.findall(worker.output())) == RECIPIENTS, timeout=30)
    errors = set(waiting.values_list("last_error", flat=True))
    print(
        f"\n[smtp down] {SentReminder.objects.count()} reminders recorded, outbox "
        f"{outbox_by_status()}, each tried once and retried in {RETRY_SECONDS} s; errors {errors}"
    )
    assert SentReminder.objects.count() == RECIPIENTS
    assert all(error.startswith("ConnectionRefusedError") for error in errors)
    assert smtp.total == 0

    time.sleep(max(0.0, 3 - (time.monotonic() - down_at)))
    smtp.start()
    back_at = time.monotonic()
    print(f"[smtp back] after {back_at - down_at:.1f} s down")

    # The next beat of deliver_pending_mail (queued mails older than 2 minutes).
    age_outbox(minutes=3)
    publish(private_redis.url, "network.tasks.deliver_pending_mail")
    wait_until(lambda: smtp.total >= RECIPIENTS, timeout=60)
    delivered_in = time.monotonic() - back_at

    # The worker's own retries come RETRY_SECONDS after each failure: they find the mail sent.
    wait_until(
        lambda: len(NOTHING_TO_DO.findall(worker.output())) >= RECIPIENTS, timeout=60, interval=0.5
    )
    time.sleep(0.5)
    counts = dict(smtp.received)
    twice = {address: n for address, n in counts.items() if n > 1}
    attempts = set(OutgoingMail.objects.values_list("attempts", flat=True))
    print(
        f"[recovered] {len(counts)} recipients delivered {delivered_in:.1f} s after the server "
        f"came back; {len(NOTHING_TO_DO.findall(worker.output()))} late retries found their "
        f"mail sent; {sum(counts.values())} messages, {len(twice)} twice; attempts per mail "
        f"{sorted(attempts)}; outbox {outbox_by_status()}"
    )
    assert twice == {}
    assert set(counts) == {f"panne-{n}@example.org" for n in range(RECIPIENTS)}
    assert outbox_by_status() == {OutgoingMail.Status.SENT: RECIPIENTS}
    assert attempts == {2}
