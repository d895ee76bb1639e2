"""Browser tests: Debian's Chromium driven by Playwright, axe-core run on every page.

Every test here is marked ``e2e``. The pages come from pytest-django's ``live_server``
with the demo content loaded; the ``page`` fixture fails a test on any console error,
uncaught exception or Content-Security-Policy violation, and ``axe`` checks a page against
WCAG 2.1 A and AA.
"""

from __future__ import annotations

import os
import re
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)

from structures import services
from structures.models import PressDossier
from tests.snapshot import Snapshot

# Debian's headless shell (`make browser`): the same engine as `chromium --headless` for half
# its CPU; Debian's full Chromium if only it is installed, or the browser E2E_CHROMIUM names.
CHROMIUM = Path(
    os.environ.get("E2E_CHROMIUM")
    or next(
        (
            path
            for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
            if Path(path).exists()
        ),
        "/usr/bin/chromium-headless-shell",
    )
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The password of tests.factories.UserFactory's people.
PASSWORD = "un-mot-de-passe-solide"

# Reports every CSP violation to the test (an exposed binding is not subject to the page's CSP).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || document.location.href}:${event.lineNumber})`
  );
});
"""


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A 1x1 fully transparent PNG (RGBA): what the map's tiles are replaced with.
TRANSPARENT_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
    + _png_chunk(b"IEND", b"")
)


def tile_url_pattern(template: str) -> re.Pattern[str]:
    """The URLs of the map's tiles: settings.MAP_TILE_URL with its {z}, {x}, {y}, {s}… free."""
    parts = re.split(r"\{[a-z]+\}", template)
    return re.compile("^" + "[^/?#]*".join(re.escape(part) for part in parts) + r"(\?.*)?$")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)
            if item.get_closest_marker("reads_demo") is None:
                # The live server needs committed data: the test runs among the transactional
                # ones (pytest-django orders them by this marker), on the database that
                # ``_django_db_helper`` below gives it. The serialized rollback makes
                # pytest-django keep what the migrations wrote, for ``_empty_the_database``.
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def _serialized_contents() -> dict[str, str]:
    """What the test databases held after their migrations (for serialized rollbacks)."""
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _keep_serialized_contents(serialized: dict[str, str]) -> None:
    """Hand the migrations' data to the connections the tests use beside Playwright's loop.

    Django keeps database connections in an asgiref ``Local``: once an event loop runs in
    the thread, the tests get new connection objects, which lack the serialized contents
    ``setup_databases`` stored on the first ones. Without them a serialized rollback (see
    ``demo``) silently restores nothing, and the groups created by the migrations are gone
    after the first browser test.
    """
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Chromium for the tests of this folder; it closes when they are done.

    Package scope, not session: the variable below must not outlive the browser tests (a
    later ``manage.py check --deploy`` subprocess would inherit it and fail).
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"the browser tests need Debian's Chromium at {CHROMIUM}: run `make browser` "
            "(apt-get install chromium-headless-shell), never a browser download"
        )
    # Playwright's sync API keeps an event loop running in the test thread, and Django's ORM
    # refuses to run beside a running loop unless told it is safe. It is: the loop never
    # touches the database. Django reads the variable at each query; it is set only while
    # the browser lives, so the other tests keep Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    serialized = _serialized_contents()
    try:
        with sync_playwright() as playwright:
            _keep_serialized_contents(serialized)
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class _Demo:
    """The demo content in the test database: loaded once, then put back from a snapshot
    (``tests/snapshot.py``; on PostgreSQL, else emptied and loaded again)."""

    def __init__(self) -> None:
        self.intact = False  # the database holds the demo as loaded: no test wrote since
        self.found: Snapshot | None = None  # the database as the browser tests found it
        self.loaded: Snapshot | None = None  # the database with the demo just loaded

    def put_back(self) -> None:
        if not Snapshot.supported():
            _empty_the_database()
            call_command("load_demo", stdout=StringIO())
        else:
            if self.found is None:
                self.found = Snapshot("e2e_found")
                self.found.take()
            if self.loaded is None:
                call_command("load_demo", stdout=StringIO())
                self.loaded = Snapshot("e2e_demo")
                self.loaded.take()
            else:
                self.loaded.restore()
        self.intact = True

    def leave(self) -> None:
        """The database as the browser tests found it, and no snapshot left in it, for the
        tests after them (a backup test dumps the whole database)."""
        if self.found is not None:
            self.found.restore()
        elif self.intact:
            _empty_the_database()
        for snapshot in (self.found, self.loaded):
            if snapshot is not None:
                snapshot.drop()
        self.found = self.loaded = None
        self.intact = False


