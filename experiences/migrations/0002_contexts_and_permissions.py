"""The HAS call's contexts (seed 004) and what the coordinators may do."""

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant

# (code, short name for filters, the call's own words)
CONTEXTS = [
    (
        "communes-quartiers",
        "Communes et quartiers",
        "Au sein des communes et des quartiers (par exemple : ateliers Santé Ville, etc.)",
    ),
    (
        "accompagnement-social-medico-social",
        "Lieu d’accompagnement social ou médico-social",
        "Au sein d’un lieu d’accompagnement social ou médico-social des personnes",
    ),
    (
        "lieu-de-soins",
        "Lieu de soins",
        "Au sein d’un lieu de soins (à domicile, en cabinet de consultations, centres ou "
        "réseaux de santé, maisons de santé pluriprofessionnelles, services et établissements)",
    ),
    (
        "qualite-securite",
        "Service qualité et sécurité",
        "Au sein d’un service ou d’une direction en charge des démarches d’amélioration de la "
        "qualité et de la sécurité des soins et accompagnements",
    ),
    (
        "enseignement-formation",
        "Enseignement et formation",
        "Au sein de structures d’enseignement ou de formation des étudiants et professionnels "
        "de santé et du secteur social et médico-social",
    ),
    (
        "recherche-evaluation",
        "Recherche et évaluation",
        "Au sein des structures ayant des missions de recherche ou d’évaluation en santé",
    ),
    (
        "groupes-patients-pair-aidance",
        "Groupes de patients, entraide, pair-aidance",
        "Au sein de groupes de patients ou de personnes accompagnées, notamment à visée "
        "communautaire, d’auto-support, d’entraide mutuelle, de pair-aidance",
    ),
    (
        "reseaux-sociaux-numerique",
        "Réseaux sociaux et services numériques",
        "Sur les réseaux sociaux (blog, sites d’information, sites participatifs, services "
        "numériques, etc.)",
    ),
]


def forwards(apps, schema_editor):
    Context = apps.get_model("experiences", "Context")
    for position, (code, name, examples) in enumerate(CONTEXTS):
        Context.objects.update_or_create(
            code=code, defaults={"name": name, "examples": examples, "position": position}
        )
    for model in ("campaign", "privacynotice", "publishedexperience"):
        grant(apps, COORDINATORS, "experiences", model, ALL)
    grant(apps, COORDINATORS, "experiences", "context", ("view", "change"))
    grant(apps, COORDINATORS, "experiences", "response", ("view", "change", "export"))
    grant(apps, COORDINATORS, "experiences", "publishedexperience", ("publish",))
    for model in ("assessment", "responseattachment", "erasurelog"):
        grant(apps, COORDINATORS, "experiences", model, ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("experiences", "0001_initial"),
        ("network", "0005_user_perspective"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
