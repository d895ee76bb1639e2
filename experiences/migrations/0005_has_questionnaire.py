"""The HAS questionnaire becomes data: a template, a copy for every existing campaign, and
every response's fixed answers moved into ``Response.answers`` under the same keys.

The old columns stay (they are read by campaigns without a questionnaire); nothing is
lost: every value of theirs is copied, the contexts as their codes, the attachments tagged
with the documents question.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant

TEMPLATE_NAME = "Questionnaire de l'appel HAS (modèle)"

ORGANISATION_TYPES = (
    "usagers | Association d'usagers | Users' association\n"
    "professionnelle | Structure professionnelle (soins ou accompagnement) | "
    "Professional organisation (care or support)\n"
    "enseignement-recherche | Structure d'enseignement, de formation, de recherche ou "
    "d'évaluation | Teaching, training, research or evaluation body\n"
    "information | Structure d'information des usagers | User information body"
)
SECTORS = "sanitaire | Sanitaire | Health\nmedico-social | Médico-social | Medico-social\nsocial | Social | Social"
LEVELS = (
    "avis | Donner son avis | Giving one's opinion\n"
    "collaborer | Collaborer | Collaborating\n"
    "co-construire | Co-construire | Co-designing"
)
PARTICIPANTS = (
    "patients | Patients | Patients\n"
    "personnes-accompagnees | Personnes accompagnées | People supported\n"
    "proches | Proches et aidants | Relatives and carers\n"
    "representants | Représentants légaux ou associatifs | Legal or association representatives\n"
    "professionnels | Professionnels | Professionals"
)

# (section fr, section en, [(key, kind, label fr, label en, help fr, required, extra)])
SECTIONS: list[tuple[str, str, list[tuple[str, str, str, str, str, bool, dict[str, Any]]]]] = [
    (
        "Votre organisation",
        "Your organisation",
        [
            ("organisation", "texte-court", "Organisation", "Organisation", "", True, {}),
            (
                "organisation_type",
                "choix-unique",
                "Type d'organisation",
                "Type of organisation",
                "",
                True,
                {"choices": ORGANISATION_TYPES, "allow_other": True},
            ),
            (
                "role",
                "texte-court",
                "Votre rôle dans la démarche",
                "Your role in the approach",
                "",
                True,
                {},
            ),
        ],
    ),
    (
        "La démarche",
        "The approach",
        [
            ("title", "texte-court", "Titre de la démarche", "Title of the approach", "", True, {}),
            (
                "contexts",
                "choix-multiple",
                "Dans quel(s) contexte(s) la démarche s'est-elle déroulée ?",
                "In which context(s) did the approach take place?",
                "",
                True,
                {"choices": "CONTEXTS"},
            ),
            (
                "sectors",
                "choix-multiple",
                "Secteur(s)",
                "Sector(s)",
                "",
                False,
                {"choices": SECTORS},
            ),
            (
                "territory",
                "texte-court",
                "Territoire",
                "Area",
                "Par exemple : un quartier, une ville, un département.",
                False,
                {},
            ),
            (
                "period",
                "texte-court",
                "Période",
                "Period",
                "Par exemple : de 2021 à 2023, ou « depuis 2022 ».",
                False,
                {},
            ),
            (
                "level",
                "choix-unique",
                "Niveau de participation",
                "Level of participation",
                "Les personnes ont-elles donné leur avis, collaboré ou co-construit le projet ?",
                True,
                {"choices": LEVELS},
            ),
            (
                "participants",
                "choix-multiple",
                "Qui y a pris part ?",
                "Who took part?",
                "",
                True,
                {"choices": PARTICIPANTS},
            ),
        ],
    ),
    (
        "Ce que vous en retenez",
        "What you learnt",
        [
            (
                "actions",
                "texte-long",
                "Qu'avez-vous fait ensemble ?",
                "What did you do together?",
                "Décrivez la démarche, sans donnée de santé.",
                True,
                {"max_length": 10000},
            ),
            (
                "changes",
                "texte-long",
                "Qu'est-ce que cela a changé ?",
                "What did it change?",
                "",
                True,
                {"max_length": 10000},
            ),
            (
                "difficulties",
                "texte-long",
                "Quelles difficultés avez-vous rencontrées ?",
                "What difficulties did you meet?",
                "",
                False,
                {"max_length": 10000},
            ),
            (
                "success_factors",
                "texte-long",
                "Quelles conditions ont aidé ?",
                "What conditions helped?",
                "",
                False,
                {"max_length": 10000},
            ),
            (
                "links",
                "texte-long",
                "Liens",
                "Links",
                "Facultatif. Une adresse web (https://…) par ligne.",
                False,
                {"max_length": 10000},
            ),
            (
                "documents",
                "fichier",
                "Documents à joindre",
                "Documents to attach",
                "Facultatif. Jusqu'à 3 documents PDF, PNG ou JPEG de 5 Mo au plus chacun.",
                False,
                {},
            ),
        ],
    ),
]

TEXT_FIELDS = (
    "organisation",
    "role",
    "title",
    "territory",
    "period",
    "level",
    "actions",
    "changes",
    "difficulties",
    "success_factors",
    "links",
)


def _build(apps: Any, name: str, *, is_template: bool) -> Any:
    Questionnaire = apps.get_model("experiences", "Questionnaire")
    Section = apps.get_model("experiences", "Section")
    Question = apps.get_model("experiences", "Question")
    Context = apps.get_model("experiences", "Context")
    contexts = "\n".join(f"{c.code} | {c.name}" for c in Context.objects.order_by("position"))
    questionnaire = Questionnaire.objects.create(name=name, is_template=is_template)
    for section_position, (title_fr, title_en, questions) in enumerate(SECTIONS):
        section = Section.objects.create(
            questionnaire=questionnaire,
            title_fr=title_fr,
            title_en=title_en,
            position=section_position,
        )
        for position, (key, kind, label_fr, label_en, help_fr, required, extra) in enumerate(
            questions
        ):
            extra = dict(extra)
            if extra.get("choices") == "CONTEXTS":
                extra["choices"] = contexts
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                key=key,
                kind=kind,
                label_fr=label_fr,
                label_en=label_en,
                help_fr=help_fr,
                required=required,
                position=position,
                **extra,
            )
    return questionnaire


def old_answers(response: Any) -> dict[str, Any]:
    """Every fixed answer of a response, under its question's key."""
    answers: dict[str, Any] = {field: getattr(response, field) for field in TEXT_FIELDS}
    answers["organisation_type"] = response.organisation_type
    if response.organisation_type_other:
        answers["organisation_type_other"] = response.organisation_type_other
    answers["contexts"] = [c.code for c in response.contexts.order_by("position")]
    answers["sectors"] = list(response.sectors or [])
    answers["participants"] = list(response.participants or [])
    return {key: value for key, value in answers.items() if value not in ("", [], None)}


