"""The public programme: grid, filters, talk pages, calendars, constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from icalendar import Calendar

from events.models import Talk
from events.services import schedule
from network.timezones import PARIS
from tests.events.programme_data import Programme, confirmed_submission, make_programme

pytestmark = pytest.mark.django_db


def published(talks: int = 1, slug: str = "journee-programme") -> tuple[Programme, list[Talk]]:
    programme = make_programme(slug=slug)
    placed = [
        schedule.place_talk(
            submission=confirmed_submission(
                programme, f"Communication {n}", speakers=((f"Personne {n}", f"p{n}@example.org"),)
            ),
            session=programme.sessions[1 + n % 2],
        )
        for n in range(talks)
    ]
    schedule.publish_programme(event=programme.event)
    programme.event.refresh_from_db()
    return programme, placed


def test_an_unpublished_programme_is_not_found(client: Client) -> None:
    programme = make_programme()
    url = f"/evenements/{programme.event.slug}/programme/"

    assert client.get(url).status_code == 404
    assert client.get(url.replace("programme/", "programme.xml")).status_code == 404


def test_the_grid_lists_sessions_by_time_with_rooms_talks_and_speakers(client: Client) -> None:
    programme, (talk,) = published()

    page = client.get(f"/evenements/{programme.event.slug}/programme/").content.decode()

    assert "Ouverture" in page and "Atelier A" in page and "Atelier B" in page
    assert "Amphithéâtre" in page and "Salle 2" in page
    assert "Communication 0" in page and "Personne 0" in page
    assert talk.get_absolute_url() in page
    assert page.index("Ouverture") < page.index("Atelier A")
    assert "modifié le" not in page


def test_changes_after_publication_are_marked(client: Client) -> None:
    programme, (talk,) = published()
    talk.starts_at = talk.starts_at + timezone.timedelta(minutes=10)
    talk.save()

    page = client.get(f"/evenements/{programme.event.slug}/programme/").content.decode()

    assert "modifié le" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("type=pleniere", "Ouverture", "Atelier B"),
        ("type=atelier", "Atelier B", "Ouverture"),
        ("type=inconnu", "Ouverture", "Aucune session"),
    ],
)
def test_filters_by_kind(client: Client, query: str, shown: str, hidden: str) -> None:
    programme, _ = published()

    page = client.get(f"/evenements/{programme.event.slug}/programme/?{query}").content.decode()

    assert shown in page and hidden not in page


def test_filter_by_theme_keeps_sessions_of_that_theme_or_with_talks_of_it(
    client: Client,
) -> None:
    programme, _ = published(talks=2)
    url = f"/evenements/{programme.event.slug}/programme/?theme={programme.theme.pk}"

    page = client.get(url).content.decode()

    assert "Atelier A" in page and "Atelier B" in page  # one by its theme, one by its talk
    assert "Ouverture" not in page
    assert client.get(url.replace(str(programme.theme.pk), "abc")).status_code == 200


def test_a_talk_has_its_page_and_calendar_entry(client: Client) -> None:
    programme, (talk,) = published()

    page = client.get(talk.get_absolute_url()).content.decode()
    ical = client.get(talk.get_absolute_url() + "calendrier.ics")

    assert "Communication 0" in page and "Personne 0" in page and "Amphithéâtre" in page
    (entry,) = Calendar.from_ical(ical.content).walk("VEVENT")
    assert entry.decoded("DTSTART").astimezone(PARIS).strftime("%H:%M") == "10:30"
    assert entry.decoded("DTEND").astimezone(PARIS).strftime("%H:%M") == "10:50"
    assert str(entry["LOCATION"]).startswith("Amphithéâtre")
    assert str(entry["URL"]).endswith(talk.get_absolute_url())
    assert client.get(f"/evenements/{programme.event.slug}/programme/inconnue/").status_code == 404


def test_the_whole_programme_calendar_has_every_talk_and_session_without_talks(
    client: Client,
) -> None:
    programme, _ = published(talks=3)

    body = client.get(f"/evenements/{programme.event.slug}/programme/calendrier.ics").content

    entries = Calendar.from_ical(body).walk("VEVENT")
    assert len(entries) == 4 and all("DTEND" in entry for entry in entries)
    opening = entries[0]  # the plenary without talks, first by start
    assert str(opening["SUMMARY"]) == "Ouverture"
    assert opening.decoded("DTEND").astimezone(PARIS).strftime("%H:%M") == "10:00"
    assert str(opening["LOCATION"]).startswith("Amphithéâtre")
    assert str(opening["URL"]).endswith(f"/programme/#session-{programme.sessions[0].pk}")


@pytest.mark.parametrize("suffix", ["programme/", "programme/{talk}/", "programme.xml"])
def test_query_counts_do_not_grow_with_talks(client: Client, suffix: str) -> None:
    counts = []
    for size in (1, 3):
        programme, talks = published(talks=size, slug=f"journee-{size}")
        url = f"/evenements/{programme.event.slug}/" + suffix.format(talk=talks[0].slug)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_the_programme_reads_in_english(client: Client) -> None:
    programme, _ = published()

    with translation.override("en"):  # the test's own thread goes back to French after
        page = client.get(f"/en/evenements/{programme.event.slug}/programme/?type=pleniere")

    assert "Programme: Journée du programme" in page.content.decode()
    assert "Show all" in page.content.decode() and "Plenary" in page.content.decode()


def test_the_event_page_links_to_its_published_programme_and_replay_slides(
    client: Client,
) -> None:
    programme, _ = published()
    event = programme.event
    event.starts_at = timezone.now() - timezone.timedelta(days=3)
    event.ends_at = event.starts_at + timezone.timedelta(hours=8)
    event.replay_url = "https://exemple.org/diapos.pdf"
    event.replay_kind = event.ReplayKind.SLIDES
    event.save()

    page = client.get(f"/evenements/{event.slug}/").content.decode()

    assert f"/evenements/{event.slug}/programme/" in page
    assert "Voir le diaporama" in page and 'href="https://exemple.org/diapos.pdf"' in page