_demo = _Demo()


def _empty_the_database() -> None:
    """The test database as its migrations left it."""
    for alias in connections:
        call_command(
            "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
        )
    for alias, contents in _serialized_contents().items():
        connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture
def _django_db_helper(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's helper of the same name (behind ``db`` and ``transactional_db``), for
    the browser tests that write: the live server needs committed data, so the test starts
    from the demo committed, and the demo is put back as it was after the test (from a
    snapshot, ``tests/snapshot.py``: seconds faster than emptying the database, restoring
    what the migrations wrote and loading the demo again)."""
    with django_db_blocker.unblock():
        if not _demo.intact:
            _demo.put_back()
        _demo.intact = False
        try:
            yield
        finally:
            _demo.put_back()


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The demo content (glossary entries, sources, portraits…) for a test that writes:
    committed, and put back as it was after the test (see ``_django_db_helper``)."""


@pytest.fixture
def shared_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo content for the tests marked ``reads_demo``, which only look at pages: they
    share it as the last test left it, intact (a test that writes puts it back after
    itself). ``_leave_the_database_as_found`` puts the database back as the browser tests
    found it after the last of them, for the tests that follow on the same worker."""
    with django_db_blocker.unblock():
        if not _demo.intact:
            _demo.put_back()
        yield


@pytest.fixture(scope="package", autouse=True)
def _leave_the_database_as_found(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        _demo.leave()


def _reads_demo(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("reads_demo") is not None


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: Any) -> Any:
    """pytest-django's, set up after the test database and so stopped before it is dropped:
    its thread holds a connection, which would make the drop fail."""
    return live_server


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> Iterator[None]:
    """pytest-django's helper of the same name, except for the tests marked ``reads_demo``:
    they read the shared demo (``shared_demo``) instead of a transactional database of
    their own."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("shared_demo" if _reads_demo(request) else "transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture
def site_url(request: pytest.FixtureRequest, live_server: Any) -> str:
    """The live server's address, with the demo content loaded."""
    request.getfixturevalue("shared_demo" if _reads_demo(request) else "demo")
    return str(live_server.url)


class PageProblems:
    """What went wrong in the browser while a test ran: console errors, exceptions, CSP.

    Also counts the map tiles the browser asked for (they are answered locally).
    """

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.csp_violations: list[str] = []
        self.tiles_served = 0
        self.expected_refusals: set[tuple[int, str]] = set()

    def expect_refusal(self, path: str, status: int = 400) -> None:
        """The page at ``path`` will answer ``status`` on purpose (a form sent back with its
        errors): Chromium logs that answer as a console error, which is then not a problem.
        """
        self.expected_refusals.add((status, path))

    def _is_expected_refusal(self, text: str, url: str) -> bool:
        return any(
            text.startswith(
                f"Failed to load resource: the server responded with a status of {status} "
            )
            and urlsplit(url).path == path
            for status, path in self.expected_refusals
        )

    def serve_tile(self, route: Route) -> None:
        """Never fetch a real tile: answer every tile request with a transparent PNG."""
        self.tiles_served += 1
        route.fulfill(status=200, content_type="image/png", body=TRANSPARENT_PNG)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            url = message.location.get("url", "?")
            if not self._is_expected_refusal(message.text, url):
                self.console_errors.append(f"{message.text} ({url})")

    def all(self) -> list[str]:
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"uncaught exception: {text}" for text in self.page_errors),
            *(f"CSP violation: {text}" for text in self.csp_violations),
        ]


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


