"""Registrations: confirmation through the mailed link, capacity, waiting list, cancellation,
reminder, rate limits, the same answer whether or not the address was registered."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail as django_mail
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.views.registrations import SENT_MESSAGE
from network import reminders
from network.models import OutgoingMail
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture
def event(db: None) -> Event:
    return EventFactory(title="Participation en santé", registration_open=True, capacity=1)


def link(kind: str, to: str) -> str:
    """The path of the last ``kind`` link (confirmer, annuler) mailed to ``to`` (read in the
    outbox: it is there before the transaction's mail is delivered)."""
    for body in (
        OutgoingMail.objects.filter(to=to).order_by("-pk").values_list("body_text", flat=True)
    ):
        found = re.search(rf"/inscriptions/{kind}/\S+/", body)
        if found:
            return found.group(0)
    raise AssertionError(f"no {kind} link mailed to {to}")


def register(
    client: Client, event: Event, email: str, *, confirm: bool = True, **extra: str
) -> Any:
    """Fill the form, then (unless told not to) follow the mailed link and confirm."""
    asked = ask(client, event, email, **extra)
    if confirm and asked.status_code == 302:
        return client.post(link("confirmer", email.lower()))
    return asked


def registered(event: Event, email: str) -> Registration:
    """Registered and confirmed through the services."""
    return services.confirm_registration(
        services.register_attendee(event, name="Une personne", email=email)
    )


def ask(client: Client, event: Event, email: str, *, follow: bool = False, **extra: str) -> Any:
    return client.post(
        f"/evenements/{event.slug}/inscription/",
        {
            "name": "Une personne",
            "email": email,
            "structure": "Santé Commune",
            "role": "médiatrice",
            "accessibility_needs": "Sous-titrage",
            **extra,
        },
        follow=follow,
    )


def test_registrations_fill_the_places_then_the_waiting_list(
    client: Client, event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client, event, "premiere@example.org")
        second = register(client, event, "Seconde@Example.org")

    assert first.status_code == second.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"premiere@example.org": "confirmed", "seconde@example.org": "waiting"}
    subjects = {m.to[0]: m.subject for m in django_mail.outbox if "Confirmez" not in m.subject}
    assert subjects["premiere@example.org"] == "Inscription confirmée : Participation en santé"
    assert subjects["seconde@example.org"] == "Liste d'attente : Participation en santé"
    assert Registration.objects.get(email="premiere@example.org").accessibility_needs == (
        "Sous-titrage"
    )


def test_a_cancellation_gives_the_place_to_the_first_waiting(
    client: Client, event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event, "premiere@example.org")
        register(client, event, "seconde@example.org")
    cancel = link("annuler", "premiere@example.org")
    django_mail.outbox.clear()

    page = client.get(cancel)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel)

    assert page.status_code == 200
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"premiere@example.org": "cancelled", "seconde@example.org": "confirmed"}
    (promoted,) = django_mail.outbox
    assert promoted.subject.startswith("Une place s'est libérée")


def test_a_forged_cancellation_link_is_not_found(client: Client) -> None:
    assert client.get("/inscriptions/annuler/1:faux:lien/").status_code == 404


def test_the_same_address_registers_once_and_the_page_does_not_tell(
    client: Client, event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    register(Client(), event, "meme@example.org")  # its mails are not delivered
    with django_capture_on_commit_callbacks(execute=True):
        new = ask(client, event, "nouvelle@example.org", follow=True)
        again = ask(client, event, "MEME@example.org", follow=True)

    said = [[str(m) for m in answer.context["messages"]] for answer in (new, again)]
    assert said[0] == said[1] == [str(SENT_MESSAGE)]
    assert new.content.decode().count("Presque fini") == 1
    assert Registration.objects.filter(email="meme@example.org").count() == 1
    # Only the mailbox learns it: the registration comes back, with its cancel link.
    first, second = django_mail.outbox
    assert first.subject == "Confirmez votre inscription : Participation en santé"
    assert second.to == ["meme@example.org"]
    assert second.subject == "Inscription confirmée : Participation en santé"
    assert "/inscriptions/annuler/" in second.body


def test_robots_filling_the_hidden_field_are_refused(client: Client, event: Event) -> None:
    response = register(client, event, "robot@example.org", website="http://spam.test")

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_closed_or_past_events_take_no_registration(client: Client) -> None:
    closed = EventFactory(registration_open=False)
    past = EventFactory(
        registration_open=True, starts_at=timezone.now() - datetime.timedelta(days=1)
    )

    assert "closes" in client.get(f"/evenements/{closed.slug}/inscription/").content.decode()
    assert register(client, past, "tard@example.org").status_code == 400
    assert not Registration.objects.exists()


def test_registrants_are_reminded_the_day_before_once(
    event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    registered(event, "inscrite@example.org")
    services.register_attendee(event, name="Pas confirmée", email="attente@example.org")
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=20)
    )
    django_mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reminders.sweep()
        reminders.sweep()

    (message,) = django_mail.outbox
    assert message.subject == "Demain : Participation en santé"


