"""Gunicorn's settings, the one place the web process's command line is written: the image's
command, the compose stack and ``make prodlike`` all run plain ``gunicorn`` with this file.

``GUNICORN_BIND`` (default ``0.0.0.0:8000``: the compose stack's internal network only) and
``WEB_CONCURRENCY`` (workers, default 3) adapt it to a host.
"""

from __future__ import annotations

import os

wsgi_app = "network.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
