"""Demo content of the experiences app: the HAS call for participatory experiences (seed
``004_…``) and published experiences drawn from the accounts of the SECPa press dossier
(seed ``003_…``), linked to their structures when the directory has them.

The seed gives no year for « jusqu'au 31 mai inclus »: the demo campaign closes on the
next 31 May, so that the questionnaire can be tried. The seed's notice names no legal
basis: the one given here (the HAS's public-interest mission) is to be confirmed by its
data-protection officer. Loading is idempotent.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from experiences import services
from experiences.models import (
    Campaign,
    Context,
    OrganisationType,
    ParticipationLevel,
    PrivacyNotice,
    PublishedExperience,
)
from network.timezones import PARIS, end_of_day
from structures.models import Structure

INTRODUCTION = """\
Pour la période 2019-2024, la Haute Autorité de santé a retenu six axes stratégiques, dont le \
2ème est intitulé « Faire de l’engagement des usagers une priorité ».

C’est à ce titre qu’un conseil pour l’engagement en santé des usagers vient d’être mis en \
place. La HAS entend aussi inciter aux meilleures pratiques participatives en santé par une \
recommandation sur l’engagement en santé.

L’enjeu est que se développent des démarches participatives, pour un plus grand engagement \
individuel ou collectif des usagers, au bénéfice de leur santé, de celles de leurs pairs ou de \
leur expérience dans le secteur de la santé ou du social.

On entend par démarches participatives, toute démarche au cours de laquelle les patients ou \
les personnes accompagnées ou leurs représentants, légaux ou associatifs, donnent leur avis, \
collaborent ou co-construisent un projet de santé les concernant, avec des professionnels dans \
une relation d’apprentissage réciproque.

Dans ce cadre, il est apparu judicieux de recueillir les expériences qui se déploient \
aujourd’hui en France.
"""

OBJECTIVE = """\
Il s’agit de recueillir des expériences françaises de démarches participatives où les \
personnes soignées ou accompagnées ou leurs représentants collaborent avec les professionnels \
du système de santé ou du secteur social ou médico-social, dans le cadre d’un projet de santé.

Ce recueil, le plus large possible, permettra d’identifier des expériences « remarquables » \
pour illustrer concrètement les différentes dimensions de la recommandation à venir.

Ces démarches peuvent s’inscrire dans différents contextes, et notamment :
"""

ELIGIBILITY = """\
Peut répondre au questionnaire ci-dessous toute personne ou organisation engagée dans une \
démarche participative collective, où professionnels et patients ou personnes accompagnées, \
engagés ou non dans une association, ont été invités à donner leur avis, à collaborer ou à \
co-construire un tel projet.

Sont notamment concernées parmi les organisations :

- les associations d’usagers (associations de patients ou d’usagers du système de santé, \
associations de personnes accompagnées dans le champ social ou médico-social, associations \
d’aidants, associations familiales, etc.) ;
- les structures professionnelles mettant en œuvre des soins ou accompagnements dans le champ \
social, médico-social ou sanitaire ;
- les structures ayant des missions d’enseignement ou de formation, de recherche ou \
d’évaluation en santé ;
- les structures ayant vocation à informer des usagers, à recueillir leurs avis ou à leur \
adresser des services dédiés.
"""

PURPOSE = """\
Votre retour d’expérience sera analysé par le groupe de travail en charge de l’élaboration de \
la recommandation.

