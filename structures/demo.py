"""Demo content of the structures app, from seed ``003_…`` (press dossier of February 2025).

The seed says twenty-six structures take part in SECPa and names twenty: those twenty are
loaded, with their cities, and the twenty structures supporting the dossier with their
département. A structure's missions are those its press references illustrate. Loading is
idempotent: rows are matched on their slug (or title and mission) and updated in place.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from structures.models import DossierSection, Mission, PressDossier, PressReference, Structure
from structures.services import place_structure

CONTENT = Path(__file__).resolve().parent / "demo_content"
K = Structure.Kind
R = PressReference.Kind
DAY, MONTH, YEAR = (
    PressReference.DatePrecision.DAY,
    PressReference.DatePrecision.MONTH,
    PressReference.DatePrecision.YEAR,
)

MISSIONS = [
    ("accueil-inconditionnel", "Accueil inconditionnel"),
    ("mediation-en-sante", "Médiation en santé (paire ou non)"),
    ("accompagnement-social", "Accompagnement social"),
    ("accompagnement-psychologique", "Accompagnement et soutien psychologique"),
    ("interpretariat", "Interprétariat"),
    ("prevention-promotion-education-sante", "Prévention, promotion et éducation à la santé"),
    ("partenariat-et-maillage-territorial", "Partenariat et maillage territorial"),
    ("demarches-emancipatrices", "Démarches émancipatrices"),
]

# (name, city, département, kind)
SECPA_STRUCTURES = [
    ("Centre de Santé de l'abej SOLIDARITE", "Lille", "59", K.HEALTH_CENTRE),
    ("Centre de Santé Communautaire du Blosne", "Rennes", "35", K.COMMUNITY_HEALTH_CENTRE),
    ("Village 2 santé", "Échirolles", "38", K.COMMUNITY_HEALTH_CENTRE),
    ("Pôle de Santé Interprofessionnel - PSIP", "Saint-Martin-d'Hères", "38", K.HEALTH_HUB),
    ("Centre de santé Stétho'Scop", "Hennebont", "56", K.HEALTH_CENTRE),
    ("Centre de santé des 3 Cités", "Poitiers", "86", K.HEALTH_CENTRE),
    ("Maison de Santé Pluriprofessionnelle de Pyrénées-Belleville", "Paris", "75", K.MSP),
    ("Avenir Santé Villejean-Beauregard", "Rennes", "35", K.OTHER),
    ("La Case de Santé", "Toulouse", "31", K.COMMUNITY_HEALTH_CENTRE),
    ("Maison de Santé Mathagon", "Paris", "75", K.MSP),
    ("Centre de santé Léon Blum", "Belfort", "90", K.HEALTH_CENTRE),
    ("Santé Commune", "Vaulx-en-Velin", "69", K.COMMUNITY_HEALTH_CENTRE),
    ("Le Château en Santé", "Marseille", "13", K.COMMUNITY_HEALTH_CENTRE),
    ("La Place Santé", "Saint-Denis", "93", K.OTHER),
    ("Human Santé", "Montpellier", "34", K.OTHER),
    ("Maison de Santé Pluriprofessionnelle Universitaire Peyssonnel", "Marseille", "13",
     K.UNIVERSITY_MSP),
    ("Maison de Santé Pluriprofessionnelle Kruysbellaert", "Dunkerque", "59", K.MSP),
    ("Centre de Santé du Diaconat Protestant", "Valence", "26", K.HEALTH_CENTRE),
    ("MSP du Neuhof", "Strasbourg", "67", K.MSP),
    ("La Fabrique de santé", "Aubervilliers", "93", K.OTHER),
]  # fmt: skip

SUPPORTERS = [
    ("Maison Urbaine de l'Ill", "Strasbourg", "67", K.OTHER),
    ("MSP Bellevue", "Nantes", "44", K.MSP),
    ("Santé Communautaire Pays Basque", "Bayonne", "64", K.OTHER),
    ("Maison Olympe", "Angers", "49", K.OTHER),
    ("MSP Allymes", "Plaine de l'Ain", "01", K.MSP),
    ("AGESCA", "Grenoble", "38", K.OTHER),
    ("MSP Val de Cèze", "Bessèges", "30", K.MSP),
    ("MSP Le chêne et le roseau", "Nantes", "44", K.MSP),
    ("Le jardin centre de santé communautaire et planétaire", "Bron", "69",
     K.COMMUNITY_HEALTH_CENTRE),
    ("Collectif Faire Soin", "Nantes", "44", K.OTHER),
    ("Association de santé communautaire ariégeoise", "Foix", "09", K.OTHER),
    ("Rond-Point Santé", "Chambéry", "73", K.OTHER),
    ("MaRePoSa (Maison de Ressources Populaires en Santé)", "Marseille", "13", K.OTHER),
    ("La SaGA - Marseille", "Marseille", "13", K.OTHER),
    ("L'Île Aux Santés", "Strasbourg", "67", K.OTHER),
    ("Projet centre de santé communautaire 05", "Buëch", "05", K.OTHER),
    ("Collectif de Clermont Ferrand", "Clermont Ferrand", "63", K.OTHER),
    ("La Courée de santé", "Lille", "59", K.OTHER),
    ("MSP Lille-Moulins", "Lille", "59", K.MSP),
    ("Association Santé Commune Aux Terres", "La Brillanne", "04", K.OTHER),
]  # fmt: skip

V2S = "Village 2 santé"
PB = "Maison de Santé Pluriprofessionnelle de Pyrénées-Belleville"
CASE = "La Case de Santé"
BLUM = "Centre de santé Léon Blum"
CHATEAU = "Le Château en Santé"
KRUYS = "Maison de Santé Pluriprofessionnelle Kruysbellaert"
STETHO = "Centre de santé Stétho'Scop"
PLACE = "La Place Santé"
COMMUNE = "Santé Commune"
BOOK = "La santé communautaire : une autre politique du soin"

# (title, authors, outlet, kind, date, precision, details, structures, mission slug or None)
REFERENCES: list[tuple[Any, ...]] = [
    ("Un autre soin est possible", "", "Les dessous de la santé", R.DOCUMENTARY,
     (2020, 1, 1), YEAR, "", [V2S], None),
    ("« Santé Commune » à Vaulx-en-Velin, Un centre de santé « participatif » pour faire "
     "tomber les barrières", "", "Le généraliste", R.ARTICLE, (2021, 10, 25), DAY, "n°2962",
     [COMMUNE], None),
    ("Bâtissons des futurs solidaires, épisode 73 : Guillaume Guthleben", "",
     "Institut Montparnasse", R.PODCAST, None, DAY, "", [BLUM], None),
    ("La santé communautaire dans les soins primaires : L'expérience de la MSP Pyrénées "
     "Belleville", "Mathieu Bonnet et Dora Levy", "Les jeudis de la santé, Paris santé",
     R.CONFERENCE, (2024, 11, 21), DAY, "", [PB], None),
    ("Dans ce centre autogéré, on soigne maladies et inégalités",
     "Emmanuel Daniel et Alain Pitton", "Reporterre", R.ARTICLE, (2023, 5, 13), DAY, "",
     [CASE], None),
    ("En Isère, un centre de santé autogéré et populaire repense le soin", "Martha Gilson",
     "Reporterre", R.ARTICLE, (2020, 2, 4), DAY, "", [V2S], "accueil-inconditionnel"),
    (BOOK, "Claire Richard et Louise Drul", "édition 369 manuels", R.BOOK, (2023, 8, 1), MONTH,
     "extrait", [V2S], "accueil-inconditionnel"),
    ("Médiateur en santé : une « boussole » pour les professionnels, la « clé de notre action "
     "collective » estime François Braun", "", "Concours Pluripro", R.ARTICLE, (2022, 10, 25),
     DAY, "", [KRUYS], "mediation-en-sante"),
    ("La médiation en santé – une variété d'expérience permettant aux personnes de recourir "
     "au système de santé", "Élodie Richard et Mathieu Bonnet",
     "Santé Ensemble, lettre d'information de la santé publique en Île-de-France", R.ARTICLE,
     (2024, 8, 27), DAY, "n°87", [PB], "mediation-en-sante"),
    ("Médiation en santé lever les obstacles aux parcours de soin", "Yves Géry",
     "Santé en Action", R.ARTICLE, (2022, 6, 1), MONTH, "n°460, dossier", [CASE],
     "mediation-en-sante"),
    (BOOK, "Claire Richard et Louise Drul", "édition 369 manuels", R.BOOK, (2023, 8, 1), MONTH,
     "extrait", [V2S], "accompagnement-social"),
    ("Besoins en soins psychologiques « On voit des gens s'effondrer... »", "Marine Blanc",
     "Dauphiné Libéré", R.ARTICLE, (2022, 4, 9), DAY, "", [V2S], "accompagnement-psychologique"),
    ("Émergence d'une clinique de l'enfant", "Caroline Huerre et Guillaume Guthleben",
     "Pratiques", R.ARTICLE, (2023, 7, 1), MONTH, "n°102", [BLUM],
     "accompagnement-psychologique"),
    ("Apo Acikyuz, interprète et médiateur en santé", "Sandrine Lana", "Mars Actu", R.ARTICLE,
     (2019, 7, 13), DAY, "", [CHATEAU], "interpretariat"),
    ("L'acoustique des langues", "", "RadiOKLM", R.PODCAST, (2024, 1, 1), YEAR, "", [CHATEAU],
     "interpretariat"),
    ("Penser solutions dans les quartiers urbains populaires, le CESE sur le terrain", "",
     "CESE", R.OTHER, (2024, 11, 18), DAY, "reportage", [PLACE],
     "partenariat-et-maillage-territorial"),
    ("L'économie sociale et solidaire (ESS), une chance pour les territoires fragiles : "
     "Volume 4 : favoriser l'inclusion des personnes vulnérables dans les territoires fragiles "
     "avec les entreprises de l'ESS", "", "Agence Nationale de la Cohésion des Territoires",
     R.MONOGRAPH, (2021, 2, 1), MONTH, "monographie en page 18", ["Centre de santé des 3 Cités"],
     "partenariat-et-maillage-territorial"),
    ("« Je vois la vie qui bouge ! » : En maison de santé, l'art remet les patients en "
     "mouvement", "Géraldine Langlois", "Concours Pluripro", R.ARTICLE, (2023, 1, 31), DAY, "",
     [KRUYS], "prevention-promotion-education-sante"),
    ("Le théâtre vécu pour donner forme à des récits traumatiques", "Ganaële Melis",
     "Le Dauphiné", R.ARTICLE, (2024, 11, 4), DAY, "", ["Pôle de Santé Interprofessionnel - PSIP"],
     "prevention-promotion-education-sante"),
    ("100 écoliers relèvent le défi « 10 jours sans écrans »", "", "Le Télégramme", R.ARTICLE,
     (2023, 6, 26), DAY, "", [STETHO], "prevention-promotion-education-sante"),
    ("« La santé ça vous parle ? » : recueil de la parole des habitant·e·s autour de la santé "
     "(aller vers, santé communautaire)", "", "", R.OTHER, (2022, 10, 1), MONTH, "livret",
     ["MSP du Neuhof"], "prevention-promotion-education-sante"),
    ("« En mettant en commun nos petites mains, on arrive à faire un truc magique »", "",
     "Concours Pluripro", R.ARTICLE, (2022, 6, 1), MONTH, "tome 144, n°16", [COMMUNE],
     "demarches-emancipatrices"),
    ("Devenir médiateur·rice dans un centre de santé communautaire. Portraits de parcours des "
     "médiateur·rice·s pair·e·s de la Case de santé de Toulouse", "", "La documentation "
     "française", R.BOOK, (2021, 1, 1), YEAR, "pages 253 à 273", [CASE],
     "demarches-emancipatrices"),
    ("Santé et mal-logement : Stétho'Scop en campagne", "", "Ouest France", R.ARTICLE,
     (2024, 4, 4), DAY, "", [STETHO], "demarches-emancipatrices"),
    ("Le Mag de la santé", "", "France 5", R.TV, (2025, 1, 5), DAY, "à partir de 28'", [PLACE],
     "demarches-emancipatrices"),
]  # fmt: skip


def _sections(filename: str) -> list[tuple[str, str]]:
    """``## Title`` blocks of a Markdown file of ``demo_content/``."""
    text = (CONTENT / filename).read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)[1:]
    return [
        (title.strip(), body.strip()) for title, body in zip(parts[::2], parts[1::2], strict=True)
    ]


