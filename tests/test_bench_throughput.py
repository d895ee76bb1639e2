"""The bench reads wrk's report: rate, latencies in any unit, and every kind of error."""

from __future__ import annotations

import pytest

from bench.throughput import Figures, parse_wrk

REPORT = """Running 5s test @ http://127.0.0.1:8000/structures/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.93ms    3.01ms  41.05ms   80.12%
    Req/Sec     1.37k   112.27     1.60k    70.00%
  Latency Distribution
     50%  850.00us
     75%    6.80ms
     90%    9.51ms
     99%    1.20s
  13620 requests in 5.00s, 98.21MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2723.95
Transfer/sec:     19.64MB
"""


def test_the_rate_latencies_and_errors_are_read_from_wrk_s_report() -> None:
    assert parse_wrk(REPORT) == Figures(rate=2723.95, p50=0.85, p99=1200.0, errors=7)


def test_a_clean_run_counts_no_error() -> None:
    clean = REPORT.replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 4\n", "")
    assert parse_wrk(clean) == Figures(rate=2723.95, p50=0.85, p99=1200.0, errors=0)


def test_a_report_without_its_figures_is_refused() -> None:
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n")
