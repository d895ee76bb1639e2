"""Demo content of the events app, from seeds ``000_…`` (the call for papers of a study day)
and ``002_…`` (a regional webinar and its programme).

The real 2025 dates stay as past editions. A demonstration call, open for submissions,
has its deadline in the future so that a newcomer can try the whole journey; it is
marked as a demonstration. Loading is idempotent: rows are matched on their slug or title.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.models import CallForPapers, Event, ProgrammeSlot, SlotSpeaker
from network.timezones import PARIS, end_of_day

LILLE_TEXT = """À l’occasion de la célébration de ses 20 ans d’existence en 2025, le Réseau Santé Solidarité Lille Métropole convie ses membres, partenaires, acteurs du territoire de l’arrondissement de Lille et tout acteur concerné par le sujet de l’accès aux soins et des parcours de santé des personnes en situation de grande précarité, à s’interroger sur la place de l’usager dans un écosystème « réseau » dans le cadre d’une journée d’études. Au carrefour des secteurs sociaux, sanitaires et médico-sociaux, le Réseau Santé Solidarité Lille Métropole a soutenu l’organisation des parcours de soins dans une approche holistique de la personne. Depuis sa création, en 2005, les partenaires ont affiné leur interconnaissance pour travailler en synergie, mobilisé les partenariats et participé collectivement à un meilleur accès aux soins de santé pour ce public.

Parallèlement, les membres du Réseau, issus de ces différents secteurs d’activité, ont pensé des modalités d’inclusion et/ou de participation des usagers au sein de leur gouvernance et/ou de leurs dispositifs. Ces dispositions, qui ne sont pas encore généralisées, sont pensées à l’échelle d’un établissement, d’un service et sont mises en œuvre selon l’approche, les objectifs d’accompagnement et/ou de soin spécifiques de ces équipes.

Ainsi, les établissements de santé ont-ils intégré l’expertise patient ou le patient partenaire dans l’organisation des soins. Certains acteurs de la santé mentale ont développé des pratiques de soins et d’accompagnement à partir de la reconnaissance d’une capacité d’agir de l’usager. Les acteurs sociaux associatifs agissant dans la lutte contre l’exclusion sociale apprivoisent, dans leurs organisations, l’inclusion de nouveaux professionnels : les pair-aidants. Les chefs de file de la politique du « logement d’abord » distillent dans les pratiques et dispositifs expérimentaux qui voient le jour, le principe de la personne concernée au cœur de son accompagnement. Expertise, pair-aidance, partenariat, médiation de santé paire, de quoi parle-t-on ? Désigne-t-on le même sujet selon le secteur d’intervention (social / sanitaire) ? Comment le savoir expérientiel traverse-t-il les frontières, du champ sanitaire à l’intervention sociale ? Que nous dit la recherche sur ces sujets ?

Comment une organisation transversale, telle que le Réseau, peut-elle s’inspirer / agréger ces différents modèles pour développer, à sa propre échelle, une place pour les personnes concernées dans son organisation, dans le traitement des enjeux de l’accès aux soins et à la santé pour le public qui en est éloigné ?

Pour investir ces différentes questions, nous nous appuierons lors de cette journée d’études sur des communications orales."""  # noqa: E501

LILLE_THEMES = [
    "Inclusion de la pair-aidance / savoir expérientiel dans un service d’accompagnement "
    "social, médico-social ou sanitaire.",
    "Inclusion de la représentation d’usagers au sein de la gouvernance d’un établissement "
    "social, sanitaire ou médico-social.",
    "Formation/professionnalisation du travailleur pair / médiateur santé ou représentant "
    "d’usager.",
]
CONTRIBUTION_KINDS = [
    "Travaux de recherche",
    "Actions concrètes",
    "Approches / pratiques innovantes",
]

WEBINAR_DESCRIPTION = """La participation des habitants, les acteurs de la politique de la ville ont l'habitude de la pratiquer pour l'élaboration et le suivi des contrats de ville. Mais la participation c'est aussi un principe inhérent au développement social urbain en ce qu'elle porte une visée d'émancipation individuelle, collective et territoriale.

