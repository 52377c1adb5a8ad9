"""Reader for PETRARCH verb dictionaries (``PETR.Validate.verbs.txt``, ``CAMEO.2.0.txt``, and the
universal-PETRARCH ``PETR.Validate.verbs.2.0.txt``).

The file has synonym sets (``&NAME`` then ``+MEMBER`` lines), then verb blocks::

    --- BREAK [1717] ---                 block header: name and default code
    BREAK {BROKE BROKEN}                 a verb, with irregular forms; may carry its own [code]
    +BREAK_DOWN {+BROKE_DOWN}            a multi-word verb; '+' marks the verb word
    - + * IN $  [075]                    a pattern: '*' the verb, '$' source, '+' target,
                                         '^' skip a noun phrase, '%' a compound actor,
                                         '&SET' a synonym set, '_' joins adjacent words

``[---]`` is "no code": the verb is coded only through a pattern. ``[A:B]`` codes A from
source to target and B back from target to source. The 2.0 format's ``(PP)`` and ``{NP}``
groupings are read as plain word sequences. The trailing ``~`` transformations section of
CAMEO.2.0.txt is not used.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from wirewatch.errors import DictionaryError
from wirewatch.extract.petrarch.text import is_markup, regular_verb_forms, strip_comment

log = logging.getLogger(__name__)

_HEADER = re.compile(r"^---\s*(.+?)_?\s*((?:\[[^\]]*\]\s*)*)(?:---)?\s*$")
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")
NO_CODE = "---"
_ONTOLOGY_VALUE = re.compile(r"^[-+]?(?:0x[0-9a-f]+|\d+)(?:[-+](?:0x[0-9a-f]+|\d+))*$", re.IGNORECASE)
ROLES = {"$": "source", "+": "target", "^": "skip", "%": "compound"}


@dataclass(frozen=True)
class Element:
    """One pattern element: a word, a synonym set, or an actor slot (source/target/skip/compound).

    joined: it must be adjacent to its neighbour on the verb's side (written with ``_``).
    """

    kind: str
    value: str = ""
    joined: bool = False


@dataclass(frozen=True)
class Pattern:
    """A pattern of a verb block: elements before the verb (nearest first) and after it."""

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str
    line: int

    @property
    def specificity(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(frozen=True)
class Verb:
    """A verb of a block: the verb word's forms, words that must precede/follow it, its own code."""

    block: str
    word: str
    forms: frozenset[str]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    code: str | None = None


@dataclass
class VerbBlock:
    name: str
    code: str | None
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    """Synonym sets, verb blocks, and an index from each word form to the verbs it can be."""

    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    blocks: dict[str, VerbBlock] = field(default_factory=dict)
    forms: dict[str, list[Verb]] = field(default_factory=dict)

    @property
    def pattern_count(self) -> int:
        return sum(len(b.patterns) for b in self.blocks.values())

    def verbs_for(self, word: str) -> list[Verb]:
        return self.forms.get(word.upper(), [])

    def synset_words(self, name: str) -> list[tuple[str, ...]]:
        """The members of a synonym set as word sequences, nested sets expanded."""
        return self._expand(name.upper().rstrip("_"), set())

    def _expand(self, name: str, seen: set[str]) -> list[tuple[str, ...]]:
        if name in seen:
            return []
        seen = seen | {name}
        out: list[tuple[str, ...]] = []
        for member in self.synsets.get(name, []):
            if len(member) == 1 and member[0].startswith("&"):
                out.extend(self._expand(member[0][1:].rstrip("_"), seen))
            else:
                out.append(member)
        return out


def _code_of(text: str) -> str | None:
    codes = _CODE.findall(text)
    if not codes:
        return None
    code = codes[-1].strip()
    return None if code in ("", NO_CODE) else code


def _pattern_elements(body: str) -> list[tuple[str, bool]]:
    """(piece, joined to the previous piece) for a pattern body, groupings removed."""
    pieces: list[tuple[str, bool]] = []
    for group in re.sub(r"[(){}]", " ", body).split():
        # a '*' glued to a word ('*SCEPTICAL') is read as joined to it
        parts = [p for p in re.sub(r"(?<=[^_])\*|\*(?=[^_])", lambda m: "_*_", group).split("_")]
        first = True
        for part in parts:
            if part:
                pieces.append((part.upper(), not first))
                first = False
            # an empty part: a trailing/leading '_', a whole-word marker, not a join
    return pieces


def _element(piece: str, joined: bool) -> Element:
    if piece in ROLES:
        return Element(ROLES[piece], "", joined)
    if piece.startswith("&"):
        return Element("synset", piece[1:].rstrip("_"), joined)
    return Element("word", piece, joined)


