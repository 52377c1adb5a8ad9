"""Who denies an accusation when the sentence does not name them ("a claim that both nations
have denied"): the accused. Applied to the coded clauses of one sentence (extract/coder.py)."""
from __future__ import annotations

from dataclasses import replace

DENIAL_CODES = frozenset({"016"})
ACCUSATION_CODES = frozenset({"112"})


def attribute_denials(clauses: list) -> list:
    """A denial with no named denier is the accused's: the targets of the accusation in the same
    sentence and the other parties of the act it alleges; its target is the accuser."""
    accusations = [c for c in clauses if c.code in ACCUSATION_CODES and c.sources]
    if not accusations:
        return clauses
    result = []
    for clause in clauses:
        if clause.code in DENIAL_CODES and not clause.sources:
            accusation = accusations[-1]
            accuser = accusation.sources[0].code
            accused = list(accusation.targets)
            for other in clauses:
                if other.reported_by == accuser:
                    accused += [p for p in other.sources + other.targets if p.code != accuser]
            unique = tuple({p.code: p for p in accused}.values())
            clause = replace(clause, sources=unique, targets=accusation.sources[:1], reported_by=None)
        result.append(clause)
    return result
