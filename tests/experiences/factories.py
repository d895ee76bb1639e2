from __future__ import annotations

import datetime
import io
from typing import Any, cast

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
    Questionnaire,
    Response,
)
from experiences.services import give_questionnaire

# The keys of the HAS questionnaire's questions (the template every campaign copies).
HAS_KEYS = frozenset(
    {
        "organisation",
        "organisation_type",
        "organisation_type_other",
        "role",
        "title",
        "sectors",
        "territory",
        "period",
        "level",
        "participants",
        "actions",
        "changes",
        "difficulties",
        "success_factors",
        "links",
    }
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

    @factory.post_generation
    def questionnaire(
        self, create: bool, extracted: Questionnaire | None, **kwargs: object
    ) -> None:
        """The questionnaire given, else a copy of the HAS template (as the admin does)."""
        campaign = cast(Campaign, self)  # post-generation hooks receive the instance
        if not create:
            return
        if extracted is not None:
            campaign.questionnaire = extracted
            campaign.save(update_fields=["questionnaire"])
        else:
            give_questionnaire(campaign, source=None)


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


class ResponseFactory(DjangoModelFactory[Response]):
    class Meta:
        model = Response
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    notice = factory.LazyAttribute(lambda o: o.campaign.current_notice())
    email = factory.Sequence(lambda n: f"repondant{n}@example.org")
    name = "Awa Diallo"

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        """Answers to the HAS questions may be given by their keys (``title="…"``)."""
        answers = dict(kwargs.pop("answers", None) or {})
        for key in [key for key in kwargs if key in HAS_KEYS]:
            value = kwargs.pop(key)
            if not isinstance(value, factory.declarations.Skip):  # an inactive trait's
                answers.setdefault(key, value)
        kwargs["answers"] = answers
        return kwargs

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
        """The contexts given (their codes are the answer), else for a sent response the
        first one."""
        response = cast(Response, self)  # post-generation hooks receive the instance
        if not create or "contexts" in response.answers:
            return
        if extracted is None and response.state != Response.State.SUBMITTED:
            return
        chosen = extracted if extracted is not None else Context.objects.all()[:1]
        response.answers["contexts"] = [context.code for context in chosen]
        response.save(update_fields=["answers"])


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
