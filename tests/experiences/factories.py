from __future__ import annotations

import datetime
import io

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from pypdf import PdfWriter

from experiences.models import (
    Campaign,
    Context,
    OrganisationType,
    ParticipationLevel,
    PrivacyNotice,
    PublishedExperience,
    Response,
)


def small_pdf() -> bytes:
    """A real PDF of one blank A4 page: it parses as a whole, as uploads must."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class CampaignFactory(DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Recueil d'expériences n° {n}")
    slug = factory.Sequence(lambda n: f"recueil-{n}")
    introduction = "Pourquoi contribuer."
    objective = "L'objectif."
    eligibility = "Toute personne engagée."
    purpose = "Le groupe de travail lira les réponses."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    contact_email = "contact@has.example"
    published = True
    notice = factory.RelatedFactory(
        "tests.experiences.factories.PrivacyNoticeFactory", factory_related_name="campaign"
    )


class PrivacyNoticeFactory(DjangoModelFactory[PrivacyNotice]):
    class Meta:
        model = PrivacyNotice

    campaign = factory.SubFactory(CampaignFactory, notice=None)
    version = factory.Sequence(lambda n: n + 1)
    controller = "La Haute Autorité de santé"
    purpose = "Revenir vers vous."
    legal_basis = "Mission d’intérêt public"
    recipients = "Les agents de la HAS"
    retention = "12 mois après la clôture"
    rights = "Accès, rectification, effacement"
    dpo_contact = "dpo@has.example"


def complete_answers(**overrides: object) -> dict[str, object]:
    """Every answer needed to send a response (model values)."""
    return {
        "name": "Awa Diallo",
        "email": "awa.diallo@example.org",
        "phone": "06 12 34 56 78",
        "organisation": "Association des usagers du quartier",
        "organisation_type": OrganisationType.USERS_ASSOCIATION,
        "role": "Présidente",
        "title": "Un comité d'usagers au centre de santé",
        "level": ParticipationLevel.CO_CONSTRUCTION,
        "participants": ["patients", "professionnels"],
        "actions": "Des réunions mensuelles entre usagers et soignants.",
        "changes": "L'accueil a été réorganisé.",
        **overrides,
    }


class ResponseFactory(DjangoModelFactory[Response]):
    class Meta:
        model = Response
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    notice = factory.LazyAttribute(lambda o: o.campaign.current_notice())
    email = factory.Sequence(lambda n: f"repondant{n}@example.org")
    name = "Awa Diallo"

    class Params:
        submitted = factory.Trait(
            state=Response.State.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            title=factory.Sequence(lambda n: f"Démarche n° {n}"),
            organisation="Association des usagers",
            organisation_type=OrganisationType.USERS_ASSOCIATION,
            role="Présidente",
            level=ParticipationLevel.COLLABORATION,
            participants=["patients"],
            actions="Des réunions.",
            changes="Tout.",
        )

    @factory.post_generation
    def contexts(self, create: bool, extracted: list[Context] | None, **kwargs: object) -> None:
        if create:
            self.contexts.set(extracted or Context.objects.all()[:1])


class PublishedExperienceFactory(DjangoModelFactory[PublishedExperience]):
    class Meta:
        model = PublishedExperience
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Expérience remarquable n° {n}")
    slug = factory.Sequence(lambda n: f"experience-{n}")
    summary = "Un résumé **sans** donnée personnelle."
    organisation_type = OrganisationType.PROFESSIONAL
    level = ParticipationLevel.COLLABORATION
    published = True
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def contexts(self, create: bool, extracted: list[Context] | None, **kwargs: object) -> None:
        if create:
            self.contexts.set(extracted or Context.objects.all()[:1])
