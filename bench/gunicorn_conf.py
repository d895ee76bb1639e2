"""gunicorn for the bench: the production settings (``gunicorn.conf.py``) without the access
log, a line written for every request, and without recycling each worker after about 2,000
requests, a restart in the middle of a series. ``bench/throughput.py`` sets the rest."""

from __future__ import annotations

import runpy
from pathlib import Path

_PRODUCTION = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
globals().update({name: value for name, value in _PRODUCTION.items() if not name.startswith("_")})
accesslog = None
max_requests = 0
