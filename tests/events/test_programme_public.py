"""The public programme: grid, filters, talk pages, calendars, constant query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from icalendar import Calendar

from events.models import SubmissionSpeaker, Talk
from events.services import schedule
from network.timezones import PARIS
from tests.events.programme_data import Programme, confirmed_submission, make_programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def published(talks: int = 1, slug: str = "journee-programme") -> tuple[Programme, list[Talk]]:
    programme = make_programme(slug=slug)
    placed = [
        schedule.place_talk(
            submission=confirmed_submission(
                programme,
                f"Communication {n}",
                speakers=((f"Personne {n}", f"p{n}@example.org"),),
                with_account=n % 2 == 0,  # a speaker with a public page, and one without
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


def speaker_links(page: str, slug: str) -> list[str]:
    return re.findall(rf'href="(/evenements/{slug}/intervenants/[0-9]+/)">([^<]+)<', page)


def test_confirmed_speakers_are_linked_to_their_page_from_the_grid_and_the_talk(
    client: Client,
) -> None:
    programme, talks = published(talks=2)
    slug = programme.event.slug
    speaker = talks[0].submission.speakers.get()
    page_url = f"/evenements/{slug}/intervenants/{speaker.user_id}/"
    invited = SubmissionSpeaker.objects.create(
        submission=talks[0].submission,
        name="Invitée Sans Réponse",
        email="invitee@example.org",
        user=UserFactory(email="invitee@example.org"),
        position=1,
    )

    grid = client.get(f"/evenements/{slug}/programme/").content.decode()
    talk_page = client.get(talks[0].get_absolute_url()).content.decode()

    for page in (grid, talk_page):
        assert speaker_links(page, slug) == [(page_url, "Personne 0")]
        assert "Invitée Sans Réponse" in page  # invited, not accepted: no page, plain text
    assert "Personne 1" in grid  # no account: plain text
    assert client.get(page_url).status_code == 200
    assert client.get(f"/evenements/{slug}/intervenants/{invited.user_id}/").status_code == 404

    invited.accepted_at = timezone.now()
    invited.save()
    talk_page = client.get(talks[0].get_absolute_url()).content.decode()
    invited_url = f"/evenements/{slug}/intervenants/{invited.user_id}/"
    assert (invited_url, "Invitée Sans Réponse") in speaker_links(talk_page, slug)
    assert client.get(invited_url).status_code == 200


def test_a_speaker_of_a_talk_no_longer_confirmed_is_not_linked(client: Client) -> None:
    programme, (talk,) = published()
    talk.submission.state = talk.submission.State.WITHDRAWN
    talk.submission.save()

    page = client.get(f"/evenements/{programme.event.slug}/programme/").content.decode()

    assert "Personne 0" in page and speaker_links(page, programme.event.slug) == []


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


@pytest.mark.parametrize(
    "suffix",
    [
        "programme/",
        "programme/{talk}/",
        "programme.xml",
        "programme.json",
        "programme/calendrier.ics",
    ],
)
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
