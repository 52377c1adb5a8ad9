"""The verb dictionary: which CAMEO code a verb or event noun stands for, given the words it governs.

The table is `data/verbs.toml` (its header documents the rule syntax). `VerbDictionary.code`
picks, among a lemma's rules whose cues all match, the one with the most cues; a lemma
without a matching rule codes nothing. `light` verbs ("staged a rally", "issued an ultimatum")
take the code of their object noun (`VerbDictionary.object_code`).
"""
from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from wirewatch.extract.cameo import event_code


class VerbDictionaryError(ValueError):
    """A rule in a verb dictionary that cannot be read (the file and entry are named)."""


@dataclass(frozen=True)
class VerbRule:
    code: str
    cues: tuple[frozenset[str], ...]

    def matches(self, words: Collection[str]) -> bool:
        return all(not cue.isdisjoint(words) for cue in self.cues)


def parse_rule(text: str, where: str) -> VerbRule:
    """A rule "CODE cue|cue cue": the code must be a known CAMEO code."""
    parts = text.split()
    if not parts:
        raise VerbDictionaryError(f"{where}: empty rule")
    code = parts[0]
    try:
        event_code(code)
    except Exception as exc:  # noqa: BLE001 - any unknown code is reported with its place
        raise VerbDictionaryError(f"{where}: {exc}") from exc
    cues = tuple(frozenset(w.casefold() for w in part.split("|") if w) for part in parts[1:])
    if any(not cue for cue in cues):
        raise VerbDictionaryError(f"{where}: empty cue in {text!r}")
    return VerbRule(code, cues)


# The cue word the coder adds for a verb that takes a clause ("protested that...").
CLAUSE_CUE = "@clause"


@dataclass(frozen=True)
class VerbDictionary:
    verbs: dict[str, tuple[VerbRule, ...]]
    nouns: dict[str, tuple[VerbRule, ...]]
    objects: dict[str, tuple[VerbRule, ...]] = field(default_factory=dict)
    light: frozenset[str] = frozenset()
    non_agents: frozenset[str] = frozenset()

    @staticmethod
    def from_toml(text: str, name: str = "verbs.toml") -> "VerbDictionary":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise VerbDictionaryError(f"{name}: {exc}") from exc
        tables = {}
        for section in ("verbs", "nouns", "objects"):
            rules: dict[str, tuple[VerbRule, ...]] = {}
            for lemma, entries in (data.get(section) or {}).items():
                if not isinstance(entries, list):
                    raise VerbDictionaryError(f"{name}: [{section}] {lemma}: expected a list of rules")
                parsed = [parse_rule(str(e), f"{name}: [{section}] {lemma}") for e in entries]
                # Most cues first; the sort is stable, so file order breaks ties.
                rules[lemma.casefold()] = tuple(sorted(parsed, key=lambda r: -len(r.cues)))
            tables[section] = rules
        lists = {}
        for key in ("light", "non_agents"):
            values = data.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise VerbDictionaryError(f"{name}: {key}: expected a list of lemmas")
            lists[key] = frozenset(v.casefold() for v in values)
        return VerbDictionary(tables["verbs"], tables["nouns"], tables["objects"], lists["light"], lists["non_agents"])

    @staticmethod
    def from_file(path: Path) -> "VerbDictionary":
        return VerbDictionary.from_toml(Path(path).read_text(encoding="utf-8"), str(path))

    def code(self, lemma: str, governed: Collection[str], noun: bool = False) -> str | None:
        """The CAMEO code of `lemma` given the lemmas it governs, or None."""
        for rule in (self.nouns if noun else self.verbs).get(lemma.casefold(), ()):
            if rule.matches(governed):
                return rule.code
        return None

    def known_lemma(self, lemma: str, word: str) -> str:
        """`lemma`, or where the tagger's lemma is unknown ("staged" → "stag") the first known
        form of the inflected `word` with its ending taken off ("stage")."""
        lemma, word = lemma.casefold(), word.casefold()
        if lemma in self.verbs or lemma in self.light:
            return lemma
        stems = [word]
        for ending, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
                             ("ing", "e"), ("es", ""), ("s", "")):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stems.append(word[: -len(ending)] + repl)
        return next((s for s in stems if s in self.verbs or s in self.light), lemma)

    def is_light(self, lemma: str) -> bool:
        return lemma.casefold() in self.light

    def object_code(self, lemma: str, governed: Collection[str]) -> str | None:
        """The code of a noun as the object of a light verb: [nouns], then [objects]."""
        found = self.code(lemma, governed, noun=True)
        if found is None:
            for rule in self.objects.get(lemma.casefold(), ()):
                if rule.matches(governed):
                    return rule.code
        return found


@lru_cache(maxsize=1)
def verb_dictionary() -> VerbDictionary:
    """The shipped dictionary, loaded once."""
    text = resources.files("wirewatch.data").joinpath("verbs.toml").read_text(encoding="utf-8")
    return VerbDictionary.from_toml(text)