Ce groupe de travail comprend à part égale des usagers et des professionnels. Il retiendra \
certaines des expériences transmises et les rendra publiques sur le site de la HAS pour \
illustrer des démarches participatives réalisées en France.
"""

NOTICE = {
    "controller": "La Haute Autorité de santé (HAS). Les données personnelles (nom, "
    "coordonnées) des personnes répondant au questionnaire font l’objet d’un traitement de "
    "données par la HAS. Aucune donnée de santé n’est recueillie.",
    "purpose": "Elles servent uniquement à pouvoir revenir vers vous au cours de "
    "l’élaboration de la recommandation. Si vous souhaitez pouvoir être recontacté par la "
    "HAS pour d’autres projets, vous pouvez le signaler en fin de questionnaire.",
    "legal_basis": "La mission d’intérêt public de la HAS (article 6-1-e du RGPD) ; pour être "
    "recontacté pour d’autres projets, votre consentement, que vous pouvez retirer à tout "
    "moment.",
    "recipients": "Les données recueillies sont à destination uniquement des agents de la "
    "HAS. Le groupe de travail lit les démarches sans vos coordonnées.",
    "retention": "Ces données seront conservées uniquement pour la durée nécessaire à cette "
    "finalité : elles sont effacées 12 mois après la clôture du recueil, après un courriel "
    "d’avertissement. Les résumés publiés ne contiennent aucune donnée personnelle.",
    "rights": "Conformément à la loi « Informatique et libertés », vous pouvez exercer votre "
    "droit d’accès, d’opposition, de rectification et de suppression des données vous "
    "concernant par mail à l’adresse dpo@has-sante.fr. Votre lien personnel vous permet aussi "
    "de télécharger vos données ou de les effacer vous-même. Vous pouvez adresser une "
    "réclamation à la CNIL (www.cnil.fr).",
    "dpo_contact": "dpo@has-sante.fr",
}

# Not retained by the HAS working group: examples from the SECPa press dossier, and said so.
PRESS_DOSSIER = "Structures d'exercice coordonné participatives — dossier de presse, février 2025"

# (title, summary from the press dossier, source, structure name, contexts, type, level, place)
EXPERIENCES = [
    (
        "Santé et mal-logement : un collectif d’habitant·e·s",
        "En Bretagne, Stétho’Scop (Hennebont) s’est mobilisé pour mettre en lumière les liens "
        "entre santé et mal-logement. De cette action est née un collectif d’habitant·e·s qui "
        "portent aujourd’hui des revendications auprès des bailleurs et des institutions.",
        "Santé et mal-logement : Stétho’Scop en campagne, Ouest France, article, 4 avril 2024.",
        "Centre de santé Stétho'Scop",
        ["communes-quartiers", "lieu-de-soins"],
        OrganisationType.PROFESSIONAL,
        ParticipationLevel.CO_CONSTRUCTION,
        "Hennebont (Morbihan)",
    ),
    (
        "Un projet photographique autour du mouvement",
        "À la Maison de Santé Pluriprofessionnelle du Kruysbellaert (Dunkerque), un projet "
        "photographique autour du mouvement a été l’occasion de mobiliser et d’impliquer des "
        "patient·e·s, manière originale d’investir le corps autrement que comme objet de soin.",
        "« Je vois la vie qui bouge ! » : En maison de santé, l’art remet les patients en "
        "mouvement, Géraldine Langlois, Concours Pluripro, article, 31 janvier 2023.",
        "Maison de Santé Pluriprofessionnelle Kruysbellaert",
        ["lieu-de-soins"],
        OrganisationType.PROFESSIONAL,
        ParticipationLevel.COLLABORATION,
        "Dunkerque (Nord)",
    ),
    (
        "Des usager·ère·s devenu·e·s médiateur·rice·s pair·e·s",
        "À La Case de santé, à Toulouse, des usager·ère·s sont devenu·e·s médiateur·rice·s en "
        "santé. La personne accompagnée est devenue personne accompagnante, quand ce que l’on "
        "a vécu fait de nous la personne la plus à même d’aider l’autre. Les médiateur·rice·s "
        "pair·e·s sont la première porte d’entrée pour accéder aux droits et aux soins.",
        "« Devenir médiateur·rice dans un centre de santé communautaire. Portraits de parcours "
        "des médiateur·rice·s pair·e·s de la Case de santé de Toulouse. » La documentation "
        "française, 2021, pages 253 à 273.",
        "La Case de Santé",
        ["lieu-de-soins", "groupes-patients-pair-aidance"],
        OrganisationType.PROFESSIONAL,
        ParticipationLevel.CO_CONSTRUCTION,
        "Toulouse (Haute-Garonne)",
    ),
    (
        "Le « théâtre du vécu » pour dépasser le statut de « malade »",
        "Au Pôle de santé interprofessionnel de Saint-Martin-d’Hères, c’est le « théâtre du "
        "vécu » qui a été utilisé pour médiatiser la santé et permettre à des personnes de "
        "dépasser le seul statut de « malades ».",
        "Le théâtre vécu pour donner forme à des récits traumatiques, Ganaële Melis, Le "
        "Dauphiné, article de presse, 4 novembre 2024.",
        "Pôle de Santé Interprofessionnel - PSIP",
        ["lieu-de-soins"],
        OrganisationType.PROFESSIONAL,
        ParticipationLevel.COLLABORATION,
        "Saint-Martin-d’Hères (Isère)",
    ),
]


def next_may_31(today: datetime.date) -> datetime.date:
    this_year = datetime.date(today.year, 5, 31)
    return this_year if today <= this_year else datetime.date(today.year + 1, 5, 31)


@transaction.atomic
def load() -> dict[str, int]:
    closing = next_may_31(timezone.localdate())
    campaign, _ = Campaign.objects.update_or_create(
        slug="retours-experiences-demarches-participatives",
        defaults={
            "title": "Retours d’expériences de démarches participatives en santé",
            "introduction": INTRODUCTION,
            "objective": OBJECTIVE,
            "eligibility": ELIGIBILITY,
            "purpose": PURPOSE,
            "opens_at": datetime.datetime(closing.year - 1, 6, 1, tzinfo=PARIS),
            "closes_at": end_of_day(closing),
            "contact_email": "j.andrevert@has-sante.fr",
            "retention_months": 12,
            "published": True,
        },
    )
    services.give_questionnaire(campaign, source=None)  # a copy of the HAS template
    notice = campaign.current_notice()
    if notice is None or any(getattr(notice, k) != v for k, v in NOTICE.items()):
        PrivacyNotice.objects.create(
            campaign=campaign, version=(notice.version + 1 if notice else 1), **NOTICE
        )
    contexts = {context.code: context for context in Context.objects.all()}
    structures = {s.name: s for s in Structure.objects.filter(name__in=[e[3] for e in EXPERIENCES])}
    for title, summary, source, structure, codes, kind, level, territory in EXPERIENCES:
        fields = {
            "campaign": campaign,
            "title": title,
            "summary": summary,
            "source": source,
            "structure": structures.get(structure),
            "organisation_type": kind,
            "level": level,
            "territory": territory,
            "origin": PRESS_DOSSIER,
            "published": True,
        }
        experience, _ = PublishedExperience.objects.update_or_create(
            slug=slugify(title)[:120],
            defaults=fields,
            create_defaults={**fields, "published_at": timezone.now()},
        )
        experience.contexts.set([contexts[code] for code in codes])
    return {"campaign": 1, "published experiences": len(EXPERIENCES)}
