"""Demo content of the base app: the glossary of engagement roles, from seed ``001_…``.

Every text below comes from the seed (a talk by Jan-Marc Charrel and Clara Rousseau,
France Assos Santé Auvergne-Rhône-Alpes, and the documents it quotes). Loading is
idempotent: entries are matched on their slug or name and updated in place.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from network.models import EngagementForm, EngagementRole, Portrait, Source

GUIDE_OCCITANIE = {
    "title": "Guide Usagers partenaires en santé – L'avenir du soin",
    "publisher": "France Assos Santé Occitanie",
    "year": 2023,
}
SAVOIRS_PATIENT = {
    "title": "Le partenariat en santé, des mots pour se comprendre…",
    "publisher": "Savoirs Patient",
    "year": 2022,
}
FORMES_ENGAGEMENT = {
    "title": "Les différentes formes d'engagement des usagers en établissement de santé",
    "publisher": "France Assos Santé",
    "year": 2023,
}
# The talk itself: its portraits and survey. Its year is not printed; it presents the
# training "RU et patients partenaires : agir ensemble" as a 2025 novelty.
PRESENTATION = {
    "title": "Le partenariat en santé : des coopérations au service des usagers",
    "publisher": "Jan-Marc Charrel et Clara Rousseau, France Assos Santé Auvergne-Rhône-Alpes",
    "year": 2025,
}

ENTRIES: list[dict[str, Any]] = [
    {
        "slug": "partenariat-en-sante",
        "name": "Partenariat en santé",
        "kind": EngagementRole.Kind.NOTION,
        "summary": (
            "Usagers et professionnels du système de santé agissent ensemble, en s'appuyant "
            "sur la complémentarité de leurs expériences, savoirs et compétences."
        ),
        "definition": (
            "« Agir ensemble pour le bien-être physique, moral et social de chacun en "
            "reconnaissant et en s'appuyant sur la complémentarité des expériences, savoirs et "
            "compétences des usagers et des professionnels du système de santé »\n\n"
            "Cela se concrétise par la collaboration entre un/des professionnel(s) du système "
            "de santé et un/des usager(s) dans :\n\n"
            "- une **dimension individuelle** (milieu sanitaire / médico-social et social) : "
            "relation professionnel – personne en soin / personne accompagnée / proche-aidant ;\n"
            "- une **dimension collective** (politiques de santé, organisation des "
            "établissements, soins cliniques & éducatifs, formation des professionnels de "
            "santé, recherche & innovation)."
        ),
        "source": GUIDE_OCCITANIE,
        "individual_dimension": True,
        "collective_dimension": True,
        "health_sector": True,
        "medico_social_sector": True,
        "social_sector": True,
    },
    {
        "slug": "partenariat-patient",
        "name": "Partenariat patient",
        "kind": EngagementRole.Kind.NOTION,
        "other_names": "Partenariat-patient",
        "summary": (
            "La personne malade ou en situation de handicap fait des choix de santé libres et "
            "éclairés ; son expérience est reconnue et ses compétences de soins développées "
            "avec l'équipe de soins."
        ),
        "definition": (
            "Usager partenaire en capacité, au fur et à mesure de son parcours de vie avec la "
            "maladie/ le handicap, de faire des choix de santé libres et éclairés. Ses "
            "expériences issues de ce parcours sont reconnues et ses compétences de soins "
            "développées avec l'aide d'intervenants de l'équipe de soins."
        ),
        "source": SAVOIRS_PATIENT,
        "individual_dimension": True,
        "health_sector": True,
        "medico_social_sector": True,
    },
    {
        "slug": "patient-partenaire",
        "name": "Patient partenaire",
        "acronym": "PP",
        "other_names": (
            "Patient/aidant partenaire\nAidant partenaire\nUsager partenaire\nPatient-partenaire"
        ),
        "summary": (
            "Une personne qui a l'expérience des soins, pour elle-même ou comme proche aidant, "
            "et qui co-construit avec les professionnels des soins et services de santé "
            "améliorés."
        ),
        "definition": (
            "Patient ou proche aidant dont la légitimité tient aux savoirs et aux compétences "
            "issus de son expérience des soins et services de santé. Il co-construit, avec les "
            "professionnels, des soins et services de santé améliorés et favorisant la "
            "coopération en santé. Ses compétences sont expérientielles et individuelles."
        ),
        "source": FORMES_ENGAGEMENT,
        "comparison_source": FORMES_ENGAGEMENT,
        "individual_dimension": True,
        "collective_dimension": True,
        "health_sector": True,
        "medico_social_sector": True,
        "objective": (
            "Co-construire des soins et services de santé améliorés et favorisant la "
            "coopération en santé"
        ),
        "lived_experience_required": True,
        "lived_experience": (
            "Requiert nécessairement l'expérience de soins et services de santé (soi-même ou "
            "en tant que proche/aidant)"
        ),
        "legitimacy_source": (
            "Apporter des savoirs et des compétences issus d'une expérience des soins et "
            "services de santé"
        ),
        "competence_source": (
            "Expérientielle / individuelle : expérience individuelle d'une personne (ou celle "
            "de proche/aidant) des soins et services de santé"
        ),
        "training": (
            "Ni désignation ni formation obligatoire. Une formation commune, « RU et patients "
            "partenaires : agir ensemble » (nouveauté 2025), aide à se situer parmi les formes "
            "d'engagement et à coopérer avec les représentants des usagers."
        ),
    },
    {
        "slug": "patient-partenaire-ressource",
        "name": "Patient partenaire « ressource »",
        "variant_of": "patient-partenaire",
        "other_names": "Patiente partenaire ressource\nPatient ressource",
        "summary": (
            "Après son propre parcours de soins, une personne intervient dans un service comme "
            "ressource complémentaire à l'accompagnement des patients qui traversent la même "
            "épreuve."
        ),
        "definition": (
            "Forme du patient partenaire : rétabli, il ou elle veut aider d'autres patients qui "
            "traversent la même épreuve et intervient, souvent dans le service où il ou elle a "
            "été soigné, comme une ressource complémentaire à l'accompagnement des patients "
            "par l'équipe."
        ),
        "source": PRESENTATION,
        "individual_dimension": True,
        "health_sector": True,
        "lived_experience_required": True,
        "lived_experience": (
            "Requiert l'expérience de la maladie et des soins (ici, un cancer du sein)"
        ),
        "legitimacy_source": "Son propre parcours de soins et de rétablissement",
        "competence_source": "Expérientielle / individuelle",
        "training": "Aucune désignation ; intervient à l'invitation du service.",
    },
    {
        "slug": "representant-des-usagers",
        "name": "Représentant des usagers",
        "acronym": "RU",
        "other_names": "Représentante des usagers\nReprésentant d'usagers",
        "summary": (
            "Un membre d'une association agréée, désigné par l'ARS, qui fait respecter les "
            "droits des patients et propose des améliorations de la qualité dans les instances "
            "des établissements."
        ),
        "definition": (
            "Membre d'une association agréée du système de santé, désigné par un arrêté du "
            "directeur général de l'agence régionale de santé (ARS). Il fait reconnaître et "
            "respecter les droits des patients et se fait force de proposition pour "
            "l'amélioration de la qualité et de la fluidité des parcours, par exemple en "
            "siégeant à la commission des usagers d'un établissement de santé. Il s'appuie sur "
            "l'expérience des patients recueillie par des outils (réclamations, enquêtes, "
            "rencontres directes) et sur des compétences techniques et collectives."
        ),
        "source": FORMES_ENGAGEMENT,
        "comparison_source": FORMES_ENGAGEMENT,
        "collective_dimension": True,
        "health_sector": True,
        "objective": (
            "Faire reconnaître et respecter les droits des patients, être force de proposition "
            "pour l'amélioration de la qualité et la fluidité des parcours"
        ),
        "lived_experience_required": False,
        "lived_experience": (
            "Ne requiert pas nécessairement l'expérience de soins et services de santé"
        ),
        "legitimacy_source": (
            "Captation par des outils de l'expérience des patients (réclamations, enquêtes, "
            "rencontres directes etc.). Être membre d'une association agréée du système de "
            "santé et être désigné par un arrêté du DG de l'ARS"
        ),
        "competence_source": (
            "Technique / collective : expérience collective et mobilisation de compétences "
            "techniques (droit, politiques publiques et organisation services de santé)"
        ),
        "training_required": True,
        "appointment_required": True,
        "training": (
            "Désigné par un arrêté du directeur général de l'ARS, sur proposition d'une "
            "association agréée ; une formation obligatoire précède le mandat."
        ),
    },
    {
        "slug": "mediateur-de-sante-pair",
        "name": "Médiateur de santé pair",
        "acronym": "MSP",
        "other_names": "Médiatrice de santé paire",
        "summary": (
            "Une personne qui a elle-même vécu des troubles psychiques et qui, après une "
            "formation obligatoire, intervient avec ce rôle et ce statut dans les services de "
            "soins."
        ),
        "definition": (
            "Rôle et statut d'une personne ayant l'expérience vécue de troubles psychiques "
            "qui, après une formation obligatoire, intervient dans les services de soins, par "
            "exemple ceux d'un centre hospitalier psychiatrique. Le rôle est souvent connu par "
            "les groupes d'entraide mutuelle (GEM)."
        ),
        "source": PRESENTATION,
        "individual_dimension": True,
        "health_sector": True,
        "lived_experience_required": True,
        "lived_experience": "Requiert l'expérience vécue de troubles psychiques",
        "legitimacy_source": (
            "Son expérience vécue, reconnue par un rôle et un statut dans l'équipe"
        ),
        "competence_source": "Expérientielle, complétée par la formation obligatoire",
        "training_required": True,
        "training": "Formation obligatoire avant d'intervenir dans les services.",
    },
    {
        "slug": "pair-aidant",
        "name": "Pair-aidant",
        "other_names": "Pair aidant\nPaire-aidante\nPair-aidance",
        "summary": (
            "Une personne qui s'appuie sur sa propre expérience pour soutenir d'autres "
            "personnes qui vivent une situation comparable : l'entraide entre pairs."
        ),
        "definition": (
            "La pair-aidance est l'entraide entre personnes partageant une même expérience. "
            "Elle est souvent considérée comme le premier niveau d'engagement des patients : "
            "dans l'enquête régionale du groupe « Voix et voies plurielles de la démocratie en "
            "santé » (France Assos Santé Auvergne-Rhône-Alpes, octobre 2023), c'est la forme "
            "d'engagement dans laquelle le plus de projets se reconnaissent, et la mission la "
            "plus représentative du partenariat patient."
        ),
        "source": PRESENTATION,
        "individual_dimension": True,
        "health_sector": True,
        "medico_social_sector": True,
        "social_sector": True,
        "lived_experience_required": True,
        "lived_experience": "Requiert une expérience partagée avec les personnes soutenues",
        "legitimacy_source": "L'expérience commune avec les personnes soutenues",
        "competence_source": "Expérientielle / individuelle",
        "training": (
            "Pas de désignation. Une formation à la mise en place de projets de pair-aidance "
            "était en cours de finalisation en Auvergne-Rhône-Alpes."
        ),
    },
    {
        "slug": "pair-aidant-familial",
        "name": "Pair-aidant familial",
        "variant_of": "pair-aidant",
        "other_names": "Pair aidante familiale\nProche aidant pair",
        "summary": (
            "Un proche aidant, par exemple le parent d'un enfant en situation de handicap, qui "
            "met son expérience d'aidant au service d'autres proches."
        ),
        "definition": (
            "Forme de la pair-aidance portée par un proche aidant : l'expérience partagée est "
            "celle de l'aidant, par exemple d'une mère aidante de sa fille en situation de "
            "handicap."
        ),
        "source": PRESENTATION,
        "individual_dimension": True,
        "medico_social_sector": True,
        "social_sector": True,
        "lived_experience_required": True,
        "lived_experience": "Requiert l'expérience de proche aidant",
        "legitimacy_source": "Son expérience de proche aidant",
        "competence_source": "Expérientielle / individuelle (celle du proche aidant)",
        "training": "Pas de désignation.",
    },
    {
        "slug": "patient-intervenant-etp",
        "name": "Patient intervenant en éducation thérapeutique du patient",
        "other_names": "Patient intervenant en ETP\nPatiente intervenante en ETP",
        "summary": (
            "Une personne qui vit avec une maladie chronique, formée à l'éducation "
            "thérapeutique (ETP), qui co-construit et co-anime des séances avec un "
            "professionnel de santé."
        ),
        "definition": (
            "Personne vivant avec une maladie chronique qui, souvent sur proposition de son "
            "association, s'est formée aux 40 heures en éducation thérapeutique du patient "
            "(ETP) et intervient dans des programmes d'ETP : elle co-construit les séances et "
            "les co-anime avec un professionnel de santé."
        ),
        "source": PRESENTATION,
        "individual_dimension": True,
        "collective_dimension": True,
        "health_sector": True,
        "lived_experience_required": True,
        "lived_experience": "Requiert l'expérience d'une maladie chronique (ici, un diabète)",
        "legitimacy_source": "Son expérience de la maladie, reconnue dans les programmes d'ETP",
        "competence_source": "Expérientielle, complétée par la formation aux 40 heures en ETP",
        "training_required": True,
        "training": "Formation de 40 heures en éducation thérapeutique du patient (ETP).",
    },
    {
        "slug": "benevole-association-services-de-soins",
        "name": "Bénévole d'association intervenant dans les services de soins",
        "other_names": "Membre d'association intervenant à l'hôpital\nBénévole d'accompagnement",
        "summary": (
            "Un membre d'une association liée à l'hôpital par une convention, qui rend visite "
            "aux malades pour leur apporter du soutien."
        ),
        "definition": (
            "Membre d'une association qui a une convention avec l'hôpital. Il se déplace "
            "régulièrement en chambre pour rendre visite aux malades et leur apporter du "
            "soutien, souvent auprès de personnes qui n'ont plus de proches pour venir les "
            "voir."
        ),
        "source": PRESENTATION,
        "individual_dimension": True,
        "health_sector": True,
        "lived_experience_required": False,
        "lived_experience": "Ne requiert pas l'expérience de la maladie",
        "legitimacy_source": "La convention entre son association et l'établissement",
        "competence_source": "L'écoute et la présence auprès des malades",
        "training": "Pas de désignation ; l'intervention est encadrée par la convention.",
    },
]

PORTRAITS: list[dict[str, Any]] = [
    {
        "first_name": "Kathy",
        "age": 42,
        "role": "patient-partenaire-ressource",
        "caption": "Kathy, patiente partenaire (de type « ressource »)",
        "story": (
            "Je suis Kathy, j'ai 42 ans et j'ai eu un cancer du sein en octobre 2012. Après mon "
            "rétablissement, j'ai voulu aider d'autres patientes qui traversent la même épreuve "
            "que moi. Je suis une ressource complémentaire à l'accompagnement des patientes du "
            "service. Actuellement j'interviens en tant que patiente partenaire à l'institut où "
            "je me suis fait opérer."
        ),
    },
    {
        "first_name": "Nicolas",
        "age": 45,
        "role": "representant-des-usagers",
        "caption": "Nicolas, représentant des usagers",
        "story": (
            "Je suis Nicolas, j'ai 45 ans et suis membre d'une association familiale depuis "
            "10 ans. Après avoir bénéficié d'une formation obligatoire, je siège dans la "
            "commission des usagers de 3 établissements de santé publics. Au quotidien : je "
            "veille à la bonne application des droits des patients et à la qualité des soins "
            "dans ces établissements. De ce fait, je participe à la vie institutionnelle : "
            "analyse des plaintes / réclamations / éloges mais également aux retours des "
            "questionnaires d'expérience et de satisfaction, en lien avec la direction qualité."
        ),
    },
    {
        "first_name": "André",
        "age": 52,
        "role": "benevole-association-services-de-soins",
        "caption": "André, membre d'association intervenant dans les services de l'hôpital",
        "story": (
            "Je suis André, j'ai 52 ans et je suis membre d'une association qui a une "
            "convention avec l'hôpital. Tous les jeudis matin, je me déplace en chambre pour "
            "aller visiter les malades… J'adore être au contact des malades pour leur apporter "
            "du soutien, même si parfois c'est juste pour échanger quelques mots. Souvent "
            "j'interviens auprès de personnes qui n'ont plus de proches qui peuvent venir les "
            "voir."
        ),
    },
    {
        "first_name": "Sébastien",
        "age": 31,
        "role": "mediateur-de-sante-pair",
        "caption": "Sébastien, médiateur de santé pair",
        "story": (
            "Je suis Sébastien, j'ai 31 ans, j'ai eu des problèmes de dépression depuis l'âge "
            "de 22 ans. Lors d'une rencontre dans un GEM (Groupe d'entraide mutuelle), on m'a "
            "parlé du rôle et du statut du médiateur de santé pair (MSP). Je me suis intéressé "
            "au sujet, j'ai fait la formation obligatoire et j'interviens désormais dans les "
            "services d'un centre hospitalier psychiatrique."
        ),
    },
    {
        "first_name": "Karine",
        "age": 37,
        "role": "pair-aidant-familial",
        "caption": "Karine, pair aidante familiale",
        # The seed's text stops mid-sentence; it is shown as it is, marked as cut.
        "story": (
            "Je suis Karine, j'ai 37 ans, je suis aidante de ma fille qui est en situation de "
            "handicap depuis […]"
        ),
    },
    {
        "first_name": "MJ",
        "age": 62,
        "role": "patient-intervenant-etp",
        "caption": "MJ, patiente intervenante en éducation thérapeutique du patient",
        "story": (
            "Je suis MJ, j'ai 62 ans. Je suis atteinte d'un diabète depuis le plus jeune âge. "
            "Avec le temps, mon association m'a proposé de m'impliquer dans l'accompagnement "
            "d'autres patients. Je me suis formée aux 40h en éducation thérapeutique du "
            "patient (ETP). Aujourd'hui, je suis impliquée dans 3 programmes dans 2 hôpitaux "
            "où je co-construis les séances et les co-anime avec un professionnel de santé."
        ),
    },
]

ENGAGEMENT_FORMS: list[dict[str, Any]] = [
    {
        "slug": "pair-aidance-associative",
        "name": "Pair-aidance associative",
        "description": "L'entraide entre personnes partageant une même expérience.",
        "roles": ["pair-aidant", "pair-aidant-familial", "mediateur-de-sante-pair"],
    },
    {
        "slug": "recherche",
        "name": "Recherche",
        "description": (
            "La contribution des usagers partenaires en santé aux actions de recherche en santé."
        ),
        "roles": ["patient-partenaire"],
    },
    {
        "slug": "reflexion-ethique",
        "name": "Réflexion éthique",
        "description": (
            "La contribution des usagers partenaires en santé aux questionnements nécessaires "
            "dans les projets de santé."
        ),
        "roles": ["patient-partenaire", "representant-des-usagers"],
    },
    {
        "slug": "education-therapeutique-du-patient",
        "name": "Éducation thérapeutique du patient",
        "description": (
            "Le développement de compétences pour mieux vivre avec leur maladie/handicap."
        ),
        "roles": ["patient-intervenant-etp", "patient-partenaire"],
    },
    {
        "slug": "formation-des-professionnels",
        "name": "Formation de professionnels du système de santé",
        "description": (
            "La contribution des usagers partenaires en santé à la formation initiale et "
            "continue des professionnels en santé."
        ),
        "roles": ["patient-partenaire"],
    },
    {
        "slug": "soins-cliniques",
        "name": "Soins cliniques",
        "description": "L'accompagnement dans la relation individuelle de soin.",
        "roles": [
            "patient-partenaire",
            "patient-partenaire-ressource",
            "mediateur-de-sante-pair",
            "benevole-association-services-de-soins",
        ],
    },
]


def _source(data: dict[str, Any]) -> Source:
    source, _ = Source.objects.update_or_create(
        title=data["title"], publisher=data["publisher"], year=data["year"], defaults={}
    )
    return source


@transaction.atomic
def load() -> dict[str, int]:
    """Create or update the glossary of the seed. Returns counts per kind of row."""
    entries: dict[str, EngagementRole] = {}
    for data in ENTRIES:
        fields = dict(data)
        slug = fields.pop("slug")
        fields["source"] = _source(fields["source"])
        if "comparison_source" in fields:
            fields["comparison_source"] = _source(fields["comparison_source"])
        variant_of = fields.pop("variant_of", None)
        fields["variant_of"] = entries[variant_of] if variant_of else None
        entries[slug], _ = EngagementRole.objects.update_or_create(slug=slug, defaults=fields)
    presentation = _source(PRESENTATION)
    for position, data in enumerate(PORTRAITS):
        fields = dict(data)
        role = entries[fields.pop("role")]
        Portrait.objects.update_or_create(
            first_name=fields.pop("first_name"),
            role=role,
            defaults={**fields, "source": presentation, "position": position},
        )
    guide = _source(GUIDE_OCCITANIE)
    for position, data in enumerate(ENGAGEMENT_FORMS):
        fields = dict(data)
        roles = [entries[slug] for slug in fields.pop("roles")]
        form, _ = EngagementForm.objects.update_or_create(
            slug=fields.pop("slug"), defaults={**fields, "source": guide, "position": position}
        )
        form.roles.set(roles)
    return {
        "glossary entries": len(entries),
        "portraits": len(PORTRAITS),
        "engagement forms": len(ENGAGEMENT_FORMS),
    }
