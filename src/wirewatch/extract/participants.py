"""Who a phrase names: the actors of a subject or object phrase, with in-article coreference.

Given the actor mentions of an article (extract/mentions.py), a phrase headed by a token
names
- the actor whose mention covers its head ("Kim Jong Un", "North Korea"), and those of its
  coordinated heads ("South Korea and the United States" → two actors);
- else the first actor mentioned inside the phrase ("the leader of North Korea");
- else, for a pronoun ("he", "it", "they") or a role noun ("the leader", "the regime",
  "the country"), the most recent fitting actor mentioned before it in the article;
- else the country of a nationality word the actor table lacks ("Hungarian officials",
  "Palestinians"), derived from the country's name, with the role of the head noun.
A phrase that names nobody gives no actor: nothing is guessed from outside the article.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from wirewatch.extract.actors import actor_table
from wirewatch.extract.mentions import ActorMention

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Role nouns standing for an actor named earlier, and the role they prefer.
ROLE_NOUNS = {"leader": "GOV", "president": "GOV", "regime": "GOV", "government": "GOV",
              "administration": "GOV", "premier": "GOV", "minister": "GOV", "ministry": "GOV",
              "country": None, "nation": None, "state": None, "military": "MIL", "army": "MIL"}
# How far back (characters) coreference looks.
LOOKBACK_CHARS = 1500


@dataclass(frozen=True)
class Participant:
    code: str
    name: str


class Participants:
    """Actor lookup over one analysed article."""

    def __init__(self, mentions: Sequence[ActorMention]):
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    def _inside(self, start: int, end: int) -> list[ActorMention]:
        lo = bisect.bisect_left(self._starts, start)
        found = []
        for mention in self.mentions[lo:]:
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(mention)
        return found

    def _covering(self, token) -> ActorMention | None:
        at = token.idx
        i = bisect.bisect_right(self._starts, at) - 1
        if i >= 0 and self.mentions[i].start <= at < self.mentions[i].end:
            return self.mentions[i]
        return None

    def _before(self, position: int, role: str | None = None, person: bool | None = None) -> ActorMention | None:
        i = bisect.bisect_left(self._starts, position) - 1
        while i >= 0 and self.mentions[i].start >= position - LOOKBACK_CHARS:
            mention = self.mentions[i]
            is_person = mention.label == "PERSON"
            if (role is None or mention.actor.role == role) and (person is None or person == is_person):
                return mention
            i -= 1
        return None

    def of_phrase(self, head) -> list[Participant]:
        """The actors a phrase headed by `head` (a spaCy Token) names, in text order."""
        heads = [head] + [t for t in head.children if t.dep_ == "conj"]
        heads += [t for h in heads[1:] for t in h.children if t.dep_ == "conj"]
        found: list[Participant] = []
        for token in heads:
            mention = self._covering(token) or self._refer(token)
            if mention is None:
                # "the leader of North Korea", "Pyongyang's envoy"
                left, right = _phrase_span(token)
                if token.i == head.i and len(heads) > 1:
                    right = token.idx + len(token)
                inside = self._inside(left, right)
                mention = inside[0] if inside else None
            named = [Participant(mention.actor.code, mention.text)] if mention is not None else _nationals(token)
            found += [p for p in named if all(f.code != p.code for f in found)]
        return found

    def _refer(self, token) -> ActorMention | None:
        word = token.lower_
        if token.pos_ == "PRON" and word in PERSON_PRONOUNS:
            return self._before(token.idx, person=True) or self._before(token.idx)
        if token.pos_ == "PRON" and word in GROUP_PRONOUNS:
            return self._before(token.idx, person=False) or self._before(token.idx)
        if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in ROLE_NOUNS and \
                any(c.lower_ in ("the", "this", "that") for c in token.children):
            role = ROLE_NOUNS[token.lemma_.lower()]
            return self._before(token.idx, role=role) if role else self._before(token.idx)
        return None


# Clauses inside a noun phrase name their own participants ("drills, which Pyongyang views...").
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis"})


def _phrase_span(token) -> tuple[int, int]:
    """Character span of the phrase headed by `token`, up to its first clause."""
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS and child.i > token.i:
            right = min(right, child.left_edge.idx)
    return left, right


NATIONAL_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


def _nationals(token) -> list[Participant]:
    """Actors of a phrase named by nationality words only: "Hungarian and Romanian officials"
    (HUNGOV, ROUGOV), "Palestinian youths" (PSE), "Palestinians" (PSE)."""
    words = [token] + [c for c in token.children if c.dep_ in NATIONAL_DEPS and c.i < token.i]
    words += [c for w in words[1:] for c in w.children if c.dep_ == "conj"]
    table = actor_table()
    role = table.roles.get(token.lower_) or table.roles.get(token.lemma_.lower())
    found = []
    for word in words:
        if not word.text[:1].isupper():
            continue
        iso3 = demonyms().get(word.lower_) or demonyms().get(word.lower_.removesuffix("s"))
        if iso3 is not None:
            found.append(Participant(iso3 + (role or "") if word.i != token.i else iso3, word.text))
    return found


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Nationality word (lower case) → ISO3: the actor table's adjectives, then forms derived from
    one-word country names, surer suffixes first ("Hungary" → "hungarian", "Iraq" → "iraqi",
    "Sudan" → "sudanese", "Bosnia and Herzegovina" → "bosnian")."""
    table = actor_table()
    found = dict(table.adjectives)
    names = []
    for name, iso3 in table.countries.items():
        first, _, rest = name.partition(" ")
        if not rest or rest.startswith("and "):
            names.append((first, iso3))
    strong = (lambda n: n + "n" if n.endswith("a") else None,
              lambda n: n[:-1] + "ian" if n.endswith(("y", "e")) else None,
              lambda n: n + "i" if n.endswith(("q", "l", "n", "t", "r", "h")) else None)
    weak = (lambda n: n + "ian", lambda n: n + "ese", lambda n: n[:-1] + "ese", lambda n: n[:-2] + "ese",
            lambda n: n + "lese", lambda n: n + "ean")
    for rules in (strong, weak):
        for name, iso3 in names:
            for rule in rules:
                form = rule(name)
                if form and len(name) > 3:
                    found.setdefault(form, iso3)
    return found
