"""Coordinators run the glossary and see the outbox from the admin; others cannot."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, override_settings

from events.services import confirm_registration, register_attendee
from experiences import services
from network.models import EngagementRole, OutgoingMail, User
from network.permissions import COORDINATORS, REVIEWERS, WORKING_GROUP
from tests.experiences.factories import CampaignFactory
from tests.factories import EngagementRoleFactory, EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/",
    "/admin/network/engagementrole/",
    "/admin/network/engagementrole/add/",
    "/admin/network/portrait/",
    "/admin/network/engagementform/",
    "/admin/network/source/",
    "/admin/network/outgoingmail/",
    "/admin/network/user/",
]


def test_the_three_groups_exist_with_the_permissions_their_names_imply() -> None:
    coordinators = set(
        Group.objects.get(name=COORDINATORS).permissions.values_list("codename", flat=True)
    )
    reviewers = set(
        Group.objects.get(name=REVIEWERS).permissions.values_list("codename", flat=True)
    )
    working = set(
        Group.objects.get(name=WORKING_GROUP).permissions.values_list("codename", flat=True)
    )

    assert {
        "add_engagementrole",
        "change_engagementrole",
        "delete_engagementrole",
        "change_portrait",
        "add_engagementform",
        "view_outgoingmail",
    } <= coordinators
    assert "change_outgoingmail" not in coordinators
    assert "view_engagementrole" in reviewers
    assert working == {"view_engagementrole", "assess_response"}


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_a_coordinator_reaches_every_admin_page(
    client: Client, coordinator: User, url: str
) -> None:
    client.force_login(coordinator)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", [None, "speaker_a", "reviewer", "working_group_member"])
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_nobody_else_reaches_the_admin(
    client: Client, request: pytest.FixtureRequest, persona: str | None, url: str
) -> None:
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_coordinator_adds_a_glossary_entry(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    source = SourceFactory()

    response = client.post(
        "/admin/network/engagementrole/add/",
        {
            "name": "Patient expert",
            "slug": "patient-expert",
            "kind": "role",
            "summary": "Un résumé.",
            "definition": "Une définition.",
            "source": source.pk,
            "published": "on",
            "health_sector": "on",
            "portraits-TOTAL_FORMS": "0",
            "portraits-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    entry = EngagementRole.objects.get(slug="patient-expert")
    assert entry.search_text.startswith("patient expert")
    assert "Patient expert" in client.get("/glossaire/").content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_glossary_list_query_count_does_not_grow(
    client: Client, coordinator: User, django_assert_max_num_queries: Any, rows: int
) -> None:
    client.force_login(coordinator)
    for _ in range(rows):
        EngagementRoleFactory(variant_of=EngagementRoleFactory())
    with django_assert_max_num_queries(10):
        assert client.get("/admin/network/engagementrole/").status_code == 200


def test_the_outbox_shows_what_was_sent_to_whom(client: Client, coordinator: User) -> None:
    OutgoingMail.objects.create(
        template="password_reset_key",
        to="personne@example.org",
        subject="Objet",
        body_text="Corps",
        status=OutgoingMail.Status.SENT,
    )
    client.force_login(coordinator)

    page = client.get("/admin/network/outgoingmail/").content.decode()

    assert "personne@example.org" in page
    assert "Envoyé" in page


def test_the_outbox_hides_the_link_of_a_password_reset_from_coordinators(
    client: Client, coordinator: User, speaker_a: User
) -> None:
    client.post("/comptes/password/reset/", {"email": speaker_a.email})
    mail = OutgoingMail.objects.get(to=speaker_a.email, template="password_reset_key")
    assert "/comptes/password/reset/key/" in mail.body_text
    client.force_login(coordinator)

    page = client.get(f"/admin/network/outgoingmail/{mail.pk}/change/").content.decode()

    assert "/comptes/password/reset/key/" not in page
    assert "Masqué" in page and speaker_a.email in page


def test_the_outbox_hides_a_respondent_s_personal_link_from_coordinators(
    client: Client, coordinator: User
) -> None:
    campaign = CampaignFactory()
    response = services.save_response(
        campaign, response=None, answers={"email": "awa.diallo@example.org"}
    )
    mail = OutgoingMail.objects.get(template="experience_link")
    token = re.search(r"/experiences/reponse/([^/\s]+)/", mail.body_text)
    assert token is not None and services.response_from_token(token.group(1)) == response
    client.force_login(coordinator)

    page = client.get(f"/admin/network/outgoingmail/{mail.pk}/change/").content.decode()

    assert token.group(1) not in page
    assert "Masqué" in page and "awa.diallo@example.org" in page


@pytest.mark.parametrize("confirmed", [False, True])
def test_the_outbox_hides_a_registration_s_personal_links_from_coordinators(
    client: Client, coordinator: User, confirmed: bool
) -> None:
    """The confirmation link, and the cancel link mailed once confirmed, act for the person."""
    event = EventFactory(registration_open=True)
    registration = register_attendee(event, name="Awa Diallo", email="awa@example.org")
    if confirmed:
        confirm_registration(registration)
    mails = list(OutgoingMail.objects.filter(to="awa@example.org"))
    assert mails and all(mail.template.startswith("registration") for mail in mails)
    client.force_login(coordinator)

    for mail in mails:
        link = re.search(r"https?://\S+/evenements/\S+", mail.body_text)
        assert link is not None
        page = client.get(f"/admin/network/outgoingmail/{mail.pk}/change/").content.decode()
        assert link.group(0) not in page
        assert "Masqué" in page and "awa@example.org" in page


def user_form(user: User, **changes: Any) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "perspective": "",
        "is_active": "on",
        **changes,
    }


def test_a_coordinator_manages_groups_but_never_grants_admin_powers_or_sets_passwords(
    client: Client, coordinator: User, speaker_a: User
) -> None:
    reviewers = Group.objects.get(name=REVIEWERS)
    client.force_login(coordinator)
    url = f"/admin/network/user/{speaker_a.pk}/change/"

    response = client.post(
        url,
        user_form(
            speaker_a,
            groups=[reviewers.pk],
            is_staff="on",
            is_superuser="on",
            user_permissions=[Permission.objects.get(codename="delete_user").pk],
        ),
    )
    password_page = client.get(f"/admin/network/user/{speaker_a.pk}/password/")

    speaker_a.refresh_from_db()
    assert response.status_code == 302
    assert list(speaker_a.groups.all()) == [reviewers]
    assert not speaker_a.is_staff and not speaker_a.is_superuser
    assert not speaker_a.user_permissions.exists()
    assert password_page.status_code == 403


def test_a_coordinator_cannot_change_an_account_with_admin_access(
    client: Client, coordinator: User
) -> None:
    superuser = User.objects.create_superuser("racine@example.org", "un-mot-de-passe-solide")
    client.force_login(coordinator)

    for account in (superuser, coordinator):
        url = f"/admin/network/user/{account.pk}/change/"
        page = client.get(url)
        refused = client.post(url, user_form(account, email="pirate@example.org"))
        account.refresh_from_db()
        assert page.status_code == 200 and 'name="email"' not in page.content.decode()
        assert refused.status_code == 403
        assert account.email != "pirate@example.org"


def test_an_unknown_address_answers_in_french(client: Client) -> None:
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@override_settings(SITE_URL="http://127.0.0.1:8766")
def test_make_run_prints_a_coordinator_login_that_works(client: Client) -> None:
    out = io.StringIO()
    call_command("create_demo_coordinator", stdout=out)

    email, password = out.getvalue().split(": ", 1)[1].split("  ")[0].split(" / ")
    assert "(admin: http://127.0.0.1:8766/admin/)" in out.getvalue()
    assert _try(client, email, password).status_code == 302
    assert client.get("/admin/experiences/response/").status_code == 200


def _try(client: Client, email: str, password: str) -> Any:
    return client.post("/admin/login/", {"username": email, "password": password})


def test_the_admin_login_stops_guessing_after_five_failures(
    client: Client, coordinator: User
) -> None:
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        assert _try(client, coordinator.email, "mauvais").status_code == 200

    blocked = _try(client, coordinator.email, "un-mot-de-passe-solide")
    other_account = _try(client, "autre@example.org", "mauvais")

    assert blocked.status_code == other_account.status_code == 429
    assert "la connexion est suspendue pendant 15 minutes" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()  # the window ends
    assert _try(client, coordinator.email, "un-mot-de-passe-solide").status_code == 302


def test_failures_from_elsewhere_never_lock_a_coordinator_out(
    client: Client, coordinator: User
) -> None:
    """Counted per account and client address: anyone who knows a coordinator's address
    cannot lock them out, while the guesser's own connection is stopped."""
    from django.core.cache import cache

    cache.clear()
    for number in range(6):
        client.post(
            "/admin/login/",
            {"username": coordinator.email, "password": "mauvais"},
            REMOTE_ADDR=f"203.0.113.{number}",
        )
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": coordinator.email, "password": "mauvais"},
            REMOTE_ADDR="203.0.113.50",
        )
    guesser = client.post(
        "/admin/login/",
        {"username": coordinator.email, "password": "un-mot-de-passe-solide"},
        REMOTE_ADDR="203.0.113.50",
    )

    owner = client.post(
        "/admin/login/",
        {"username": coordinator.email, "password": "un-mot-de-passe-solide"},
        REMOTE_ADDR="198.51.100.7",
    )

    assert guesser.status_code == 429
    assert owner.status_code == 302


