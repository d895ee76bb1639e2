from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from network.models import EngagementForm, EngagementRole, Portrait, Source, User


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