Dans le champ de la santé, la participation se décline en différents concepts, revêtant tour à tour les termes de démocratie sanitaire, de démocratie participative en santé, ou encore d'engagement des usagers des services et établissements médico-sociaux et sanitaires. La Haute autorité de santé la définit comme « toute forme d'action, individuelle ou collective, au bénéfice de leur santé, leur bien-être ou leur qualité de vie, ou de ceux de leurs pairs ».

Ce qui est particulièrement frappant, c'est la résonance que la participation trouve dans la notion de promotion de la santé qui est, selon la charte d'Ottawa, un « processus qui confère aux populations les moyens d'assurer un plus grand contrôle sur leur propre santé, et d'améliorer celle-ci ».

Le Collectif santé, réseau régional des coordinatrices et coordonnateurs des ASV, CLS et CLSM, aborde régulièrement le sujet de la participation, que ce soit sous l'angle de la santé communautaire ; pour échanger autour de l'avènement des tiers-lieux dans le domaine de la santé ; ou à l'occasion de mises en lumière d'actions de promotion de la santé.

Cette rencontre a été l'occasion de découvrir et d'échanger sur :

- les pratiques participatives des professionnels du soin exerçant en quartiers populaires,
- une méthode expérimentale de la politique de la ville : Quartiers à impact collectif (QIC),
- toute autre méthode ou démarche favorisant la participation en santé des habitants des quartiers populaires."""  # noqa: E501

WEBINAR_SLOTS: list[dict[str, Any]] = [
    {
        "title": "Pratiques participatives dans les maisons de santé pluriprofessionnelles en "
        "quartiers de la politique de la ville : retour sur une expérimentation nommée IMPACT",
        "kind": ProgrammeSlot.Kind.CONFERENCE,
        "description": "Qu'est-ce qui anime les professionnels du soin dans la mise en place de "
        "pratiques participatives ? Quelles sont les attentes et motivations des patients sur "
        "le sujet de la participation ? C'est ce qu'aborderont les intervenants après avoir "
        "donné des éléments de définition et présenter des pratiques participatives "
        "expérimentées dans maisons et pôles de santé. La troisième partie de la conférence "
        "s'attardera sur les effets des expérimentations et mettra l'accent sur les conditions "
        "facilitantes et les recommandations pour surmonter biais et difficultés ainsi que sur "
        "les ressources disponibles telles que les démarches d'accompagnement à "
        "l'implémentation de pratiques participatives.",
        "speakers": [
            (
                "Julie Cachard",
                "Pôle Santé Chambéry",
                "docteure en santé publique, directrice du Pôle Santé Chambéry",
            ),
            ("Pablo Vieira", "Pôle Santé Chambéry", "coordinateur au Pôle Santé Chambéry"),
        ],
    },
    {
        "title": "QIC, une autre façon de coopérer pour qu'en 2028 tous les jeunes des quartiers "
        "Sud-Est soient en bonne santé physique et mentale",
        "kind": ProgrammeSlot.Kind.EXPERIENCE,
        "description": "Qu'est-ce que Quartiers à impact collectif et comment cette démarche "
        "prend-elle forme dans le QPV stéphanois Quartiers Sud-Est, en particulier sur le sujet "
        "de la santé des jeunes ?\n\nQuelles étapes ont déjà été franchies ? Quels effets ont "
        "été produits et quelle est la suite ?",
        "speakers": [
            ("Manon Navaron", "Ville de Saint-Étienne", "cheffe de projet politique de la ville"),
        ],
    },
]


DEMO_CRITERIA = [
    "Lien avec les thématiques de l'appel",
    "Place donnée aux personnes concernées",
    "Clarté de la proposition",
]


def _call(event: Event, **fields: Any) -> CallForPapers:
    themes = fields.pop("themes")
    call, _ = CallForPapers.objects.update_or_create(event=event, defaults=fields)
    call.themes.all().delete()
    call.contribution_kinds.all().delete()
    for position, title in enumerate(themes):
        call.themes.create(title=title, position=position)
    for position, name in enumerate(CONTRIBUTION_KINDS):
        call.contribution_kinds.create(name=name, position=position)
    return call


@transaction.atomic
def load() -> dict[str, int]:
    lille, _ = Event.objects.update_or_create(
        slug="journee-etudes-20-ans-reseau-sante-solidarite-lille-metropole",
        defaults={
            "title": "Journée d'études des 20 ans du Réseau Santé Solidarité Lille Métropole",
            "kind": Event.Kind.STUDY_DAY,
            "location": "Lille",
            "organiser": "Réseau Santé Solidarité Lille Métropole",
            "audience": "Membres, partenaires, acteurs du territoire de l’arrondissement de Lille "
            "et tout acteur concerné par l’accès aux soins et les parcours de santé des "
            "personnes en situation de grande précarité",
            "summary": "La place de l’usager dans un écosystème « réseau ».",
        },
    )
    _call(
        lille,
        text=LILLE_TEXT,
        opens_at=datetime.datetime(2025, 1, 1, tzinfo=PARIS),
        closes_at=end_of_day(datetime.date(2025, 3, 16)),
        contact_email="coordination@sante-solidarite.org",
        themes=LILLE_THEMES,
    )
    webinar, _ = Event.objects.update_or_create(
        slug="participation-en-sante-3-avril-2025",
        defaults={
            "title": "Participation en santé",
            "kind": Event.Kind.WEBINAR,
            "starts_at": datetime.datetime(2025, 4, 3, 14, 0, tzinfo=PARIS),
            "ends_at": datetime.datetime(2025, 4, 3, 16, 0, tzinfo=PARIS),
            "online": True,
            "organiser": "Collectif santé, réseau régional des coordinatrices et coordonnateurs "
            "des ASV, CLS et CLSM",
            "audience": "Membres du Collectif santé ; rencontre ouverte aux professionnels de la "
            "politique de la ville et de la participation citoyenne",
            "summary": "Cette rencontre du Collectif santé organisée pour les membres de ce "
            "réseau régional, était ouverte aux professionnels de la politique de la ville et de "
            "la participation citoyenne.",
            "description": WEBINAR_DESCRIPTION,
            "replay_note": "Le replay de cette visioconférence est proposé au bas de la page "
            "de la rencontre du Collectif santé.",
        },
    )
    webinar.slots.all().delete()
    for position, data in enumerate(WEBINAR_SLOTS):
        slot = ProgrammeSlot.objects.create(
            event=webinar,
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            position=position,
        )
        SlotSpeaker.objects.bulk_create(
            SlotSpeaker(slot=slot, name=name, affiliation=affiliation, role=role, position=index)
            for index, (name, affiliation, role) in enumerate(data["speakers"])
        )
    today = timezone.localdate()
    demo, _ = Event.objects.update_or_create(
        slug="demonstration-journee-etudes",
        defaults={
            "title": "Journée d'études de démonstration : la place des personnes concernées",
            "kind": Event.Kind.STUDY_DAY,
            "starts_at": datetime.datetime.combine(
                today + datetime.timedelta(days=120), datetime.time(9, 30), tzinfo=PARIS
            ),
            "ends_at": datetime.datetime.combine(
                today + datetime.timedelta(days=120), datetime.time(17, 0), tzinfo=PARIS
            ),
            "location": "Lille",
            "organiser": "Réseau participatif en santé (démonstration)",
            "summary": "Un événement de démonstration, pour essayer l'appel à communications "
            "de bout en bout. Son appel reprend celui de la journée d'études de Lille.",
            "registration_open": True,
            "capacity": 80,
        },
    )
    demo_call = _call(
        demo,
        text="**Appel de démonstration.** " + LILLE_TEXT,
        opens_at=datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=PARIS),
        closes_at=end_of_day(today + datetime.timedelta(days=60)),
        review_deadline=end_of_day(today + datetime.timedelta(days=75)),
        confirmation_deadline=end_of_day(today + datetime.timedelta(days=95)),
        contact_email="coordination@reseau.example",
        themes=LILLE_THEMES,
    )
    # Demonstration criteria: the seed's call names none.
    demo_call.criteria.all().delete()
    for position, name in enumerate(DEMO_CRITERIA):
        demo_call.criteria.create(name=name, position=position)
    return {"events": 3, "calls for papers": 2, "programme slots": len(WEBINAR_SLOTS)}
