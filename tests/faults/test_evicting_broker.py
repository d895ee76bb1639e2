"""A broker that would evict queued tasks when its memory is full: the worker and beat
refuse to start on it, saying why."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import needs_services
from tests.faults.conftest import Process, Processes, RedisServer, database_url, service_env


@needs_services
@pytest.mark.parametrize("program", ["worker", "beat"])
def test_worker_and_beat_refuse_a_broker_that_evicts_keys(
    program: str, private_redis: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    private_redis.client().config_set("maxmemory-policy", "allkeys-lru")
    env = service_env(database=database_url(), redis_url=private_redis.url)
    options = ["--pool=solo"] if program == "worker" else ["-s", str(tmp_path / "schedule")]
    command = [sys.executable, "-m", "celery", "-A", "network", program, *options]
    process = Process(program, command, env, tmp_path / f"{program}.log")
    processes.started.append(process)  # stopped at the end if it did not refuse

    returncode = process.popen.wait(timeout=60)

    assert returncode != 0
    assert "The broker's Redis evicts keys (maxmemory-policy allkeys-lru)" in process.output()