def test_behind_a_trusted_proxy_the_brake_counts_the_visitors_address(
    client: Client, coordinator: User, settings: Any
) -> None:
    from django.core.cache import cache

    from network.ratelimit import client_address

    settings.TRUSTED_PROXIES = 1
    cache.clear()
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "x@example.org", "password": "mauvais"},
            HTTP_X_FORWARDED_FOR="forged, 203.0.113.9",
        )

    other_visitor = client.post(
        "/admin/login/",
        {"username": coordinator.email, "password": "un-mot-de-passe-solide"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert other_visitor.status_code == 302  # the balancer's own address was not blocked
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="forged, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_only_a_superuser_gives_a_group_that_opens_personal_data(
    client: Client, coordinator: User, speaker_a: User
) -> None:
    coordinators = Group.objects.get(name=COORDINATORS)
    submissions = Group.objects.create(name="Lecture des propositions")
    submissions.permissions.add(Permission.objects.get(codename="view_submission"))
    glossary = Group.objects.create(name="Glossaire")
    glossary.permissions.add(Permission.objects.get(codename="change_engagementrole"))
    url = f"/admin/network/user/{speaker_a.pk}/change/"
    client.force_login(coordinator)

    for group in (coordinators, submissions):
        refused = client.post(url, user_form(speaker_a, groups=[group.pk]))
        assert refused.status_code == 200
        assert "Seul un super-administrateur peut donner le groupe" in refused.content.decode()
        assert not speaker_a.groups.exists()
    allowed = client.post(url, user_form(speaker_a, groups=[glossary.pk]))
    assert allowed.status_code == 302 and list(speaker_a.groups.all()) == [glossary]

    superuser = User.objects.create_superuser("racine@example.org", "un-mot-de-passe-solide")
    client.force_login(superuser)
    joined = {"date_joined_0": "2026-01-05", "date_joined_1": "10:00:00"}
    granted = client.post(url, user_form(speaker_a, groups=[coordinators.pk], **joined))
    assert granted.status_code == 302 and list(speaker_a.groups.all()) == [coordinators]

    client.force_login(coordinator)  # keeping a group already given is not giving it
    kept = client.post(url, user_form(speaker_a, groups=[coordinators.pk, glossary.pk]))
    assert kept.status_code == 302 and speaker_a.groups.count() == 2


def test_a_coordinator_cannot_change_a_login_address(
    client: Client, coordinator: User, speaker_a: User
) -> None:
    client.force_login(coordinator)
    url = f"/admin/network/user/{speaker_a.pk}/change/"

    page = client.get(url).content.decode()
    client.post(url, user_form(speaker_a, email="pirate@example.org"))

    speaker_a.refresh_from_db()
    assert 'name="email"' not in page and speaker_a.email in page
    assert speaker_a.email == "oratrice.a@example.org"


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "\x01", "abc", "1.5", "-"])
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/admin/network/engagementrole/add/", "source"),
        ("/admin/network/engagementrole/add/", "variant_of"),
        ("/admin/network/engagementrole/add/", "comparison_source"),
        ("/admin/network/portrait/add/", "role"),
        ("/admin/network/engagementform/add/", "source"),
        ("/admin/structures/pressreference/add/", "structures"),
    ],
)
def test_an_autocomplete_field_refuses_a_value_that_is_not_an_id_with_a_message(
    client: Client, coordinator: User, url: str, field: str, value: str
) -> None:
    client.force_login(coordinator)

    response = client.post(url, {field: value, "name": "Entrée"})

    assert response.status_code == 200
    assert "errornote" in response.content.decode()  # the form says what it refused


