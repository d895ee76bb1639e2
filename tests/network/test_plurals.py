"""Every public page, in French and in English, is free of the plural mistakes a machine can
see: « 1 programmes », « 1 structures », a French plural left untranslated in English."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

# Words that end in s in the singular.
SINGULAR_IN_S = {
    "mois",
    "fois",
    "temps",
    "cours",
    "pays",
    "avis",
    "processus",
    "corps",
    "repas",
    "accès",
    "discours",
    "parcours",
    "recours",
    "secours",
    "concours",
    "dos",
    "bus",
    "campus",
    "is",
    "was",
    "has",
    "this",
    "its",
    "plus",
    "pus",
    "gas",
    "status",
    "focus",
    "bonus",
    "corpus",
    "thesis",
    "analysis",
    "basis",
    "us",
    "news",
    "series",
    "species",
    "always",
    "as",
    "yes",
}
ONE_PLURAL = re.compile(r"(?<![\d,.])\b1\s+([A-Za-zÀ-ÿ]+s)\b")
# French plurals a page in English must not show beside a number.
FRENCH_PLURALS = re.compile(
    r"\b\d+\s+(événements|semaines|jours|entrées|réponses|propositions|relectures|"
    r"inscriptions|places restantes|expériences|programmes|missions présentes)\b"
)
EXTRA = [
    "/",
    "/glossaire/",
    "/structures/",
    "/evenements/",
    "/experiences/",
    "/experiences/publiees/",
    "/plan-du-site/",
    "/contact/",
    "/structures/dossier-de-presse/",
]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Text(HTMLParser):
    """The visible text of a page, without what is marked as written in French (sources
    quoted as they are) when ``skip_french``."""

    def __init__(self, *, skip_french: bool) -> None:
        super().__init__()
        self.skip_french = skip_french
        self.stack: list[bool] = []  # per open element: is it skipped
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        skipped = bool(self.stack and self.stack[-1]) or tag in ("script", "style", "svg")
        if self.skip_french and tag != "html" and dict(attrs).get("lang") == "fr":
            skipped = True
        self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _text(page: str, *, skip_french: bool = False) -> str:
    parser = _Text(skip_french=skip_french)
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _public_paths(client: Client) -> list[str]:
    sitemap = client.get("/sitemap.xml").content.decode()
    found = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    return sorted(found | set(EXTRA) | {f"/en{p}" for p in EXTRA})


def test_no_public_page_shows_a_wrong_or_untranslated_plural(client: Client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    paths = _public_paths(client)
    assert any(p.startswith("/en/") for p in paths) and len(paths) > 40
    problems = []
    for path in paths:
        answer = client.get(path)
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
            continue
        text = _text(answer.content.decode(), skip_french=path.startswith("/en/"))
        for word in ONE_PLURAL.findall(text):
            if word.lower() not in SINGULAR_IN_S:
                problems.append(f"{path}: « 1 {word} »")
        if path.startswith("/en/"):
            problems += [f"{path}: « {m.group(0)} »" for m in FRENCH_PLURALS.finditer(text)]
    assert not problems, "\n".join(problems)


def test_the_check_sees_the_mistakes_it_is_for() -> None:
    assert ONE_PLURAL.findall(
        _text("<p>1 programmes, 1 structures, 1 mois, 21 structures</p>")
    ) == [
        "programmes",
        "structures",
        "mois",
    ]
    english = '<html lang="en"><p>3 semaines</p><p lang="fr">10 jours</p></html>'
    assert [m.group(0) for m in FRENCH_PLURALS.finditer(_text(english, skip_french=True))] == [
        "3 semaines"
    ]
