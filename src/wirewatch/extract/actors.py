"""Resolve a mention (a person, organisation, place or adjective) to a CAMEO-style actor.

The actor table is `data/actors.toml` plus every country pycountry knows. A mention is
resolved, in this order, by
1. a fixed entry: a person by office ("Kim Jong Un" → PRKGOV) or an organisation ("KCNA" → PRKMED);
2. a country name or short form ("North Korea", "U.S.") → the country (PRK);
   a capital standing for its government ("Pyongyang") → PRKGOV;
3. the words around it: a country adjective and a role word ("North Korean leader X",
   "X, the leader of North Korea", "state media outlet X") → PRKGOV / PRKMED.
A mention nothing resolves gives None, never a default actor.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

# Words of context read on each side of a mention.
CONTEXT_CHARS = 60


@dataclass(frozen=True)
class Actor:
    """code: country (ISO alpha-3, or IGO + organisation) followed by a role, e.g. PRKGOV, IGOUNO, PRK."""

    code: str
    country: str
    role: str | None
    name: str

    @staticmethod
    def from_code(code: str, name: str) -> "Actor":
        country = country_of(code)
        return Actor(code, country, code[len(country):] or None, name)


def country_of(code: str | None) -> str | None:
    """The country part of an actor code: PRKGOV -> PRK, IGOUNOPKO -> IGOUNO (an organisation
    stands as its own country); None for no actor."""
    if not code:
        return None
    return code[:6] if code.startswith("IGO") else code[:3]


def _key(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).casefold().strip(" .,")


@dataclass(frozen=True)
class ActorTable:
    fixed: dict[str, str]          # key → actor code (people, organisations)
    countries: dict[str, str]      # key → ISO3 (names, short forms)
    capitals: dict[str, str]       # key → ISO3
    adjectives: dict[str, str]     # key → ISO3
    roles: dict[str, str]          # role word (lower case) → role code
    valid_on: str

    @cached_property
    def role_pattern(self) -> re.Pattern[str]:
        """Any role word, whole words, longest first."""
        words = sorted(self.roles, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")

    @cached_property
    def country_pattern(self) -> re.Pattern[str]:
        """Any country name or adjective of two characters or more, not inside a word or after a dot."""
        keys = sorted({k for k in (*self.adjectives, *self.countries) if len(k) >= 2}, key=len, reverse=True)
        return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")

    def country_name(self, iso3: str) -> str:
        for key, code in self.countries.items():
            if code == iso3:
                return key.title()
        return iso3


@lru_cache(maxsize=1)
def actor_table() -> ActorTable:
    """The shipped table, loaded once."""
    import pycountry

    data = tomllib.loads(resources.files("wirewatch.data").joinpath("actors.toml").read_text(encoding="utf-8"))
    countries: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                countries.setdefault(_key(name), country.alpha_3)
    for iso3, names in data["country_aliases"].items():
        for name in names:
            countries[_key(name)] = iso3
    fixed = {_key(name): code for section in ("people", "organisations") for name, code in data[section].items()}
    # A person is also found by surname alone once named ("Kim" in the same article is resolved by coreference).
    roles = {word.casefold(): role for role, words in data["roles"].items() for word in words}
    return ActorTable(
        fixed=fixed,
        countries=countries,
        capitals={_key(n): iso3 for iso3, names in data["capitals"].items() for n in names},
        adjectives={_key(n): iso3 for iso3, names in data["adjectives"].items() for n in names},
        roles=roles,
        valid_on=data["valid_on"],
    )


def _role_near(text: str, table: ActorTable) -> str | None:
    """The role word closest to the end of `text` (the longest word among equals)."""
    best: tuple[int, int, str] | None = None
    for match in table.role_pattern.finditer(text.casefold()):
        word = match.group(0)
        candidate = (match.end(), len(word), table.roles[word])
        if best is None or candidate > best:
            best = candidate
    return best[2] if best else None


def _country_near(text: str, table: ActorTable) -> str | None:
    """The last country name or adjective in `text`."""
    last = None
    for match in table.country_pattern.finditer(text.casefold()):
        last = match.group(0)
    if last is None:
        return None
    return table.adjectives.get(last) or table.countries[last]


def resolve_actor(mention: str, before: str = "", after: str = "", table: ActorTable | None = None) -> Actor | None:
    """The actor a mention stands for, using up to CONTEXT_CHARS of text on each side."""
    table = table or actor_table()
    key = _key(mention)
    if not key:
        return None
    if key in table.fixed:
        return Actor.from_code(table.fixed[key], mention.strip())
    if key in table.capitals:
        return Actor(table.capitals[key] + "GOV", table.capitals[key], "GOV", mention.strip())
    if key in table.countries or key in table.adjectives:
        iso3 = table.countries.get(key) or table.adjectives[key]
        role = _role_near(after[:25], table)  # "North Korean leader", "U.S. military"
        return Actor(iso3 + (role or ""), iso3, role, mention.strip())
    before, after = before[-CONTEXT_CHARS:], after[:CONTEXT_CHARS]
    # "North Korean leader Kim", "state media outlet KCNA"
    near_before = before.rsplit(".", 1)[-1]
    role = _role_near(near_before, table)
    country = _country_near(near_before, table)
    if role is None or country is None:
        # "Kim, the leader of North Korea"
        apposition = re.match(r"\s*,\s*(?:the\s+)?([^,.;]{3,60})", after)
        if apposition:
            role = role or _role_near(apposition.group(1), table)
            country = country or _country_near(apposition.group(1), table)
    if country is None:
        return None
    return Actor(country + (role or ""), country, role, mention.strip())