def test_a_nul_in_an_admin_form_or_filter_gets_the_400_page_before_any_query(
    client: Client, coordinator: User, django_assert_num_queries: Any
) -> None:
    client.force_login(coordinator)

    with django_assert_num_queries(0):
        listed = client.get("/admin/network/outgoingmail/?status__exact=%00")
        posted = client.post("/admin/network/engagementrole/add/", {"source": "\x00"})

    for response in (listed, posted):
        assert response.status_code == 400
        assert "Requête incorrecte" in response.content.decode()


def test_every_inline_of_the_platform_is_bounded() -> None:
    from django.contrib import admin

    from network.admin_base import BoundedInlineMixin

    inlines = [
        inline
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"network", "structures"}
        for inline in model_admin.inlines
    ]
    assert inlines
    for inline in inlines:
        assert issubclass(inline, BoundedInlineMixin), inline
        declared = {name for klass in inline.__mro__[:1] for name in vars(klass)}
        assert {"max_num", "absolute_max", "validate_max"} <= declared, inline
        assert inline.max_num and inline.absolute_max and inline.validate_max, inline


def test_an_inflated_inline_is_refused_in_milliseconds(client: Client, coordinator: User) -> None:
    import time

    client.force_login(coordinator)
    started = time.perf_counter()
    response = client.post(
        "/admin/network/engagementrole/add/",
        {
            "name": "Entrée",
            "portraits-TOTAL_FORMS": "100000",
            "portraits-INITIAL_FORMS": "0",
            "portraits-MIN_NUM_FORMS": "0",
            "portraits-MAX_NUM_FORMS": "1000",
        },
    )
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert "Veuillez soumettre au plus 12 formulaires" in response.content.decode()
    assert elapsed < 2
    assert not EngagementRole.objects.filter(name="Entrée").exists()


def test_the_outbox_hides_the_link_to_an_attendance_certificate(
    client: Client, coordinator: User
) -> None:
    from events.models import Certificate, Registration
    from events.services import attendance

    event = EventFactory()
    registration = Registration.objects.create(
        event=event, name="Awa Diallo", email="awa@example.org", status="confirmed"
    )
    certificate = Certificate.objects.create(registration=registration, code="ABCDEFGH2345")
    attendance.send_certificate(certificate=certificate)
    mail = OutgoingMail.objects.get(template="attendance_certificate")
    token = attendance.certificate_token(certificate)
    assert token in mail.body_text
    client.force_login(coordinator)

    page = client.get(f"/admin/network/outgoingmail/{mail.pk}/change/").content.decode()

    assert token not in page
    assert "Masqué" in page and "awa@example.org" in page