def test_once_the_event_is_over_the_link_cancels_nothing_and_offers_no_place(
    client: Client, event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event, "premiere@example.org")
        register(client, event, "seconde@example.org")
    cancel = link("annuler", "premiere@example.org")
    django_mail.outbox.clear()
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=None
    )

    page = client.get(cancel)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(cancel)

    message = "Cet événement est passé : l'inscription ne peut plus être annulée."
    assert page.status_code == 200
    assert message in html.unescape(page.content.decode())
    assert "<form" not in page.content.decode().split("<main", 1)[1]
    assert refused.status_code == 400
    assert message in html.unescape(refused.content.decode())
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"premiere@example.org": "confirmed", "seconde@example.org": "waiting"}
    assert django_mail.outbox == []


def test_the_service_refuses_to_cancel_for_an_event_that_is_over(event: Event) -> None:
    registration = registered(event, "a@example.org")
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=None
    )

    with pytest.raises(services.RegistrationRefused):
        services.cancel_registration(registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.fixture
def full_event(event: Event, django_capture_on_commit_callbacks: Capture) -> Event:
    """One place, taken, and two people waiting; no mail kept."""
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("premiere@example.org", "seconde@example.org", "troisieme@example.org"):
            registered(event, email)
    django_mail.outbox.clear()
    return event


def statuses() -> dict[str, str]:
    return dict(Registration.objects.values_list("email", "status"))


def test_cancelling_from_the_admin_tells_only_those_who_get_a_place(
    client: Client,
    coordinator: Any,
    full_event: Event,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    client.force_login(coordinator)
    chosen = Registration.objects.filter(email__in=["premiere@example.org", "seconde@example.org"])

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin/events/registration/",
            {"action": "cancel", "_selected_action": [r.pk for r in chosen]},
            follow=True,
        )

    assert "1 personne(s) de la liste d'attente inscrite(s)" in html.unescape(done.content.decode())
    assert statuses() == {
        "premiere@example.org": "cancelled",
        "seconde@example.org": "cancelled",
        "troisieme@example.org": "confirmed",
    }
    assert [m.to for m in django_mail.outbox] == [["troisieme@example.org"]]


def test_cancelling_from_the_admin_after_the_event_says_why_and_changes_nothing(
    client: Client, coordinator: Any, full_event: Event
) -> None:
    Event.objects.filter(pk=full_event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=None
    )
    client.force_login(coordinator)

    done = client.post(
        "/admin/events/registration/",
        {
            "action": "cancel",
            "_selected_action": list(Registration.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert done.status_code == 200
    assert "Cet événement est passé" in html.unescape(done.content.decode())
    assert statuses()["premiere@example.org"] == "confirmed"


def test_more_places_go_to_those_waiting_in_order(
    full_event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    Event.objects.filter(pk=full_event.pk).update(capacity=2)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.fill_places(full_event)

    assert [r.email for r in promoted] == ["seconde@example.org"]
    assert statuses()["troisieme@example.org"] == "waiting"
    assert [m.to for m in django_mail.outbox] == [["seconde@example.org"]]
    assert services.fill_places(full_event) == []


def test_the_admin_gives_new_places_when_the_capacity_grows(
    client: Client, coordinator: Any, full_event: Event
) -> None:
    client.force_login(coordinator)
    url = f"/admin/events/event/{full_event.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, datetime.datetime))
    }
    starts = timezone.localtime(full_event.starts_at)
    data |= {
        "starts_at_0": starts.strftime("%d/%m/%Y"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "capacity": "3",
        "slots-TOTAL_FORMS": "0",
        "slots-INITIAL_FORMS": "0",
        "rooms-TOTAL_FORMS": "0",
        "rooms-INITIAL_FORMS": "0",
    }

    saved = client.post(url, data)

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert statuses() == {
        "premiere@example.org": "confirmed",
        "seconde@example.org": "confirmed",
        "troisieme@example.org": "confirmed",
    }


def test_no_place_is_offered_once_the_event_has_started(full_event: Event) -> None:
    Event.objects.filter(pk=full_event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=3),
    )

    services.cancel_registration(Registration.objects.get(email="premiere@example.org"))

    assert statuses()["seconde@example.org"] == "waiting"


def test_a_registration_takes_no_place_until_confirmed_by_its_link(
    client: Client, event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(client, event, "lente@example.org")
        register(Client(), event, "rapide@example.org")
    confirm = link("confirmer", "lente@example.org")

    assert asked.status_code == 302
    assert statuses() == {"lente@example.org": "pending", "rapide@example.org": "confirmed"}
    (request, *_others) = [m for m in django_mail.outbox if m.to == ["lente@example.org"]]
    assert request.subject == "Confirmez votre inscription : Participation en santé"
    assert "/inscriptions/annuler/" not in request.body
    page = client.get(confirm)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200
    assert "Confirmer mon inscription" in page.content.decode()
    assert statuses()["lente@example.org"] == "pending"

    done = client.post(confirm, follow=True)

    assert statuses()["lente@example.org"] == "waiting"  # the place went to who confirmed first
    assert "liste d'attente" in html.unescape(done.content.decode())
    assert client.post(confirm).status_code == 302  # again: nothing changes
    assert statuses()["lente@example.org"] == "waiting"


def test_a_forged_or_stale_confirmation_link_confirms_nothing(
    client: Client, event: Event, settings: Any
) -> None:
    ask(client, event, "lente@example.org")
    confirm = link("confirmer", "lente@example.org")

    forged = client.post("/inscriptions/confirmer/1:faux:lien/")
    settings.SECRET_KEY = "une-autre-cle-" * 4  # as if signed by someone else
    stale = client.post(confirm)

    assert forged.status_code == stale.status_code == 410
    assert "inscrivez-vous de nouveau" in forged.content.decode()
    assert statuses() == {"lente@example.org": "pending"}


def test_a_confirmation_after_registrations_closed_is_refused_with_why(
    client: Client, event: Event
) -> None:
    ask(client, event, "lente@example.org")
    Event.objects.filter(pk=event.pk).update(registration_open=False)

    refused = client.post(link("confirmer", "lente@example.org"))

    assert refused.status_code == 400
    assert "Les inscriptions à cet événement sont closes." in html.unescape(
        refused.content.decode()
    )
    assert statuses() == {"lente@example.org": "pending"}


def test_registrations_are_limited_per_connection(
    client: Client, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("events.views.registrations.REGISTRATIONS_PER_HOUR", 2)

    answers = [ask(client, event, f"personne{n}@example.org").status_code for n in range(3)]
    other_connection = Client(REMOTE_ADDR="192.0.2.7")

    assert answers == [302, 302, 429]
    assert "Trop d'inscriptions depuis votre connexion" in html.unescape(
        ask(client, event, "encore@example.org").content.decode()
    )
    assert ask(other_connection, event, "ailleurs@example.org").status_code == 302
    assert Registration.objects.count() == 3


def test_one_address_gets_a_few_mails_an_hour_whatever_is_posted(
    event: Event, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask(Client(REMOTE_ADDR=f"192.0.2.{n}"), event, "cible@example.org").status_code
            for n in range(6)
        ]

    assert answers == [302] * 6  # the same answer each time
    assert len(django_mail.outbox) == services.registrations.MAILS_PER_ADDRESS_PER_HOUR
    assert Registration.objects.count() == 1


def test_a_cancel_link_shows_nothing_personal_once_the_event_is_over(
    client: Client, event: Event
) -> None:
    registration = registered(event, "awa@example.org")
    Registration.objects.filter(pk=registration.pk).update(name="Awa Diallo")
    cancel = f"/inscriptions/annuler/{services.cancel_token(registration)}/"
    assert "Awa Diallo" in client.get(cancel).content.decode()
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=None
    )

    assert "Awa Diallo" not in client.get(cancel).content.decode()
