"""The pages the site owes from its first day, with the network's default text, and the
coordinators' permissions on them. Coordinators rewrite them in the admin."""

from typing import Any

from django.db import migrations

from network.permissions import ALL, COORDINATORS, grant

LEGAL_NOTICE = """\
## Éditeur du site

Ce site est édité par le **Réseau participatif en santé**, réseau de structures de santé \
et de personnes qu'elles accompagnent (centres de santé, maisons de santé \
pluriprofessionnelles, centres de santé communautaires de l'expérimentation SECPa, \
patients partenaires, pairs-aidants, représentants des usagers).

Pour écrire à l'équipe de coordination du réseau : [formulaire de contact](/contact/).

## Directeur ou directrice de la publication

La personne qui coordonne le réseau, joignable par le [formulaire de contact](/contact/).

## Hébergement

Le site est hébergé en France, sur des serveurs situés dans l'Union européenne. Le nom et \
l'adresse de l'hébergeur sont communiqués sur simple demande par le \
[formulaire de contact](/contact/).

## Contenus et réutilisation

Les textes du site sont écrits par la coordination du réseau et par les personnes qui \
partagent leur expérience, avec leur accord. Les définitions du glossaire citent chacune \
leur source (Haute Autorité de santé, textes de loi, travaux du réseau) : leur \
réutilisation suit les conditions de ces sources.

Le glossaire est publié en données ouvertes (JSON-LD) ; les données de l'annuaire des \
structures ne contiennent que des informations publiques sur des organisations, aucune \
donnée personnelle.

## Crédits

- Cartes : © les contributeurs d'[OpenStreetMap](https://www.openstreetmap.org/copyright), \
affichées avec [Leaflet](https://leafletjs.com/).
- Coordonnées des communes : [GeoNames](https://www.geonames.org/) (licence CC BY 4.0).

## Données personnelles et accessibilité

Voir la [politique de confidentialité](/confidentialite/) et la \
[déclaration d'accessibilité](/accessibilite/).
"""