class _Relay:
    """Passes what a page reports on to the ``PageProblems`` of the test using the page."""

    def __init__(self, problems: PageProblems) -> None:
        self.problems = problems

    def serve_tile(self, route: Route) -> None:
        self.problems.serve_tile(route)

    def on_console(self, message: ConsoleMessage) -> None:
        self.problems.on_console(message)

    def on_page_error(self, error: Exception) -> None:
        self.problems.page_errors.append(str(error))

    def on_csp_violation(self, _source: Any, text: object) -> None:
        self.problems.csp_violations.append(str(text))


def _open_page(browser: Browser, site_url: str, relay: _Relay) -> Page:
    context = browser.new_context(base_url=site_url, locale="fr-FR", viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    context.route(tile_url_pattern(settings.MAP_TILE_URL), relay.serve_tile)
    context.expose_binding("__reportCspViolation", relay.on_csp_violation)
    context.add_init_script(_CSP_LISTENER)
    browser_page = context.new_page()
    browser_page.on("console", relay.on_console)
    browser_page.on("pageerror", relay.on_page_error)
    return browser_page


def open_page(browser: Browser, site_url: str, page_problems: PageProblems) -> Page:
    """A new browser context (its own cookies: a new visitor) and its page, watched for
    problems: console errors, exceptions and CSP violations go to ``page_problems``.
    Map tiles (settings.MAP_TILE_URL) are answered with a transparent PNG."""
    return _open_page(browser, site_url, _Relay(page_problems))


class _ReadingPage:
    """The page the tests marked ``reads_demo`` share, one after the other, with the
    browser it belongs to: a new context and page cost a third of a second, and these
    tests only look. Between two tests its cookies are cleared (a new visitor) and its
    window is 1280 px wide again."""

    def __init__(self) -> None:
        self.browser: Browser | None = None
        self.page: Page | None = None
        self.relay: _Relay | None = None

    def for_test(self, browser: Browser, site_url: str, problems: PageProblems) -> Page:
        if self.browser is not browser or self.page is None or self.page.is_closed():
            self.browser, self.relay = browser, _Relay(problems)
            self.page = _open_page(browser, site_url, self.relay)
        else:
            assert self.relay is not None
            self.relay.problems = problems
            self.page.context.clear_cookies()
            self.page.set_viewport_size(VIEWPORT)
        return self.page

    def leave(self) -> None:
        """Off the site before the next test: what the last page still does (a fetch, a
        late error) is not reported to the next test."""
        if self.page is not None and not self.page.is_closed():
            self.page.goto("about:blank")


_reading = _ReadingPage()


def _fail_on_problems(page_problems: PageProblems) -> None:
    problems = page_problems.all()
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, site_url: str, page_problems: PageProblems
) -> Iterator[Page]:
    """A fresh French-speaking visitor on the live server, 1280 px wide (for the tests
    marked ``reads_demo``, the page they share, its cookies cleared).

    The test fails if the browser logs a console error, throws, or reports a violation of
    the Content-Security-Policy. Map tiles (settings.MAP_TILE_URL) are never fetched from
    the tile server: the context answers them with a transparent PNG.
    """
    if _reads_demo(request):
        browser_page = _reading.for_test(browser, site_url, page_problems)
        yield browser_page
        _reading.leave()
    else:
        browser_page = open_page(browser, site_url, page_problems)
        yield browser_page
        browser_page.context.close()
    _fail_on_problems(page_problems)


