"""Actor codes of noun phrases in a spaCy parse, from PETRARCH actor and agent dictionaries.

A noun phrase's code is its first actor (with the code valid on the sentence's date) followed
by the codes of the agents in the phrase ("Gondor's border police" -> GON + COP); an agent
marked ``X~`` goes in front ("MSF Arnor" -> NGO + ARN). A phrase with agents but no actor takes
its actor from an ``of``/``in``/``from`` phrase ("the government of Gondor" -> GONGOV), else
stays unnamed (``---COP``). Conjoined phrases ("Arnor, Rohan and Gondor") give one code each.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from wirewatch.extract.petrarch.actors import Agent
from wirewatch.extract.petrarch.dictionaries import PetrarchDictionaries

NOUNS = {"NOUN", "PROPN"}
UNNAMED = "---"
# dependents that start a phrase of their own, not part of the head's name
_OUTSIDE = {"conj", "cc", "appos", "relcl", "acl", "advcl", "prep", "parataxis"}
# prepositions through which a bare agent finds its actor
_OWNER_PREPS = {"of", "in", "from", "at"}
_COORDINATORS = {"and", "or", "nor", ",", "&"}
FORMER = Agent("ELI")
MODIFIER_DEPS = {"compound", "poss", "amod", "nmod", "flat", "det", "nummod", "case"}


def _norm(token) -> str:
    return token.text.upper().replace("_", " ")


class PhraseCoder:
    """Finds actors and agents in token runs and codes noun phrases (see the module docstring)."""

    def __init__(self, dictionaries: PetrarchDictionaries):
        self.dictionaries = dictionaries
        names = [*dictionaries.actors, *dictionaries.agents]
        self.longest = max((len(n) for n in names), default=0)
        self.first_words = {n.split(" ", 1)[0] for n in names}
        self.first_prefixes = {w[:k] for w in self.first_words for k in range(1, len(w) + 1)}

    def _longest(self, tokens: Sequence, start: int) -> tuple[int, str, bool] | None:
        actors, agents = self.dictionaries.actors, self.dictionaries.agents
        best = None
        text = ""
        for k in range(start, len(tokens)):
            if k > start:
                if tokens[k].i != tokens[k - 1].i + 1:
                    break
                text += " " if tokens[k - 1].whitespace_ else ""
            text += _norm(tokens[k])
            if len(text) > self.longest:
                break
            first = text.split(" ", 1)[0]
            if (" " in text and first not in self.first_words) or (" " not in text and first not in self.first_prefixes):
                break
            if text in actors:
                best = (k, text, True)
            elif text in agents:
                best = (k, text, False)
        return best

    def member_tokens(self, head) -> list:
        """The tokens naming `head`'s phrase: its subtree without clauses, conjuncts, appositions and
        (after the head) the tokens of phrases of its own, except a name running past the head."""
        skip = set()
        for child in head.children:
            if child.dep_ in _OUTSIDE and not (child.dep_ == "prep" and child.i < head.i):
                if child.dep_ == "prep" and child.i > head.i:
                    continue  # kept: "Prince of Dol Amroth"; a match must start by the head anyway
                skip.update(t.i for t in child.subtree)
        return [t for t in head.subtree if t.i not in skip]

    def member_codes(self, head, when: date | None, depth: int = 0) -> tuple[list[str], list[Agent]]:
        """(actor codes, agents) of one noun phrase, before agents are combined. Actors that are
        coordinated inside the phrase ("Eriadori and Calenardhon leaders") each count."""
        tokens = self.member_tokens(head)
        matches = self.matches(tokens, when, limit=head.i)
        agents = [m[2] for m in matches if m[3] == "agent"]
        if agents and any(t.lower_ == "former" for t in tokens if t.i <= head.i):
            agents = [FORMER]  # PETRARCH codes a former office holder as an elite, whatever the office
        actors = [m for m in matches if m[3] == "actor"]
        if actors:
            codes = list(actors[0][2])
            for previous, current in zip(actors, actors[1:]):
                between = [t for t in head.doc[previous[1] + 1:current[0]]]
                if _coordinated(between):
                    codes.extend(current[2])
            return codes, agents
        if depth < 2:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.i < head.i or prep.lower_ not in _OWNER_PREPS:
                    continue
                if not agents and prep.lower_ != "of":
                    continue
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ in NOUNS:
                        owners = self.group_codes(obj, when, depth + 1)
                        for moved in _misattached(head, obj):
                            owners += self.group_codes(moved, when, depth + 1, climb=False)
                        if owners and not all(c.startswith(UNNAMED) for c in owners):
                            return owners, agents
        return [], agents

    def matches(self, tokens: Sequence, when: date | None, limit: int | None = None) -> list[tuple]:
        """(first token index, last token index, codes or Agent, 'actor'|'agent') for each name."""
        out = []
        i = 0
        while i < len(tokens):
            found = self._longest(tokens, i)
            if found is None:
                i += 1
                continue
            end, key, is_actor = found
            if limit is None or tokens[i].i <= limit:
                if is_actor:
                    codes = self.dictionaries.actor_codes(key, when)
                    if codes:
                        out.append((tokens[i].i, tokens[end].i, codes, "actor"))
                else:
                    out.append((tokens[i].i, tokens[end].i, self.dictionaries.agents[key], "agent"))
            i = end + 1
        return out

    def group_codes(self, head, when: date | None, depth: int = 0, climb: bool = True) -> list[str]:
        """Codes for the phrase headed by `head` and its conjuncts, one per actor (`climb`: from a
        conjunct, start at the first member of its coordination)."""
        members = conjuncts(head, climb)
        moved = {t.i for m in members for p in m.children if p.dep_ == "prep"
                 for o in p.children if o.dep_ == "pobj" for t in _misattached(m, o)}
        members = [m for m in members if m.i not in moved]
        coded = [self.member_codes(m, when, depth) for m in members]
        # "Lawmakers and officials in Fornost and Gondor": a bare agent shares a later member's actors
        shared = next((actors for actors, _ in coded if actors), [])
        out: list[str] = []
        for member, (actors, agents) in zip(members, coded):
            if not actors and agents and shared and len(members) > 1:
                out.extend(combine(a, agents) for a in shared)
            elif actors:
                out.extend(combine(a, agents) for a in actors)
            elif agents and member.dep_ != "appos":
                out.append(combine(UNNAMED, agents))
        return list(dict.fromkeys(out))


def _coordinated(between: Sequence) -> bool:
    """Whether the words between two names make them two actors ("Arnor and the evil Gondor"),
    not one phrase ("Ithilen's awful and evil minister Calimehtar")."""
    return any(t.lower_ in _COORDINATORS for t in between) and not any(
        t.tag_ == "POS" or t.dep_ == "case" for t in between)


def _misattached(head, obj) -> list:
    """Conjuncts of `head` that follow its prepositional object `obj` and are names like it: the
    parser's attachment of "Lawmakers in Fornost and Gondor", read as "in (Fornost and Gondor)"."""
    if obj.pos_ != "PROPN":
        return []
    return [c for c in head.children if c.dep_ == "conj" and c.i > obj.i and c.pos_ == "PROPN"]


def conjuncts(head, climb: bool = True) -> list:
    """`head` and the noun phrases conjoined to it (and names in apposition after a comma), in order."""
    while climb and head.dep_ == "conj" and head.head.pos_ in NOUNS and head.head != head:
        head = head.head
    out, stack = [], [head]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(reversed([c for c in token.children if c.pos_ in NOUNS and (
            c.dep_ == "conj" or (c.dep_ == "appos" and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","))]))
    return sorted(out, key=lambda t: t.i)


def combine(actor: str, agents: Sequence[Agent]) -> str:
    """An actor code with its agents' codes: appended, or put in front for an ``X~`` agent; an
    agent code already in the actor's code is not repeated."""
    code = actor
    for agent in agents:
        if any(code[i:i + len(agent.code)] == agent.code for i in range(0, len(code), 3)):
            continue
        code = agent.code + code if agent.prefix else code + agent.code
    return code
