from __future__ import annotations

import datetime
import io

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from pypdf import PdfWriter

from events.models import CallForPapers, Event
from network.models import EngagementForm, EngagementRole, Portrait, Source, User
from structures.models import Mission, PressDossier, PressReference, Structure


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    password = factory.django.Password("un-mot-de-passe-solide")


class SourceFactory(DjangoModelFactory[Source]):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Guide n° {n}")
    publisher = "France Assos Santé"
    year = 2023


class EngagementRoleFactory(DjangoModelFactory[EngagementRole]):
    class Meta:
        model = EngagementRole

    name = factory.Sequence(lambda n: f"Rôle {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    summary = "Un résumé en langage courant."
    definition = "Une définition **sourcée**."
    source = factory.SubFactory(SourceFactory)
    comparison_source = factory.SelfAttribute("source")
    health_sector = True
    individual_dimension = True
    objective = "Un objectif"
    lived_experience_required = True
    lived_experience = "Un vécu"
    legitimacy_source = "Une légitimité"
    competence_source = "Des compétences"
    training = "Une formation"


class PortraitFactory(DjangoModelFactory[Portrait]):
    class Meta:
        model = Portrait

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    age = 40
    caption = factory.LazyAttribute(lambda o: f"{o.first_name}, témoin")
    story = "Je suis un témoin."
    role = factory.SubFactory(EngagementRoleFactory)
    source = factory.SubFactory(SourceFactory)


class EngagementFormFactory(DjangoModelFactory[EngagementForm]):
    class Meta:
        model = EngagementForm

    name = factory.Sequence(lambda n: f"Forme {n}")
    slug = factory.Sequence(lambda n: f"forme-{n}")
    description = "Une forme d'engagement."
    source = factory.SubFactory(SourceFactory)


class MissionFactory(DjangoModelFactory[Mission]):
    class Meta:
        model = Mission
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Mission {n}")
    slug = factory.Sequence(lambda n: f"mission-{n}")
    description = "Une mission."


class StructureFactory(DjangoModelFactory[Structure]):
    class Meta:
        model = Structure
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Centre de santé n° {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    city = "Lille"
    departement = "59"
    latitude = 50.63
    longitude = 3.06
    coordinates_source = Structure.CoordinatesSource.GAZETTEER
    secpa = True

    @factory.post_generation
    def missions(self, create: bool, extracted: list[Mission] | None, **kwargs: object) -> None:
        if create and extracted:
            self.missions.set(extracted)


class PressReferenceFactory(DjangoModelFactory[PressReference]):
    class Meta:
        model = PressReference
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article n° {n}")
    outlet = "Reporterre"
    kind = PressReference.Kind.ARTICLE
    published_on = datetime.date(2023, 5, 13)
    mission = factory.SubFactory(MissionFactory)

    @factory.post_generation
    def structures(self, create: bool, extracted: list[Structure] | None, **kwargs: object) -> None:
        if create and extracted:
            self.structures.set(extracted)


class PressDossierFactory(DjangoModelFactory[PressDossier]):
    class Meta:
        model = PressDossier

    title = "Structures d'exercice coordonné participatives"
    subtitle = "Dossier de presse"
    edition = datetime.date(2025, 2, 1)


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, real PDF (blank pages): uploads are parsed as a whole, a bare ``%PDF-`` header
    is not enough."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Journée d'études n° {n}")
    slug = factory.Sequence(lambda n: f"journee-{n}")
    kind = Event.Kind.STUDY_DAY
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    location = "Lille"
    organiser = "Réseau Santé Solidarité Lille Métropole"


class CallForPapersFactory(DjangoModelFactory[CallForPapers]):
    class Meta:
        model = CallForPapers

    event = factory.SubFactory(EventFactory)
    text = "Un appel."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    contact_email = "coordination@example.org"