@pytest.fixture
def another_visitor(
    request: pytest.FixtureRequest, browser: Browser, site_url: str, page_problems: PageProblems
) -> Iterator[Callable[[], Page]]:
    """``another_visitor()`` opens a page in a new browser context (another person, or the
    same person on another device), watched like ``page``; all close at the end."""
    pages: list[Page] = []

    def open_another() -> Page:
        pages.append(open_page(browser, site_url, page_problems))
        return pages[-1]

    yield open_another
    for browser_page in pages:
        browser_page.context.close()
    if "page" not in request.fixturenames:  # else ``page`` reports the problems
        _fail_on_problems(page_problems)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the site's login form (allauth); the address must be verified.

    If the page is already on the login form (a protected page sent it there), it is filled
    in place, so that allauth takes the person back where they were going."""
    if "/comptes/login/" not in page.url:
        page.goto("/comptes/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(page.locator(".main-nav a[href$='/comptes/logout/']")).to_have_count(1)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(f"axe-core is missing at {AXE_SOURCE}: run `npm ci`", pytrace=False)
    return AXE_SOURCE.read_text(encoding="utf-8")


# The aria-describedby and aria-labelledby references to an element the page lacks.
_DANGLING_REFERENCES = """() => {
  const names = ["aria-describedby", "aria-labelledby"];
  return [...document.querySelectorAll(names.map((name) => `[${name}]`).join(","))].flatMap(
    (element) => names.flatMap((name) =>
      (element.getAttribute(name) || "").split(/\\s+/)
        .filter((id) => id && !document.getElementById(id))
        .map((id) => `${element.localName}#${element.id || "?"} ${name}="${id}": no such id`)
    )
  );
}"""


def assert_aria_references_resolve(page: Page) -> None:
    """Every id named by an aria-describedby or aria-labelledby is on the page.

    Django points a field's aria-describedby at ``<id>_helptext`` and ``<id>_error``: the
    template must give its help text and its errors those ids, or they are never read out
    with the field. axe only lists such references as "incomplete", not as violations.
    """
    dangling = page.evaluate(_DANGLING_REFERENCES)
    assert not dangling, f"dangling ARIA references on {page.url}:\n" + "\n".join(dangling)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {' '.join(node['target'])}: {summary}")
    return "\n".join(lines)


_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.map(String),
                                summary: n.failureSummary || ""})),
  }));
}"""


def axe_violations(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now.

    axe is injected with ``page.evaluate`` (a ``<script>`` tag would be refused by the CSP,
    and the CSP is never bypassed: the pages are tested as visitors get them).
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, WCAG_TAGS)
    return violations


@pytest.fixture
def axe(axe_source: str, page_problems: PageProblems) -> Callable[[Page], None]:
    """``axe(page)`` asserts the page has no WCAG 2.1 A/AA violation and no browser problem."""

    def check(page: Page) -> None:
        violations = axe_violations(page, axe_source)
        assert not violations, f"axe found violations on {page.url}:\n" + format_violations(
            violations
        )
        problems = page_problems.all()
        assert not problems, f"the browser reported problems on {page.url}:\n" + "\n".join(problems)

    return check


@pytest.fixture
def visit(page: Page) -> Callable[[str], Page]:
    """``visit(path)`` opens a page of the site and asserts it answered 200."""

    def go(path: str) -> Page:
        response = page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == 200, f"{path} answered {response.status}"
        return page

    return go


@pytest.fixture
def map_ready() -> Callable[[Page], int]:
    """``map_ready(page)`` waits until the page's Leaflet map (#carte) has drawn its markers
    and returns how many it placed: the directory's from its GeoJSON, or a structure's pin."""

    def wait(page: Page) -> int:
        carte = page.locator("#carte")
        expect(carte).to_have_class(re.compile(r"\bmap-ready\b"))
        if carte.get_attribute("data-geojson") is None:
            expect(carte.locator(".leaflet-marker-icon")).to_have_count(1)
            return 1
        expect(carte).to_have_attribute("data-markers", re.compile(r"^\d+$"))
        return int(carte.get_attribute("data-markers") or "")

    return wait


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded and rendered files go to a temporary folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def rendered_dossier(
    site_url: str, media_root: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> PressDossier:
    """The demo's press dossier with its PDF, rendered by the real service (Celery is eager)."""
    dossier = PressDossier.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_dossier_rendering(dossier)
    dossier.refresh_from_db()
    assert dossier.status == PressDossier.Status.DONE, dossier.error
    assert dossier.file.path.startswith(str(media_root))
    return dossier


def mails_to(address: str, *, at_least: int = 1, timeout: float = 10) -> list[mail.EmailMessage]:
    """The mails delivered to ``address`` so far, once there are ``at_least`` of them.

    The live server delivers them in its own thread, after its transaction commits.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = [message for message in mail.outbox if address in message.to]
        if len(found) >= at_least or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(found) >= at_least, f"{at_least} mail(s) expected for {address}, got {found}"
    return found
