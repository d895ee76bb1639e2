"""Events: list (upcoming and past), detail with programme, call for papers, iCal."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from events.forms import CallForPapersAdminForm
from events.models import CallForPapers, Event, ProgrammeSlot
from network.models import User
from network.timezones import PARIS, end_of_day
from tests.factories import CallForPapersFactory, EngagementRoleFactory, EventFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_a_date_alone_closes_at_the_end_of_that_day_in_paris() -> None:
    closes = end_of_day(datetime.date(2025, 3, 16))

    assert closes.astimezone(PARIS).strftime("%Y-%m-%d %H:%M:%S") == "2025-03-16 23:59:59"
    assert closes.astimezone(datetime.UTC).hour == 22  # winter time, UTC+1


def test_the_list_separates_upcoming_and_past_events(client: Client) -> None:
    now = timezone.now()
    EventFactory(title="Rencontre à venir", starts_at=now + datetime.timedelta(days=3))
    EventFactory(title="Webinaire passé", starts_at=now - datetime.timedelta(days=3))
    undated_closed = EventFactory(title="Journée sans date", starts_at=None)
    CallForPapersFactory(
        event=undated_closed,
        closes_at=now - datetime.timedelta(days=1),
        opens_at=now - datetime.timedelta(days=9),
    )
    EventFactory(title="Brouillon", published=False)

    page = client.get("/evenements/").content.decode()

    upcoming, past = section(page, "titre-a-venir"), section(page, "titre-passes")
    assert "Rencontre à venir" in upcoming and "Webinaire passé" not in upcoming
    assert "Webinaire passé" in past and "Journée sans date" in past
    assert "date à préciser" in past
    assert "Brouillon" not in page


def test_the_webinar_of_the_seed_shows_its_programme_speakers_and_replay(
    client: Client, demo: None
) -> None:
    page = client.get("/evenements/participation-en-sante-3-avril-2025/").content.decode()

    assert "3 avril 2025 14:00" in page
    assert "En ligne (visioconférence)" in page
    assert "retour sur une expérimentation nommée IMPACT" in page
    assert "Julie Cachard" in page and "docteure en santé publique" in page
    assert "Pablo Vieira" in page and "Manon Navaron" in page
    assert "Retour d&#x27;expérience" in page
    assert "Événement passé" in page
    assert "Le replay de cette visioconférence" in page
    assert "Cette rencontre a été l" in page and "sera l" not in page


def test_a_speaker_can_be_linked_to_a_glossary_role(client: Client) -> None:
    event = EventFactory()
    slot = ProgrammeSlot.objects.create(event=event, title="Témoignage")
    role = EngagementRoleFactory(name="Médiateur de santé pair", slug="msp")
    slot.speakers.create(name="Sébastien", engagement_role=role)

    page = client.get(event.get_absolute_url()).content.decode()

    assert '<a href="/glossaire/msp/">Médiateur de santé pair</a>' in page


def test_the_lille_call_shows_its_themes_kinds_contact_and_that_it_closed(
    client: Client, demo: None
) -> None:
    page = client.get(
        "/evenements/journee-etudes-20-ans-reseau-sante-solidarite-lille-metropole/appel/"
    ).content.decode()

    assert "L'appel est clos depuis le 16 mars 2025." in page.replace("&#x27;", "'")
    for kind in ("Travaux de recherche", "Actions concrètes", "Approches / pratiques innovantes"):
        assert kind in page
    assert "Inclusion de la représentation d’usagers au sein de la gouvernance" in page
    assert "coordination@sante-solidarite.org" in page
    assert "20 ans d’existence en 2025" in page


def test_an_open_call_says_until_when_and_how_long_is_left(client: Client) -> None:
    call = CallForPapersFactory(closes_at=timezone.now() + datetime.timedelta(days=5, hours=3))

    page = client.get(call.get_absolute_url()).content.decode().replace("\xa0", " ")

    assert "Ouvert jusqu'au" in page.replace("&#x27;", "'")
    assert "Clôture dans 5 jours." in page
    assert "/appel/proposer/" in page


def test_the_demo_call_is_open_for_a_newcomer(demo: None) -> None:
    call = CallForPapers.objects.get(event__slug="demonstration-journee-etudes")

    assert call.is_open()
    assert call.closes_at > timezone.now() + datetime.timedelta(days=30)


def test_unpublished_events_and_their_calls_are_not_found(client: Client) -> None:
    call = CallForPapersFactory(event=EventFactory(published=False))

    assert client.get(call.event.get_absolute_url()).status_code == 404
    assert client.get(call.get_absolute_url()).status_code == 404


def test_ical_feeds_give_dated_events_with_paris_times(client: Client, demo: None) -> None:
    one = client.get("/evenements/participation-en-sante-3-avril-2025/calendrier.ics")
    every = client.get("/evenements/calendrier.ics")

    assert one["Content-Type"].startswith("text/calendar")
    (entry,) = Calendar.from_ical(one.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Participation en santé"
    assert entry.decoded("DTSTART").astimezone(PARIS).hour == 14
    assert entry.decoded("DTEND").astimezone(PARIS).hour == 16
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(every.content).walk("VEVENT")}
    assert "Participation en santé" in summaries
    assert not any("20 ans" in s for s in summaries)  # no date yet, so not in calendars


def call_form_data(**overrides: Any) -> dict[str, Any]:
    """The call's admin form as a coordinator fills it, decision texts left as they come."""
    return {
        "event": EventFactory().pk,
        "text": "Appel",
        "opens_at": "2025-01-01 00:00",
        "closing_date": "2025-03-16",
        "contact_email": "a@b.fr",
        "abstract_max_words": "500",
        "reminder_days": "7,1",
        **{
            name: CallForPapers._meta.get_field(name).default
            for name in (
                "acceptance_subject",
                "acceptance_body",
                "rejection_subject",
                "rejection_body",
            )
        },
        **overrides,
    }


