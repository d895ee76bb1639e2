"""Two beats at once: two workers run the reminder sweep at the same moment."""

from __future__ import annotations

import datetime
import re
import time

import pytest

from network.models import OutgoingMail, SentReminder
from tests.conftest import needs_services
from tests.faults.conftest import (
    Process,
    Processes,
    RedisServer,
    SmtpServer,
    database_url,
    drafts_due_for_their_seven_day_reminder,
    outbox_by_status,
    outbox_settled,
    publish,
    service_env,
    wait_until,
)

RECIPIENTS = 600  # two chunks of the sweep
LINE = re.compile(
    r"\[(?P<at>[\d-]+ [\d:,]+): INFO/\w+\] Task network\.tasks\.send_due_reminders\[[\w-]+\] "
    r"(?P<what>received|succeeded in [\d.e-]+s: (?P<sent>\d+))"
)


def _sweep_of(worker: Process) -> tuple[datetime.datetime, datetime.datetime, int] | None:
    """(start, end, reminders sent) of the sweep this worker ran, once it has finished."""
    start = end = sent = None
    for match in LINE.finditer(worker.output()):
        at = datetime.datetime.strptime(match["at"], "%Y-%m-%d %H:%M:%S,%f")
        if match["what"] == "received":
            start = at
        else:
            end, sent = at, int(match["sent"])
    if start is None or end is None or sent is None:
        return None
    return start, end, sent


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_the_same_time_send_no_reminder_twice(
    smtp: SmtpServer, private_redis: RedisServer, processes: Processes
) -> None:
    drafts_due_for_their_seven_day_reminder(RECIPIENTS, prefix="double-")
    env = service_env(database=database_url(), redis_url=private_redis.url, smtp_port=smtp.port)
    workers = processes.workers(["beat-a", "beat-b"], env)

    started = time.monotonic()
    publish(private_redis.url, "network.tasks.send_due_reminders")
    publish(private_redis.url, "network.tasks.send_due_reminders")
    sweeps = [wait_until(lambda w=w: _sweep_of(w), timeout=60) for w in workers]
    wait_until(lambda: smtp.total >= RECIPIENTS, timeout=60)
    wait_until(outbox_settled, timeout=60, interval=0)
    elapsed = time.monotonic() - started

    (start_a, end_a, sent_a), (start_b, end_b, sent_b) = sweeps
    overlap = (min(end_a, end_b) - max(start_a, start_b)).total_seconds()
    counts = dict(smtp.received)
    twice = {address: n for address, n in counts.items() if n > 1}
    print(
        f"\n[two sweeps] sweep A sent {sent_a} in {(end_a - start_a).total_seconds():.1f} s, "
        f"sweep B sent {sent_b} in {(end_b - start_b).total_seconds():.1f} s, "
        f"running together for {overlap:.1f} s; {len(counts)} distinct recipients, "
        f"{sum(counts.values())} messages, {len(twice)} twice, in {elapsed:.1f} s; "
        f"outbox {outbox_by_status()}"
    )
    assert overlap > 0, "the two sweeps must run at the same time"
    assert sent_a + sent_b == RECIPIENTS
    assert twice == {}
    assert set(counts) == {f"double-{n}@example.org" for n in range(RECIPIENTS)}
    assert SentReminder.objects.count() == RECIPIENTS
    assert outbox_by_status() == {OutgoingMail.Status.SENT: RECIPIENTS}