PRIVACY = """\
Cette page dit quelles données personnelles la plateforme garde, pourquoi, combien de \
temps, et comment exercer vos droits. Le responsable du traitement est le Réseau \
participatif en santé ; pour toute question ou demande, écrivez-nous par le \
[formulaire de contact](/contact/).

La plateforme ne demande **aucune donnée de santé**. Elle n'utilise ni outil de mesure \
d'audience, ni publicité, ni cookie d'un tiers.

## Les comptes (oratrices et orateurs, relecteurs, groupe de travail, coordination)

- **Données** : adresse e-mail (qui sert d'identifiant), mot de passe (seulement sous \
forme chiffrée, jamais en clair), nom et prénom s'ils sont donnés, point de vue (savoir \
expérientiel ou professionnel, pour les relectures en binôme et la parité du groupe de \
travail), groupes (relecteurs, groupe de travail, coordination), date de création et de \
dernière connexion, adresses e-mail confirmées.
- **Pourquoi** : vous permettre de proposer une intervention, de relire, de participer \
au groupe de travail ou de coordonner le réseau.
- **Base légale** : l'exécution de la démarche que vous avez demandée en créant un compte.
- **Combien de temps** : tant que le compte existe. La plateforme ne supprime pas les \
comptes d'elle-même : demandez la suppression du vôtre par le \
[formulaire de contact](/contact/), elle est faite sous un mois.

## Les propositions d'intervention (appels à communication)

- **Données** : titre, résumé, note aux organisateurs et document PDF joint ; pour \
chaque intervenant ou intervenante : nom, adresse e-mail, structure, fonction ; état de \
la proposition et ses dates (envoi, décision, confirmation).
- **Les relectures** : qui relit (anonyme pour l'oratrice ou l'orateur, sauf si l'appel \
le prévoit), notes et commentaires.
- **Qui les voit** : la coordination et les relecteurs désignés ; le programme publié \
montre le nom, la structure et la fonction des intervenants retenus.
- **Combien de temps** : la plateforme les garde avec l'archive de l'événement, sans \
les effacer d'elle-même ; une proposition retirée par son auteur reste notée comme \
retirée. Demandez leur effacement par le [formulaire de contact](/contact/).

## Les inscriptions aux événements

- **Données** : nom, adresse e-mail, structure, fonction ou qualité, besoins \
d'accessibilité que vous avez choisi d'indiquer (aucun n'est obligatoire ; ne les \
décrivez pas par un diagnostic), état de l'inscription (inscrit, liste d'attente, \
annulée), date.
- **Pourquoi** : organiser l'événement, vous prévenir la veille, vous faire passer de la \
liste d'attente à une place libérée.
- **Combien de temps** : la plateforme les garde avec l'archive de l'événement, sans \
les effacer d'elle-même ; une inscription annulée (par le lien reçu par courriel) reste \
notée comme annulée. Demandez leur effacement par le [formulaire de contact](/contact/).

## Les retours d'expérience (questionnaires, sans compte)

- **Données** : nom, adresse e-mail, téléphone, organisation et son type, votre rôle, \
la description de la démarche (contextes, secteurs, territoire, période, niveau de \
participation, ce qui a été fait et changé, difficultés, conditions qui ont aidé, liens), \
documents joints, accord pour être recontacté et sa date, version de la notice \
d'information en vigueur ; les avis du groupe de travail sur la réponse.
- **Pourquoi** : la finalité et la base légale sont celles de la notice d'information de \
chaque campagne, affichée avant le questionnaire ; une version nouvelle de la notice \
est signalée.
- **Combien de temps** : jusqu'à la fin de la durée de conservation de la campagne, \
comptée à partir de sa clôture (12 mois, sauf durée différente indiquée dans sa \
notice). Chaque nuit, la plateforme efface les réponses arrivées à cette échéance, avec \
leurs documents joints, les avis du groupe de travail, les relances et les courriels \
qui les concernent ; un courriel vous prévient 30 jours avant. Vous pouvez aussi tout \
effacer à tout moment par votre lien personnel : l'effacement est immédiat.
- **Ce qui reste** : le résumé d'une expérience publiée, écrit sans donnée personnelle, \
et un journal des effacements qui note la référence de la réponse, la date et le motif, \
sans aucune des données effacées.
- **Vos données, à emporter** : votre lien personnel permet de télécharger toutes vos \
réponses (fichier JSON).

## Le formulaire de contact

- **Données** : nom, adresse e-mail, objet et message.
- **Pourquoi** : vous répondre. Le message est transmis par courriel à la coordination.
- **Combien de temps** : le courriel transmis est gardé dans le journal des envois \
(voir ci-dessous). Pour limiter les abus, la plateforme compte les messages envoyés \
depuis une même connexion et une même adresse pendant une heure ; ces compteurs ne \
gardent ni l'adresse IP ni l'adresse e-mail en clair (seulement une empreinte) et \
disparaissent au bout d'une heure.

## Les courriels envoyés

- **Données** : pour chaque courriel envoyé par la plateforme (accusés de réception, \
relances, décisions, liens personnels, messages de contact) : destinataire, objet, \
texte, état et dates d'envoi ; pour chaque relance, son type, son destinataire et \
l'échéance qui l'a motivée (pour ne jamais l'envoyer deux fois).
- **Combien de temps** : ceux qui concernent un retour d'expérience sont effacés avec \
lui ; les autres sont gardés comme preuve des envois, sans effacement automatique.

## Connexion et cookies

Le site dépose seulement les cookies nécessaires à son fonctionnement : la session (si \
vous vous connectez) et la protection des formulaires contre la falsification (CSRF). \
Ils ne servent à aucun suivi et ne demandent donc pas de consentement. Les journaux \
techniques du serveur (adresse IP, page demandée, date) servent à la sécurité du site.

Les cartes de l'annuaire chargent leurs fonds depuis les serveurs d'OpenStreetMap, qui \
reçoivent à cette occasion votre adresse IP ; la liste des structures, sous la carte, \
donne les mêmes informations sans elle.

## Vos droits

Vous pouvez accéder à vos données, les faire rectifier ou effacer, en limiter le \
traitement, vous y opposer et les recevoir dans un format réutilisable : écrivez-nous \
par le [formulaire de contact](/contact/). Nous répondons sous un mois. Si vous estimez \
que vos droits ne sont pas respectés, vous pouvez saisir la \
[CNIL](https://www.cnil.fr/fr/plaintes).
"""

