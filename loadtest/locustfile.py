"""The load test's visitors (``make loadtest`` starts them; see scripts/loadtest.py).

Most users read the public pages; some are speakers who log in and send abstracts to the
open call. Every proposal the site answers as accepted (a redirect to its own page) is
written to ``LOADTEST_ACCEPTED`` at the end, to be counted in the database.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import urllib3
from locust import HttpUser, between, events, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # our self-signed cert

CALL = os.environ.get("LOADTEST_CALL", "demonstration-journee-etudes")
THEME = os.environ.get("LOADTEST_THEME", "")
KIND = os.environ.get("LOADTEST_KIND", "")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
SPEAKERS = int(os.environ.get("LOADTEST_SPEAKERS", "50"))
ACCEPTED: list[int] = []
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERRORS = re.compile(r'class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)')
ACCEPTED_URL = re.compile(r"/propositions/(\d+)/$")
_next_speaker = iter(range(10**9))


class Visitor(HttpUser):
    """The public: home, glossary, directory and map, events, the call, experiences."""

    weight = 4
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.verify = False

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(2)
    def glossary(self) -> None:
        self.client.get("/glossaire/", name="glossary")

    @task(3)
    def directory(self) -> None:
        self.client.get("/structures/", name="directory")

    @task(2)
    def geojson(self) -> None:
        self.client.get("/structures/carte.geojson", name="GeoJSON")

    @task(2)
    def events(self) -> None:
        self.client.get("/evenements/", name="events")

    @task(2)
    def call_page(self) -> None:
        self.client.get(f"/evenements/{CALL}/appel/", name="call page")

    @task(2)
    def published_experiences(self) -> None:
        self.client.get("/experiences/publiees/", name="published experiences")


class Speaker(HttpUser):
    """A speaker logs in once, then sends one complete abstract after another."""

    weight = 1
    wait_time = between(1, 3)

    def _csrf(self, path: str, name: str) -> str:
        page = self.client.get(path, name=name)
        match = CSRF.search(page.text)
        return match.group(1) if match else ""

    def on_start(self) -> None:
        self.client.verify = False
        number = next(_next_speaker) % SPEAKERS
        self.email = f"orateur{number}@charge.example"
        token = self._csrf("/comptes/login/", "login form")
        login = {"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD}
        with self.client.post(
            "/comptes/login/",
            login,
            name="login",
            headers={"Referer": f"{self.host}/comptes/login/"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                errors = ERRORS.findall(response.text)
                response.failure(f"login refused: {response.status_code} {errors}")

    @task
    def submit_abstract(self) -> None:
        path = f"/evenements/{CALL}/appel/proposer/"
        token = self._csrf(path, "submission form")
        data = {
            "csrfmiddlewaretoken": token,
            "action": "submit",
            "title": f"La pair-aidance en pratique ({self.email})",
            "abstract": "Un retour d'expérience de pair-aidance dans un centre de santé.",
            "theme": THEME,
            "contribution_kind": KIND,
            "note": "",
            "intervenants-TOTAL_FORMS": "1",
            "intervenants-INITIAL_FORMS": "0",
            "intervenants-MIN_NUM_FORMS": "1",
            "intervenants-MAX_NUM_FORMS": "8",
            "intervenants-0-name": "Oratrice de charge",
            "intervenants-0-email": self.email,
            "intervenants-0-affiliation": "Centre de santé",
        }
        with self.client.post(
            path,
            data,
            name="submit abstract",
            headers={"Referer": f"{self.host}{path}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            accepted = ACCEPTED_URL.search(response.headers.get("Location", ""))
            if response.status_code == 302 and accepted:
                ACCEPTED.append(int(accepted.group(1)))
            else:
                response.failure(f"not accepted: {response.status_code}")


@events.quitting.add_listener
def _write_accepted(**_kwargs: Any) -> None:
    target = os.environ.get("LOADTEST_ACCEPTED")
    if target:
        Path(target).write_text("\n".join(str(pk) for pk in ACCEPTED), encoding="utf-8")