def parse_pattern(text: str, path: Path, number: int) -> Pattern:
    """A ``- ... [code]`` line (the leading ``-`` already removed)."""
    if "[" not in text:
        raise DictionaryError(path, number, "pattern without a [code]", text)
    body = text[: text.rfind("[")]
    pieces = _pattern_elements(body)
    stars = [i for i, (p, _) in enumerate(pieces) if p == "*"]
    if len(stars) != 1:
        raise DictionaryError(path, number, "a pattern needs exactly one '*' for the verb", text)
    star = stars[0]
    after = tuple(_element(p, j) for p, j in pieces[star + 1:])
    before = []
    for i in range(star - 1, -1, -1):
        # an element before the verb is joined to the piece after it (toward the verb)
        before.append(_element(pieces[i][0], pieces[i + 1][1]))
    return Pattern(tuple(before), after, _code_of(text[text.rfind("["):]) or NO_CODE, number)


def _verb_words(name: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    words = [w for w in name.upper().split("_") if w]
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    at = marked[0] if marked else 0
    words = [w.lstrip("+") for w in words]
    return tuple(words[:at]), words[at], tuple(words[at + 1:])


def parse_verb(text: str, block: str, path: Path, number: int) -> Verb:
    """A verb line of a block: ``WORD {FORMS} [code]``."""
    head = _FORMS.split(text, 1)[0] if "{" in text else text
    name = _CODE.sub(" ", head).split()
    if not name:
        raise DictionaryError(path, number, "verb line without a verb", text)
    before, word, after = _verb_words(name[0])
    if not word.replace("-", "").replace("'", "").isalnum():
        raise DictionaryError(path, number, f"not a verb: {word!r}", text)
    forms = regular_verb_forms(word)
    for match in _FORMS.findall(text):
        for form in match.split():
            forms.add(_verb_words(form)[1])
    return Verb(block, word, frozenset(forms), before, after, _code_of(text))


def _skip_or_raise(error: DictionaryError, strict: bool) -> None:
    if strict:
        raise error
    log.warning("skipped: %s", error)


def read_verb_dictionary(path: Path, strict: bool = False) -> VerbDictionary:
    """Parse a PETRARCH verb dictionary.

    A malformed block header, or a pattern outside any block, raises `DictionaryError`; a
    malformed pattern or verb line is skipped with a warning (PETRARCH skips those) unless `strict`.
    """
    path = Path(path)
    verbs = VerbDictionary()
    synset: list[tuple[str, ...]] | None = None
    block: VerbBlock | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if is_markup(raw):
            continue
        if raw.startswith("#") and "TRANSFORMATIONS" in raw:
            break  # the rest of CAMEO.2.0.txt rewrites coded events; not used
        line = strip_comment(raw)
        if not line:
            continue
        if line.startswith("---"):
            match = _HEADER.match(line)
            if not match:
                raise DictionaryError(path, number, "a block header reads '--- NAME [CODE] ---'", raw)
            codes = _CODE.findall(match.group(2))
            code = codes[0].strip() if codes else NO_CODE
            block = VerbBlock(match.group(1).upper(), None if code in ("", NO_CODE) else code)
            verbs.blocks.setdefault(block.name, block)
            block = verbs.blocks[block.name]
            synset = None
        elif line.startswith("&"):
            name = line.split()[0][1:].upper().rstrip("_")
            synset = verbs.synsets.setdefault(name, [])
        elif line.startswith("+") and synset is not None:
            member = line[1:].strip()
            if member.startswith("&"):
                synset.append((member.upper().rstrip("_"),))
            else:
                synset.append(tuple(w for w in re.split(r"[\s_]+", member.upper()) if w))
        elif line.startswith("-") or line.startswith("*"):
            if block is None:
                raise DictionaryError(path, number, "pattern outside a verb block", raw)
            try:
                block.patterns.append(parse_pattern(line.lstrip("-").strip(), path, number))
            except DictionaryError as error:
                _skip_or_raise(error, strict)
        elif block is not None:
            synset = None
            try:
                block.verbs.append(parse_verb(line, block.name, path, number))
            except DictionaryError as error:
                _skip_or_raise(error, strict)
        else:
            log.warning("%s, line %d: ignored text outside any block: %r", path.name, number, raw)
    for block in verbs.blocks.values():
        block.patterns.sort(key=lambda p: -p.specificity)
        for verb in block.verbs:
            for form in verb.forms:
                verbs.forms.setdefault(form, []).append(verb)
    return verbs


def read_ontology(path: Path) -> dict[str, str]:
    """universal-PETRARCH's CAMEO -> PICO table (``CODE:0xHEX[-0xHEX]#comment`` lines)."""
    table: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = strip_comment(raw)
        if not line:
            continue
        code, sep, value = line.partition(":")
        if not sep or not _ONTOLOGY_VALUE.match(value.strip()):
            raise DictionaryError(path, number, "an ontology line reads 'CAMEO:0xHEX'", raw)
        table[code.strip()] = value.strip()
    return table
