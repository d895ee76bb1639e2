"""``make prodlike`` crawled: the platform behind Debian's Caddy over TLS, DEBUG off,
PostgreSQL, Redis, a Celery worker and beat, SMTP to a local sink (scripts/prodlike.py)."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import redis
import requests

from scripts.prodlike import CADDY, Stack, free_port
from tests.conftest import needs_services

pytestmark = [
    pytest.mark.prodlike,
    needs_services,
    pytest.mark.skipif(
        not shutil.which(CADDY), reason="needs Debian's caddy: make prodlike installs it"
    ),
]
MAX_PAGES = 200
LOGIN = re.compile(r"^(/en)?/comptes/login/$")
LOGIN_REQUIRED = 0
SKIPPED = ("/admin/", "/comptes/logout/", "/comptes/deconnexion/", "/static/", "/media/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with Stack(https_port=free_port(), http_port=free_port()) as running:
        yield running
        for name, process in running.processes.items():
            assert process.poll() is None, f"{name} stopped:\n{running.log(name)}"


@pytest.fixture
def browser(stack: Stack) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # the run's certificate, whatever REQUESTS_CA_BUNDLE says
    session.verify = str(stack.cert)
    return session


def crawl(stack: Stack, browser: requests.Session) -> dict[str, tuple[int, float]]:
    """Every page linked from the home page, breadth first: path → (status, seconds)."""
    seen: dict[str, tuple[int, float]] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        started = time.monotonic()
        answer = browser.get(stack.url + path, allow_redirects=False, timeout=30)
        status = answer.status_code
        if status == 302 and LOGIN.match(urlsplit(answer.headers["Location"]).path):
            status = LOGIN_REQUIRED  # an action offered to visitors, behind the login
        seen[path] = (status, time.monotonic() - started)
        if "text/html" not in answer.headers.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(answer.text)
        for href in parser.hrefs:
            target = urlsplit(urljoin(stack.url + path, href))
            if (
                target.netloc == urlsplit(stack.url).netloc
                and not target.query
                and not target.path.startswith(SKIPPED)
                and target.path not in seen
            ):
                queue.append(target.path)
    return seen


def test_every_public_page_answers_200_through_the_proxy(
    stack: Stack, browser: requests.Session
) -> None:
    pages = crawl(stack, browser)

    report = "\n".join(f"{s} {t * 1000:6.0f} ms {p}" for p, (s, t) in sorted(pages.items()))
    print(f"\n{len(pages)} pages in {sum(t for _s, t in pages.values()):.1f} s:\n{report}")
    assert len(pages) >= 20
    assert {path: s for path, (s, _t) in pages.items() if s not in {200, LOGIN_REQUIRED}} == {}
    assert sum(s == 200 for s, _t in pages.values()) > 0.9 * len(pages)


def test_plain_http_is_redirected_to_https(stack: Stack) -> None:
    answer = requests.get(
        f"http://127.0.0.1:{stack.http_port}/structures/?page=2",
        allow_redirects=False,
        timeout=10,
    )

    assert answer.status_code in {301, 308}  # permanent (Caddy 2.6 answers 301)
    assert answer.headers["Location"] == f"{stack.url}/structures/?page=2"


def test_the_health_check_is_green_through_the_proxy(
    stack: Stack, browser: requests.Session
) -> None:
    answer = browser.get(f"{stack.url}/sante/", timeout=10)

    assert answer.status_code == 200
    assert answer.json() == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_forged_forwarded_address_does_not_escape_the_admin_login_brake(
    stack: Stack, browser: requests.Session
) -> None:
    """Each attempt claims another address and another account: the brake still counts the
    address the proxy saw, and the sixth attempt is refused."""
    login = f"{stack.url}/admin/login/"
    page = browser.get(login, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    statuses = []
    for attempt in range(6):
        answer = browser.post(
            login,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": f"inconnu{attempt}@example.org",
                "password": "pas-le-bon",
            },
            headers={"Referer": login, "X-Forwarded-For": f"203.0.113.{attempt + 1}"},
            timeout=10,
        )
        statuses.append(answer.status_code)

    assert statuses == [200, 200, 200, 200, 200, 429]
    counted = hashlib.sha256(b"admin-login-address:127.0.0.1").hexdigest()[:32]
    store = redis.Redis.from_url(stack.redis_url)
    assert store.get(f"network:1:ratelimit:admin-login-address:{counted}") == b"5"
    forged = hashlib.sha256(b"admin-login-address:203.0.113.1").hexdigest()[:32]
    assert not store.exists(f"network:1:ratelimit:admin-login-address:{forged}")