def forward(apps: Any, schema_editor: Any) -> None:
    Campaign = apps.get_model("experiences", "Campaign")
    Response = apps.get_model("experiences", "Response")
    ResponseAttachment = apps.get_model("experiences", "ResponseAttachment")
    for model in ("questionnaire", "section", "question"):
        grant(apps, COORDINATORS, "experiences", model, ALL)
    _build(apps, TEMPLATE_NAME, is_template=True)
    for campaign in Campaign.objects.filter(questionnaire__isnull=True):
        campaign.questionnaire = _build(apps, campaign.title[:200], is_template=False)
        campaign.save(update_fields=["questionnaire"])
        for response in Response.objects.filter(campaign=campaign).iterator(chunk_size=500):
            response.answers = {**old_answers(response), **(response.answers or {})}
            response.save(update_fields=["answers"])
        ResponseAttachment.objects.filter(response__campaign=campaign, question_key="").update(
            question_key="documents"
        )


def backward(apps: Any, schema_editor: Any) -> None:
    """The old columns were kept: going back only forgets the questionnaires."""
    Campaign = apps.get_model("experiences", "Campaign")
    Questionnaire = apps.get_model("experiences", "Questionnaire")
    Campaign.objects.update(questionnaire=None)
    Questionnaire.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("experiences", "0004_questionnaires")]

    operations = [migrations.RunPython(forward, backward)]