@transaction.atomic
def load() -> dict[str, int]:
    descriptions = dict(_sections("missions.md"))
    missions = {}
    for position, (slug, name) in enumerate(MISSIONS):
        missions[slug], _ = Mission.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": descriptions[slug], "position": position},
        )
    structures: dict[str, Structure] = {}
    for rows, relation, secpa in (
        (SECPA_STRUCTURES, Structure.Relation.MEMBER, True),
        (SUPPORTERS, Structure.Relation.SUPPORTER, False),
    ):
        for name, city, departement, kind in rows:
            structure, created = Structure.objects.update_or_create(
                slug=slugify(name)[:200],
                defaults={
                    "name": name,
                    "city": city,
                    "departement": departement,
                    "kind": kind,
                    "relation": relation,
                    "secpa": secpa,
                    "published": True,
                },
            )
            if created or not structure.placed:
                place_structure(structure)
            structures[name] = structure
    linked: dict[str, set[Mission]] = {}
    for position, row in enumerate(REFERENCES):
        title, authors, outlet, kind, date, precision, details, names, mission_slug = row
        mission = missions[mission_slug] if mission_slug else None
        reference, _ = PressReference.objects.update_or_create(
            title=title,
            mission=mission,
            defaults={
                "authors": authors,
                "outlet": outlet,
                "kind": kind,
                "published_on": datetime.date(*date) if date else None,
                "date_precision": precision,
                "details": details,
                "position": position,
            },
        )
        reference.structures.set([structures[name] for name in names])
        for name in names:
            if mission:
                linked.setdefault(name, set()).add(mission)
    for name, mission_set in linked.items():
        structures[name].missions.set(mission_set)
    dossier, _ = PressDossier.objects.update_or_create(
        edition=datetime.date(2025, 2, 1),
        defaults={
            "title": "Structures d'exercice coordonné participatives",
            "subtitle": "Dossier de presse",
            "published": True,
        },
    )
    dossier.sections.all().delete()
    DossierSection.objects.bulk_create(
        DossierSection(dossier=dossier, title=title, body=body, position=position)
        for position, (title, body) in enumerate(_sections("dossier-2025-02.md"))
    )
    return {
        "missions": len(missions),
        "structures": len(structures),
        "press references": len(REFERENCES),
        "dossier sections": dossier.sections.count(),
    }
