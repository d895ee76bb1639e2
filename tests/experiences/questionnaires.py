"""Configured questionnaires for the tests: sections, a conditional question, a commune."""

from __future__ import annotations

from experiences.models import Campaign, Question, Questionnaire, Section
from tests.experiences.factories import CampaignFactory

Kind = Question.Kind


def build_questionnaire(sections: int = 3, *, name: str = "Enquête régionale") -> Questionnaire:
    """``sections`` sections; the first asks yes/no and, only on « oui », a detail; the
    second a commune and a single choice with « autre »; every further one a long text and a
    file."""
    questionnaire = Questionnaire.objects.create(name=name)
    made = [
        Section.objects.create(
            questionnaire=questionnaire,
            title_fr=f"Partie {n + 1}",
            title_en=f"Part {n + 1}",
            position=n,
        )
        for n in range(sections)
    ]
    engaged = Question.objects.create(
        questionnaire=questionnaire,
        section=made[0],
        key="engage",
        kind=Kind.YES_NO,
        label_fr="Des usagers sont-ils engagés ?",
        label_en="Are users involved?",
        required=True,
    )
    Question.objects.create(
        questionnaire=questionnaire,
        section=made[0],
        key="comment",
        kind=Kind.SHORT_TEXT,
        label_fr="Comment ?",
        label_en="How?",
        required=True,
        position=1,
        condition_question=engaged,
        condition_values="oui",
    )
    if sections > 1:
        Question.objects.create(
            questionnaire=questionnaire,
            section=made[1],
            key="lieu",
            kind=Kind.COMMUNE,
            label_fr="Commune de la démarche",
            label_en="Town of the approach",
            required=True,
        )
        Question.objects.create(
            questionnaire=questionnaire,
            section=made[1],
            key="structure",
            kind=Kind.SINGLE,
            label_fr="Type de structure",
            label_en="Kind of organisation",
            choices="cds | Centre de santé | Health centre\nmsp | Maison de santé | Practice",
            allow_other=True,
            position=1,
        )
    for section in made[2:]:
        Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            key=f"recit{section.position}",
            kind=Kind.LONG_TEXT,
            label_fr="Racontez",
            label_en="Tell us",
            max_length=50,
        )
        Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            key=f"pieces{section.position}",
            kind=Kind.FILE,
            label_fr="Documents",
            position=1,
        )
    return questionnaire


def configured_campaign(sections: int = 3, **kwargs: object) -> Campaign:
    return CampaignFactory(questionnaire=build_questionnaire(sections), **kwargs)
