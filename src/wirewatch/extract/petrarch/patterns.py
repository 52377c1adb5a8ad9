"""Matching PETRARCH verb patterns against the words around a verb in a spaCy parse.

Elements after ``*`` are looked for left to right in the words after the verb, elements before
it right to left in the words before it. Words match whole words, case-insensitively; a
synonym set matches any of its members; an element written with ``_`` must be adjacent to its
neighbour on the verb's side, others may have words in between. An actor slot (``$`` source,
``+`` target, ``^`` skipped, ``%`` compound) matches a noun phrase and records its head token.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wirewatch.extract.petrarch.verbs import Element, Pattern, VerbDictionary

SLOTS = {"source", "target", "skip", "compound"}


@dataclass(frozen=True)
class Match:
    """A pattern that matched, with the head tokens of the noun phrases in its actor slots."""

    pattern: Pattern
    slots: dict[str, object]


class PatternMatcher:
    """Matches the patterns of one verb dictionary. `chunks` maps a token index to the
    (start, end, root) of the noun phrase starting there and `chunk_ends` the one ending there."""

    def __init__(self, verbs: VerbDictionary):
        self.verbs = verbs
        self._synsets: dict[str, list[tuple[str, ...]]] = {}

    def members(self, name: str) -> list[tuple[str, ...]]:
        if name not in self._synsets:
            self._synsets[name] = self.verbs.synset_words(name)
        return self._synsets[name]

    def match(self, pattern: Pattern, before: Sequence, after: Sequence, chunks: dict, chunk_ends: dict,
              names_actor: Callable[[object], bool] = lambda root: True) -> Match | None:
        """`before`: tokens before the verb, nearest first; `after`: tokens after it, in order.
        `names_actor(root)`: whether a noun phrase can fill a source, target or compound slot."""
        self._names_actor = names_actor
        slots: dict[str, object] = {}
        if not self._run(pattern.after, 0, after, chunks, slots, forward=True):
            return None
        if not self._run(pattern.before, 0, before, chunk_ends, slots, forward=False):
            return None
        return Match(pattern, slots)

    def _run(self, elements: Sequence[Element], pos: int, tokens: Sequence, chunks: dict,
             slots: dict, forward: bool) -> bool:
        if not elements:
            return True
        element, rest = elements[0], elements[1:]
        last = pos if element.joined else len(tokens) - 1
        for start in range(pos, last + 1):
            for end in self._ends(element, start, tokens, chunks, forward):
                if element.kind in SLOTS:
                    slots[element.kind] = chunks[tokens[start].i][2]
                if self._run(rest, end, tokens, chunks, slots, forward):
                    return True
                slots.pop(element.kind, None)
        return False

    def _ends(self, element: Element, start: int, tokens: Sequence, chunks: dict, forward: bool) -> list[int]:
        """Positions just past `element` when it matches at `start` (empty if it does not)."""
        if start >= len(tokens):
            return []
        if element.kind in SLOTS:
            chunk = chunks.get(tokens[start].i)
            if chunk is None or (element.kind != "skip" and not self._names_actor(chunk[2])):
                return []
            length = chunk[1] - chunk[0]
            return [start + length]
        if element.kind == "word":
            return [start + 1] if _word(tokens[start]) == element.value else []
        ends = []
        for member in self.members(element.value):
            words = member if forward else tuple(reversed(member))
            if all(start + k < len(tokens) and _word(tokens[start + k]) == w and
                   (k == 0 or abs(tokens[start + k].i - tokens[start + k - 1].i) == 1)
                   for k, w in enumerate(words)):
                ends.append(start + len(words))
        return sorted(set(ends), reverse=True)


def _word(token) -> str:
    return token.text.upper()
