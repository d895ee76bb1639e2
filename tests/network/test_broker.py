"""The broker's Redis must not evict queued tasks (see tests/faults/test_evicting_broker.py
for the worker and beat refusing to start)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis
from celery.signals import beat_init, celeryd_init
from django.conf import settings

from network import celery
from tests.conftest import needs_services


@needs_services
def test_the_machine_s_broker_keeps_its_tasks() -> None:
    assert celery.broker_refusal(settings.REDIS_URL) is None


class HiddenConfiguration:
    def __enter__(self) -> HiddenConfiguration:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def config_get(self, name: str) -> dict[str, str]:
        raise redis.ResponseError("unknown command 'CONFIG'")


def test_a_broker_that_hides_its_configuration_is_let_through_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(redis.Redis, "from_url", lambda *a, **k: HiddenConfiguration())

    with caplog.at_level(logging.WARNING, logger="network.celery"):
        assert celery.broker_refusal("rediss://managed.example.org:6380/0") is None

    assert "its eviction policy is unchecked" in caplog.text


def test_an_unreachable_broker_or_another_transport_is_left_to_celery() -> None:
    assert celery.broker_refusal("redis://127.0.0.1:1/0") is None  # nothing listens there
    assert celery.broker_refusal("memory://") is None


def test_the_check_runs_when_a_worker_or_beat_starts() -> None:
    for signal in (celeryd_init, beat_init):
        assert celery.refuse_an_evicting_broker in [ref() for _, ref in signal.receivers]
