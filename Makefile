# The platform's commands. `make run` and `make test` are all a fresh clone needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make pytest` (`auto`: one per core; one more for the browser and
# fault tests), and the coverage floor that `make test` (and so CI) enforces: the figure
# measured when it was set (96.1 %), less a point for the lines a change adds before its tests.
PYTEST_WORKERS ?= auto
SLOW_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
COVERAGE_FLOOR := 95
# The project's Python files, for django-upgrade.
PY_FILES = $(shell git ls-files '*.py' 2>/dev/null || find . -name '*.py' -not -path './.venv/*' -not -path './node_modules/*')

.PHONY: install bytecode run test lint typecheck migrations-check audit pytest e2e faults messages browser compose-cli bench loadtest backup restore backup-check clean proxy prodlike prodlike-test

$(VENV)/.installed: pyproject.toml uv.lock package.json package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) sync --frozen --inexact --compile-bytecode --python $(PY)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

# The project's bytecode, written ahead (`uv sync --compile-bytecode` does the libraries'):
# with PYTHONDONTWRITEBYTECODE set, as on these machines and in the image, every process
# (test workers, the servers and workers the tests start, manage.py) would otherwise compile
# each module it imports, about 2 s of CPU per process.
bytecode: install
	$(PY) -m compileall -q -j 0 manage.py gunicorn.conf.py bench scripts tests \
	  network structures events experiences territories pages

messages: bytecode
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# Debian's Chromium headless shell for the browser tests (never a browser download): the
# same engine without the browser's shell, half the CPU of `chromium --headless`; and
# poppler's pdftoppm for the press dossier's screenshot test.
browser:
	@command -v chromium-headless-shell >/dev/null || { \
	  echo "Installing Debian's chromium-headless-shell for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium-headless-shell; }
	@command -v pdftoppm >/dev/null || { \
	  echo "Installing Debian's poppler-utils for the press dossier's screenshot test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils; }

# Debian's docker-compose, with which the tests check the production stack's file (`config`
# only: no image is pulled or built here).
compose-cli:
	@command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || { \
	  echo "Installing Debian's docker-compose to check the production stack's file"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends docker-compose; }

run: export SITE_URL ?= http://$(HOST):$(PORT)
run: messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) render_dossier
	$(MANAGE) create_demo_coordinator
	$(MANAGE) runserver $(HOST):$(PORT)

# The same checks run before each commit with `.venv/bin/pre-commit install` (.pre-commit-config.yaml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/django-upgrade --target-version 5.2 --check $(PY_FILES)

typecheck: install
	$(VENV)/bin/mypy .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# Known vulnerabilities in the locked dependencies (pip-audit). The static security scan is
# ruff's S rules, in `make lint` (each exception justified where it is marked # noqa: S…).
audit: install
	$(PY) scripts/audit_dependencies.py

# The whole suite (pytest-xdist, see tests/conftest.py) in two runs: the tests that keep a core
# busy on $(PYTEST_WORKERS) workers, with their coverage printed against its floor; then the
# browser and fault tests on $(SLOW_WORKERS), which spend part of their time waiting on
# Chromium and on the processes they start (browser tests alone, 2 cores: 205 s on 2 workers,
# 166 s on 3, 189 s on 4). The second run is not traced: the code it reaches runs mostly in
# Chromium and in servers and workers of its own, the first run alone covers 96.1 % of the
# code, and tracing the second one's test processes cost 235 s instead of 173 s. Each run lists
# its slowest tests.
pytest: messages browser compose-cli
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist load --durations=10 \
	  -m "not (e2e or faults or prodlike)" \
	  --cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)
	$(VENV)/bin/pytest -n $(SLOW_WORKERS) --dist load --durations=10 \
	  -m "(e2e or faults) and not prodlike"

# The checks side by side (mypy keeps one core busy, the audit mostly waits on PyPI) with the
# crawl of the production-like stack (its processes start while the checks run), then the
# suite; a failing check stops before the suite.
test: install
	$(MAKE) --no-print-directory -j 4 --output-sync=target lint typecheck migrations-check audit \
	  prodlike-test
	$(MAKE) --no-print-directory pytest

# The browser tests only (Playwright driving Debian's Chromium headless shell).
e2e: messages browser
	$(VENV)/bin/pytest tests/e2e

# The fault tests only: workers, servers and Redis of their own, cut and restarted.
faults: messages
	$(VENV)/bin/pytest tests/faults

# Backups of everything: DATABASE_URL's database (SQLite's file without it) and the uploaded
# files (the bucket of STORAGE_URL, or MEDIA_ROOT), in backups/reseau-<time>/ with a manifest.
backup: install
	$(MANAGE) backup_database

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/reseau-…/"; exit 2; }
	$(MANAGE) restore_database "$(BACKUP)"

# Back up, restore into a scratch database and a scratch folder, compare row counts, files
# and checksums with the manifest: a restore that was tried.
backup-check: install
	rm -rf backups/check
	$(MANAGE) backup_database --verify --output backups/check

clean:
	rm -rf $(VENV) node_modules staticfiles .mypy_cache .ruff_cache .pytest_cache

# wrk (Debian's package) is the bench's load generator.
bench: messages
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the throughput series"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(PY) -m bench

# The production stack (gunicorn over HTTPS, Celery worker and beat, PostgreSQL, Redis) under
# 50 users for 60 s, on 127.0.0.1; figures in LOADTEST.md (see scripts/loadtest.py).
loadtest: messages
	$(PY) scripts/loadtest.py

# Debian's Caddy, the reverse proxy of `make prodlike` (never a binary download).
proxy:
	@command -v caddy >/dev/null || { \
	  echo "Installing Debian's caddy for make prodlike"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq caddy; }

# The platform served as production serves it, without Docker: Caddy over TLS (a certificate
# made for the run) in front of gunicorn on 127.0.0.1, DEBUG off, PostgreSQL, Redis, a Celery
# worker and beat, SMTP to a local sink. https://127.0.0.1:$(HTTPS_PORT)/ until Ctrl-C.
prodlike: export HTTPS_PORT ?= 8443
prodlike: export HTTP_PORT ?= 8080
prodlike: messages proxy
	$(PY) scripts/prodlike.py

# The same stack crawled by a test: every public page, the HTTPS redirect, forged
# X-Forwarded-For against the rate limits, /sante/ (about 30 s; `make test` runs it beside the
# checks).
prodlike-test: messages proxy
	$(VENV)/bin/pytest -m prodlike tests/production/test_prodlike.py