ACCESSIBILITY = """\
Le Réseau participatif en santé s'engage à rendre son site accessible conformément à \
l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique à ce \
site, en français et en anglais.

## État de conformité

Le site n'a pas encore fait l'objet d'un audit complet du référentiel général \
d'amélioration de l'accessibilité (RGAA 4.1). En l'absence de cet audit, il est \
**non conforme** au sens du RGAA ; les tests décrits ci-dessous montrent que ses pages \
publiques respectent les critères que des outils automatiques peuvent vérifier.

## Comment l'accessibilité est mesurée

À chaque modification du site, une suite de tests automatiques ouvre dans un vrai \
navigateur (Chromium) chaque page publique, en français et en anglais, et la fait \
vérifier par [axe-core](https://github.com/dequelabs/axe-core) selon les critères WCAG \
2.1 de niveaux A et AA : une seule erreur fait échouer la suite. Elle vérifie aussi les \
pages réservées aux oratrices, orateurs et relecteurs, les cartes une fois dessinées, \
l'absence de défilement horizontal sur un écran de 320 pixels de large et le lien \
d'évitement vers le contenu.

Ces outils ne détectent qu'une partie des obstacles : la pertinence des textes \
alternatifs, l'ordre de lecture ou la compréhension des contenus demandent une \
vérification humaine, qui reste à faire.

## Contenus non accessibles

### Non-conformités connues

- Le dossier de presse en PDF n'est pas encore balisé pour les lecteurs d'écran ; son \
contenu est lisible sur les pages du site (annuaire des structures, références presse).
- Après l'envoi d'un questionnaire incomplet, le résumé des erreurs ne prend pas encore \
le focus et ne mène pas aux champs à corriger.
- Dans la version anglaise, le contenu du glossaire et des pages d'information reste en \
français (sa langue est indiquée aux technologies d'assistance).

### Dérogations pour charge disproportionnée

Aucune.

### Contenus non soumis à l'obligation d'accessibilité

- Les cartes interactives de l'annuaire : la liste des structures affichée avec chaque \
carte donne les mêmes informations (nom, commune, missions).
- Les documents joints par des tiers (documents d'appels à communication, pièces jointes \
des propositions et des retours d'expérience).

## Établissement de cette déclaration

Cette déclaration a été établie lors de la mise en ligne de cette page et est mise à \
jour à chaque évolution du site.

- **Technologies utilisées** : HTML5, CSS, WAI-ARIA ; JavaScript seulement pour des \
améliorations (cartes, enregistrement automatique des brouillons) : toutes les pages \
fonctionnent sans.
- **Environnement de test** : Chromium (Debian) piloté par Playwright, avec axe-core.
- **Pages vérifiées** : toutes les pages publiques du site, dont l'accueil, le glossaire, \
l'annuaire des structures, les événements, les appels à communication, les inscriptions, \
les retours d'expérience, la connexion et la création de compte.

## Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous par le \
[formulaire de contact](/contact/) : nous vous indiquerons une autre façon d'y accéder \
ou vous transmettrons le contenu sous une autre forme.

## Voies de recours

Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un \
contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous \
pouvez saisir le Défenseur des droits :

- par le [formulaire en ligne](https://formulaire.defenseurdesdroits.fr/) ;
- en contactant [un délégué ou une déléguée du Défenseur des droits](https://www.defenseurdesdroits.fr/carte-des-delegues) \
dans votre région ;
- par courrier, gratuitement, sans timbre : Défenseur des droits, Libre réponse 71120, \
75342 Paris CEDEX 07.
"""

CONTACT = """\
Une question sur le réseau, ses événements, ses retours d'expérience ou vos données \
personnelles ? Un contenu du site qui ne vous est pas accessible ? Écrivez à l'équipe \
de coordination : elle vous répond par courriel, en général sous une semaine.

Journalistes : le [dossier de presse](/structures/dossier-de-presse/) donne le contact \
presse du réseau.
"""

SITE_MAP = """\
Toutes les rubriques du site et ses pages d'information.
"""

PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "Qui édite le site, qui l'héberge, crédits.",
        LEGAL_NOTICE,
    ),
    (
        "confidentialite",
        "Politique de confidentialité",
        "Les données personnelles que garde la plateforme, combien de temps, et vos droits.",
        PRIVACY,
    ),
    (
        "accessibilite",
        "Déclaration d'accessibilité",
        "L'état d'accessibilité du site, ce qui n'est pas encore conforme et les recours.",
        ACCESSIBILITY,
    ),
    ("contact", "Contact", "Écrire à l'équipe de coordination du réseau.", CONTACT),
    ("plan-du-site", "Plan du site", "Toutes les rubriques et pages du site.", SITE_MAP),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Page = apps.get_model("pages", "Page")
    for slug, title, summary, body in PAGES:
        Page.objects.get_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "body": body}
        )
    apps.get_model("pages", "SiteIdentity").objects.get_or_create(pk=1)
    grant(apps, COORDINATORS, "pages", "page", ALL)
    grant(apps, COORDINATORS, "pages", "siteidentity", ("view", "change"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("network", "0006_outgoingmail_about_retry_from"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
