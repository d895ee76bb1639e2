from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import coverage
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test.utils import override_settings

from network.models import User
from network.permissions import COORDINATORS, REVIEWERS, WORKING_GROUP
from tests.factories import UserFactory

SERVICES = bool(
    os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
)
needs_services = pytest.mark.skipif(
    not SERVICES,
    reason="needs the real PostgreSQL and Redis: set DATABASE_URL=postgres://… and REDIS_URL "
    "(as .ci/run does)",
)


HERE = Path(__file__).resolve().parent
# Slow tests that run in their own targets too (`make e2e`, `make faults`), and in a second
# run of `make pytest` with one worker more. Each run hands the tests to pytest-xdist's
# workers one at a time in pytest-django's order (`--dist load`), so that on each worker the
# tests that empty the database (transactional, browser) come after the others.
# (`--dist loadfile` would break that order; `--dist loadgroup` with xdist_group markers
# does nothing under pytest 9: pytest-xdist 3.8 renames the tests through an attribute
# pytest no longer reads.)
GROUPS = {HERE / "e2e": "e2e", HERE / "faults": "faults"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for folder, group in GROUPS.items():
            if folder in Path(item.path).parents:
                item.add_marker(getattr(pytest.mark, group))


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_worker() -> Iterator[None]:
    """Each pytest-xdist worker (or the one process without xdist) keeps its cache keys apart
    in Redis, and starts without those an earlier run left: a rate-limit counter lasts an
    hour, and runs close together would otherwise add up until a test's mail is refused."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != "network.cache.FailOpenRedisCache":
        yield
        return
    own = {**cache, "BACKEND": "tests.worker_cache.WorkerRedisCache"}
    with override_settings(CACHES={"default": {**own, "KEY_PREFIX": f"test-{worker}"}}):
        caches["default"].clear()  # this worker's keys only
        yield


def _verified(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _member_of(group: str, **extra: object) -> User:
    user = _verified(UserFactory(**extra))
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def speaker_a(db: None) -> User:
    return _verified(UserFactory(email="oratrice.a@example.org"))


@pytest.fixture
def speaker_b(db: None) -> User:
    return _verified(UserFactory(email="orateur.b@example.org"))


@pytest.fixture
def reviewer(db: None) -> User:
    return _member_of(REVIEWERS, email="relecteur@example.org")


@pytest.fixture
def working_group_member(db: None) -> User:
    return _member_of(WORKING_GROUP, email="groupe.travail@example.org")


@pytest.fixture
def coordinator(db: None) -> User:
    return _member_of(COORDINATORS, email="coordination@example.org", is_staff=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def celery_eager() -> Iterator[None]:
    """Tasks run in the test process while it lasts."""
    from network.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _celery_eager() -> Iterator[None]:
    """Tasks run in the test process, unless a test starts a real worker (see test_celery)."""
    with celery_eager():
        yield


@pytest.fixture(scope="session", autouse=True)
def _site_identity_read(
    request: pytest.FixtureRequest, django_db_setup: Any, django_db_blocker: Any
) -> None:
    """A running site has read its identity once (``pages.identity``): so have the tests,
    whose query counts are those of every page after the first."""
    from pages import identity

    if not _uses_the_database(request):
        return  # no test here uses the database: none was set up, and none is read
    with django_db_blocker.unblock():
        identity.current()


@pytest.fixture(scope="session", autouse=True)
def _nothing_left_connected(
    request: pytest.FixtureRequest, django_db_setup: Any, django_db_blocker: Any
) -> Iterator[None]:
    """The test database is dropped at the end of the run: a connection left open (the
    browser tests left one on each worker) would stop the drop, with a warning, and leave
    the database behind. Such connections are ended first."""
    yield
    from django.db import connection

    if not _uses_the_database(request) or connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _uses_the_database(request: pytest.FixtureRequest) -> bool:
    """Whether a test of this run uses the database (pytest-django sets one up only then)."""
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, _serialized = _get_databases_for_setup(request.session.items)
    return "default" in aliases


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in French, the site's language, whatever a test before it activated
    (a reverse() under a language left active would give another language's address)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_page_cache(settings: Any) -> None:
    """Pages are computed for every request (their tests count queries and read fresh
    content); tests/network/test_pagecache.py turns the anonymous page cache on. Each test
    starts new versions of the cached answers: a rolled-back database sends no signal."""
    from django.core.cache import cache

    from network import pagecache
    from structures import geojson

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.delete_many([pagecache.VERSION_KEY, geojson.VERSION_KEY])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Coverage is not traced through the tests marked ``untraced`` (their setup included):
    they send thousands of requests down code paths the other tests cover (the hostile
    corpus: 227 s traced, 190 s untraced, in one run of the suite). pytest-cov's own
    ``no_cover`` only wraps the test's call."""
    running = coverage.Coverage.current()
    if running is None or item.get_closest_marker("untraced") is None:
        return (yield)
    running.stop()
    try:
        return (yield)
    finally:
        running.start()
