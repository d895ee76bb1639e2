"""The programme's grid in the admin: placing talks, conflicts, publication."""

from __future__ import annotations

import pytest
from django.test import Client

from events.models import Talk
from events.services import schedule
from network.models import User
from tests.events.programme_data import confirmed_submission, make_programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def grid_url(event_id: int) -> str:
    return f"/admin/events/session/grille/{event_id}/"


def test_the_grid_shows_rooms_sessions_and_places_a_talk(client: Client, coordinator: User) -> None:
    programme = make_programme()
    submission = confirmed_submission(programme, "Une communication placée")
    client.force_login(coordinator)

    page = client.get(grid_url(programme.event.pk)).content.decode()
    assert "Amphithéâtre" in page and "Salle 2" in page and "Atelier B" in page
    assert "Aucun conflit." in page

    response = client.post(
        grid_url(programme.event.pk),
        {"submission": submission.pk, "session": programme.sessions[2].pk, "start_time": "10:40"},
    )

    assert response.status_code == 302
    talk = Talk.objects.get(submission=submission)
    assert talk.session == programme.sessions[2] and talk.duration_minutes == 20
    assert "Une communication placée" in client.get(grid_url(programme.event.pk)).content.decode()


def test_a_double_booked_speaker_is_shown_and_publication_refused(
    client: Client, coordinator: User
) -> None:
    programme = make_programme()
    for title, session in [("Première", programme.sessions[1]), ("Seconde", programme.sessions[2])]:
        schedule.place_talk(submission=confirmed_submission(programme, title), session=session)
    client.force_login(coordinator)

    page = client.get(grid_url(programme.event.pk)).content.decode()
    response = client.post(grid_url(programme.event.pk), {"publish": "1"}, follow=True)

    assert "Julie Cachard intervient dans" in page
    assert "Publication refusée" in response.content.decode()
    programme.event.refresh_from_db()
    assert programme.event.programme_published_at is None


def test_a_clean_programme_is_published_from_the_grid(client: Client, coordinator: User) -> None:
    programme = make_programme()
    client.force_login(coordinator)

    response = client.post(grid_url(programme.event.pk), {"publish": "1"}, follow=True)

    assert "Le programme est publié." in response.content.decode()
    programme.event.refresh_from_db()
    assert programme.event.programme_published_at is not None


def test_an_unconfirmed_submission_cannot_be_placed_from_the_grid(
    client: Client, coordinator: User
) -> None:
    programme = make_programme()
    submission = confirmed_submission(programme, "Acceptée seulement")
    submission.state = submission.State.ACCEPTED
    submission.save()
    client.force_login(coordinator)

    response = client.post(
        grid_url(programme.event.pk),
        {"submission": submission.pk, "session": programme.sessions[1].pk},
    )

    assert response.status_code == 200
    assert not Talk.objects.exists()


def test_the_grid_is_for_coordinators_only(client: Client) -> None:
    programme = make_programme()
    staff = UserFactory(email="staff@example.org", is_staff=True)
    client.force_login(staff)

    assert client.get(grid_url(programme.event.pk)).status_code == 403


def test_submission_types_are_edited_on_the_call_and_rooms_on_the_event(
    client: Client, coordinator: User
) -> None:
    programme = make_programme()
    client.force_login(coordinator)

    call_page = client.get(f"/admin/events/callforpapers/{programme.call.pk}/change/")
    event_page = client.get(f"/admin/events/event/{programme.event.pk}/change/")

    assert 'name="submission_types-0-duration_minutes"' in call_page.content.decode()
    assert 'name="rooms-0-accessibility_notes"' in event_page.content.decode()


def test_a_session_in_another_events_room_is_refused(client: Client, coordinator: User) -> None:
    programme = make_programme()
    other = make_programme(slug="autre-journee")
    client.force_login(coordinator)

    response = client.post(
        "/admin/events/session/add/",
        {
            "event": programme.event.pk,
            "room": other.rooms[0].pk,
            "title": "Mal placée",
            "kind": "pleniere",
            "starts_at_0": "12/06/2030",
            "starts_at_1": "14:00:00",
            "duration_minutes": "60",
            "talks-TOTAL_FORMS": "0",
            "talks-INITIAL_FORMS": "0",
        },
    )

    assert "Cette salle appartient à un autre événement." in response.content.decode()
