"""What every part of the bench shares: a timer, a query counter, a page measure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client

Row = tuple[str, str, str]


def timed(action: Callable[[], object], *, repeat: int = 5, best: bool = False) -> float:
    """Median wall time of ``action`` in milliseconds, after one warm-up run; with ``best``,
    the shortest (what the work costs when other jobs on the machine leave it alone)."""
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return min(samples) if best else statistics.median(samples)


class QueryCounter:
    """Counts every query (Django's own query log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def page(
    client: Client, label: str, url: str, note: str = "", *, repeat: int = 5, best: bool = False
) -> Row:
    """One page: its median time and its number of queries (the page must answer 200)."""
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    milliseconds = timed(lambda: client.get(url), repeat=repeat, best=best)
    details = f"{queries.count} queries" + (f", {note}" if note else "")
    return (label, f"{milliseconds:.1f} ms", details)