def test_the_admin_form_turns_a_date_into_the_end_of_that_day(coordinator: User) -> None:
    form = CallForPapersAdminForm(data=call_form_data())

    assert form.is_valid(), form.errors
    call = form.save()
    assert call.closes_at == end_of_day(datetime.date(2025, 3, 16))
    assert CallForPapersAdminForm(instance=call).fields["closing_time"].initial is None


def test_the_admin_form_refuses_a_deadline_before_the_opening() -> None:
    form = CallForPapersAdminForm(
        data={
            "event": EventFactory().pk,
            "text": "Appel",
            "opens_at": "2025-04-01 00:00",
            "closing_date": "2025-03-16",
            "contact_email": "a@b.fr",
            "abstract_max_words": "500",
        }
    )

    assert not form.is_valid()
    assert form.errors["closing_date"] == ["La date limite doit suivre l'ouverture."]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("acceptance_subject", "Retenue : {{ title|inconnu }}"),
        ("acceptance_body", "Bonjour,{% if %}"),
        ("rejection_body", "{{ title|date:'Y' }} {% endfor %}"),
        ("rejection_subject", "{% inconnu %}"),
    ],
)
def test_a_decision_text_that_cannot_be_composed_is_refused_in_the_form(
    field: str, text: str
) -> None:
    data = call_form_data(**{field: text})

    form = CallForPapersAdminForm(data=data)

    assert not form.is_valid()
    (message,) = form.errors[field]
    assert message.startswith("Ce texte ne peut pas être composé (")
    assert "{{ title }}, {{ event }}, {{ url }} et {{ confirmation_deadline }}" in message


@pytest.mark.parametrize("rows", [1, 3])
def test_event_pages_query_counts_do_not_grow(
    client: Client, django_assert_num_queries: Any, rows: int
) -> None:
    events = [EventFactory() for _ in range(rows)]
    for event in events:
        CallForPapersFactory(event=event).themes.create(title="Un thème")
        for number in range(rows):
            slot = ProgrammeSlot.objects.create(event=event, title=f"Créneau {number}")
            slot.speakers.create(name="Une personne")
    event = events[0]
    with django_assert_num_queries(2):
        client.get("/evenements/")
    with django_assert_num_queries(3):
        client.get(event.get_absolute_url())
    with django_assert_num_queries(3):
        client.get(f"/evenements/{event.slug}/appel/")
    with django_assert_num_queries(1):
        client.get("/evenements/calendrier.ics")


def test_events_demo_loads_once(demo: None) -> None:
    call_command("load_demo", stdout=io.StringIO())

    assert Event.objects.count() == 3
    assert ProgrammeSlot.objects.count() == 2
    assert (
        CallForPapers.objects.get(event__location="Lille", event__starts_at=None).themes.count()
        == 3
    )


def test_the_admin_form_checks_reminder_days_and_the_call_document(tmp_path: Any) -> None:
    fake = SimpleUploadedFile("appel.pdf", b"%PDF-1.4\n<html>pas un PDF</html>")
    form = CallForPapersAdminForm(
        data=call_form_data(reminder_days="7, a"), files={"document": fake}
    )

    assert not form.is_valid()
    assert "par exemple « 7,1 »" in form.errors["reminder_days"][0]
    assert "n'est pas un PDF lisible" in form.errors["document"][0]
    good = CallForPapersAdminForm(
        data=call_form_data(reminder_days="1, 7,7"),
        files={"document": SimpleUploadedFile("appel.pdf", pdf_bytes())},
    )
    assert good.is_valid(), good.errors
    assert good.cleaned_data["reminder_days"] == "7,1"


def test_the_call_admin_page_lists_the_form_s_fields_in_its_order(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    page = client.get("/admin/events/callforpapers/add/").content.decode()

    names = ["event", "text", "opens_at", "closing_date", "closing_time", "contact_email"]
    positions = [page.index(f'name="{name}') for name in names]
    assert positions == sorted(positions)
