"""A Celery worker killed with SIGKILL in the middle of a reminder sweep, then a new one:
every reminder delivered exactly once.

The kill lands while the worker waits for the SMTP server's answer to a message: that
message was not delivered (no 250), and its row stays claimed ("sending") until the claim
goes stale. A kill between the server's 250 and the row being marked sent is the one
moment no outbox can cover (the mail would be sent again once the claim goes stale): SMTP
has no way to ask "did you get it?".

The sweep task the dead worker was running stays unacknowledged in Redis and would come
back after the broker's visibility timeout (an hour); the next beat does not wait for it.
"""

from __future__ import annotations

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
    outbox_settled,
    publish,
    service_env,
    wait_until,
)

RECIPIENTS = 1000
KILL_AFTER = 2  # mails accepted by the SMTP server before the worker is killed: few, so that
# the kill lands before the sweep has recorded its second chunk (`network.reminders.CHUNK`)


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_during_a_sweep_then_replaced_delivers_every_reminder_exactly_once(
    smtp: SmtpServer, private_redis: RedisServer, processes: Processes
) -> None:
    drafts_due_for_their_seven_day_reminder(RECIPIENTS, prefix="relance-")
    env = service_env(database=database_url(), redis_url=private_redis.url, smtp_port=smtp.port)
    first = processes.worker("first", env, concurrency=2)

    # The sweep runs in one child; the other delivers each chunk once committed. The SMTP
    # server keeps message KILL_AFTER + 1 waiting for its answer, and the worker dies then.
    smtp.hold_after(KILL_AFTER)
    started = time.monotonic()
    publish(private_redis.url, "network.tasks.send_due_reminders")
    wait_until(smtp.holding.is_set, timeout=60)
    first.kill()
    killed_after = time.monotonic() - started
    smtp.release()
    delivered_before_kill = smtp.total
    recorded_at_kill = SentReminder.objects.count()
    outbox_at_kill = outbox_by_status()
    print(
        f"\n[worker killed] SIGKILL {killed_after:.1f} s after the sweep was queued: "
        f"{delivered_before_kill} mails delivered, {recorded_at_kill} reminders recorded, "
        f"outbox {outbox_at_kill}"
    )
    assert delivered_before_kill == KILL_AFTER
    assert 0 < recorded_at_kill < RECIPIENTS, "the kill must land in the middle of the sweep"

    # A new worker takes the delivery tasks left in Redis; the next beat sweeps again.
    recovery_started = time.monotonic()
    processes.worker("second", env, concurrency=2)
    publish(private_redis.url, "network.tasks.send_due_reminders")
    wait_until(lambda: SentReminder.objects.count() == RECIPIENTS, timeout=60)
    wait_until(outbox_settled, timeout=60, interval=0)
    after_restart = outbox_by_status()
    delivered_after_restart = smtp.total
    print(
        f"[new worker + next sweep] {delivered_after_restart} delivered, "
        f"outbox {after_restart} (left behind by the killed worker: its claimed mail and "
        "the tasks it had taken)"
    )

    # Later beats: the claim of the dead worker goes stale (15 min), queued rows whose task
    # was lost are older than 2 min; deliver_pending_mail queues them again.
    age_outbox(minutes=16)
    publish(private_redis.url, "network.tasks.deliver_pending_mail")
    wait_until(
        lambda: OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == RECIPIENTS,
        timeout=60,
    )
    wait_until(outbox_settled, timeout=60, interval=0)
    recovery = time.monotonic() - recovery_started

    counts = dict(smtp.received)
    twice = {address: n for address, n in counts.items() if n > 1}
    expected = {f"relance-{n}@example.org" for n in range(RECIPIENTS)}
    print(
        f"[recovered] in {recovery:.1f} s: {len(counts)} distinct recipients, "
        f"{sum(counts.values())} messages, {len(twice)} twice; "
        f"{SentReminder.objects.count()} reminders recorded, outbox {outbox_by_status()}"
    )
    assert twice == {}
    assert set(counts) == expected
    assert sum(counts.values()) == RECIPIENTS
    assert SentReminder.objects.count() == RECIPIENTS
    assert outbox_by_status() == {OutgoingMail.Status.SENT: RECIPIENTS}
    assert set(SentReminder.objects.values_list("mail__status", flat=True)) == {
        OutgoingMail.Status.SENT
    }
