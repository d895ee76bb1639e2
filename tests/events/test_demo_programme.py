"""The demonstration study day's programme: generic rooms and sessions within the event's
own hours, published, readable on its public pages and in its exports."""

from __future__ import annotations

import datetime
import io
from xml.etree.ElementTree import fromstring

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events.models import Event

pytestmark = pytest.mark.django_db

SLUG = "demonstration-journee-etudes"


def load_demo() -> Event:
    call_command("load_demo", stdout=io.StringIO())
    return Event.objects.get(slug=SLUG)


def test_the_demo_study_day_has_rooms_and_sessions_shown_on_its_programme(
    client: Client,
) -> None:
    event = load_demo()

    rooms = list(event.rooms.values_list("name", "capacity"))
    assert rooms == [("Salle plénière", 80), ("Salle A", 30), ("Salle B", 30)]
    sessions = list(event.sessions.order_by("starts_at", "pk"))
    assert [s.title for s in sessions][:3] == ["Accueil", "Atelier 1", "Atelier 2"]
    assert event.starts_at and event.ends_at
    assert sessions[0].starts_at == event.starts_at
    assert max(s.ends_at for s in sessions) == event.ends_at
    assert all(event.starts_at <= s.starts_at and s.ends_at <= event.ends_at for s in sessions)
    workshops = [s for s in sessions if s.kind == s.Kind.WORKSHOP]
    themes = list(event.call_for_papers.themes.order_by("position"))
    assert [s.theme for s in workshops] == themes
    assert not any(s.talks.exists() for s in sessions)  # no talk: its call is still open
    assert event.programme_published_at is not None

    page = client.get(f"/evenements/{SLUG}/programme/").content.decode()

    for name in ("Salle plénière", "Salle A", "Salle B", "Toutes salles"):  # lunch: every room
        assert f"<span>{name}</span>" in page
    for title in ("Accueil", "Atelier 1", "Déjeuner", "Pause", "Clôture de la journée"):
        assert f">{title}</h4>" in page
    assert "modifié le" not in page
    assert f"/evenements/{SLUG}/programme/" in client.get(event.get_absolute_url()).content.decode()
    root = fromstring(client.get(f"/evenements/{SLUG}/programme.xml").content)  # noqa: S314
    rooms = {room.get("name"): room.findall("event") for room in root.iter("room")}
    assert [e.findtext("title") for e in rooms["Salle A"]] == ["Atelier 1", "Atelier 3"]
    assert [e.findtext("type") for e in rooms["Salle plénière"]] == ["Pause", "Pause", "Plénière"]


def test_a_later_load_moves_the_sessions_with_the_day_and_publishes_again(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = load_demo()
    first_start = event.sessions.get(title="Accueil").starts_at
    first_publication = event.programme_published_at
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    event = load_demo()

    assert event.sessions.get(title="Accueil").starts_at == first_start + datetime.timedelta(1)
    assert first_publication and event.programme_published_at
    assert event.programme_published_at > first_publication
    page = client.get(f"/evenements/{SLUG}/programme/").content.decode()
    assert "Atelier 1" in page and "modifié le" not in page
