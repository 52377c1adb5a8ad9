"""Readers for PETRARCH actor, agent and discard dictionaries.

Actors (``PETR.Validate.actors.txt``, ``Phoenix.*.actors.txt``)::

    GONDOR [GON]                 a name and its code
    +MINAS_TIRITH                a synonym of the entry above
    GOLLUM                       codes may follow on indented lines, restricted by date:
        [HOB < 950601]           before; [X > 19990816] after; [X 19950601 - 19990815] between
        [HOBREB]                 an unrestricted code is the default
    THE_SHIRE [FRO/BIL/SAM]      '/' separates codes of an actor that stands for several

Agents (``PETR.Validate.agents.txt``, ``Phoenix.agents.txt``)::

    !PERSON! = MAN, MEN          a substitution used inside names (CONGRESS!PERSON!)
    POLICE {} [~COP]             '{}' no plural; '{GEESE}' irregular plurals; else a regular one
    MSF {} [NGO~]                '~X' is appended to the actor's code, 'X~' put before it

Discards: one phrase a line; a leading ``+`` discards the whole story, else the sentence.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from wirewatch.errors import DictionaryError
from wirewatch.extract.petrarch.text import is_markup, name_key, regular_plural, strip_comment

log = logging.getLogger(__name__)

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_DATE_SPEC = re.compile(r"^(?P<code>[^\s<>]+)\s*(?:(?P<op>[<>])\s*(?P<d>\d+)|(?P<a>\d+)\s*-\s*(?P<b>\d+))?$")
_MACRO = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
NULL_ACTOR = "---"


@dataclass(frozen=True)
class ActorCode:
    """A code, valid from `start` (inclusive) to `end` (exclusive) when those are set."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def applies(self, when: date) -> bool:
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)


@dataclass
class Actor:
    """An actor entry: its names (keys as `name_key` writes them) and codes in file order."""

    names: list[str]
    codes: list[ActorCode] = field(default_factory=list)
    line: int = 0

    def codes_on(self, when: date | None) -> list[str]:
        """The codes that hold on `when`: the first date-restricted code that applies, else the
        first unrestricted one ('/' splits an actor that stands for several). None if null."""
        chosen = None
        if when is not None:
            chosen = next((c for c in self.codes if c.restricted and c.applies(when)), None)
        if chosen is None:
            chosen = next((c for c in self.codes if not c.restricted), None)
        if chosen is None and when is None and self.codes:
            chosen = self.codes[0]
        if chosen is None or chosen.code == NULL_ACTOR:
            return []
        return [c for c in chosen.code.split("/") if c and c != NULL_ACTOR]


@dataclass(frozen=True)
class Agent:
    code: str
    prefix: bool = False


def parse_date(text: str, path: Path, number: int, line: str) -> date:
    """YYYYMMDD, or TABARI's YYMMDD (years below 30 are 20xx)."""
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            year = int(text[:2])
            return date(year + (2000 if year < 30 else 1900), int(text[2:4]), int(text[4:]))
    except ValueError:
        pass
    raise DictionaryError(path, number, f"not a date (YYYYMMDD or YYMMDD): {text!r}", line)


def parse_actor_code(text: str, path: Path, number: int, line: str) -> ActorCode:
    """One bracketed code block, e.g. ``HOB < 950601`` or ``HOBGOV 19950601 - 19990815``."""
    match = _DATE_SPEC.match(text.strip())
    if not match:
        raise DictionaryError(path, number, f"a code block reads [CODE], [CODE <DATE], [CODE >DATE] "
                              f"or [CODE DATE-DATE], not [{text}]", line)
    code = match.group("code").upper()
    if match.group("op") == "<":
        return ActorCode(code, end=parse_date(match.group("d"), path, number, line))
    if match.group("op") == ">":
        return ActorCode(code, start=parse_date(match.group("d"), path, number, line))
    if match.group("a"):
        start = parse_date(match.group("a"), path, number, line)
        end = parse_date(match.group("b"), path, number, line)
        return ActorCode(code, start=start, end=date.fromordinal(end.toordinal() + 1))
    return ActorCode(code)


def _codes(text: str, path: Path, number: int, line: str, strict: bool) -> list[ActorCode]:
    out = []
    for block in _CODE_BLOCK.findall(text):
        try:
            out.append(parse_actor_code(block, path, number, line))
        except DictionaryError as error:
            if strict:
                raise
            log.warning("skipped: %s", error)
    return out


def read_actor_dictionary(path: Path, strict: bool = False) -> list[Actor]:
    """Parse an actor dictionary. A bad date or code block is skipped with a warning (PETRARCH
    does the same) unless `strict`; a code or synonym with no entry to belong to is an error."""
    path = Path(path)
    actors: list[Actor] = []
    current: Actor | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if is_markup(raw):
            continue
        line = strip_comment(raw)
        if not line:
            continue
        if line.startswith("[") or raw[:1] in (" ", "\t"):
            if current is None:
                raise DictionaryError(path, number, "a code block before any actor name", raw)
            current.codes.extend(_codes(line, path, number, raw, strict))
            continue
        name, _, rest = line.partition("[")
        rest = "[" + rest if rest else ""
        if line.startswith("+"):
            if current is None:
                raise DictionaryError(path, number, "a '+' synonym before any actor name", raw)
            key = name_key(name[1:])
            if key:
                current.names.append(key)
            current.codes.extend(_codes(rest, path, number, raw, strict))
            continue
        key = name_key(name)
        if not key:
            raise DictionaryError(path, number, "an actor line without a name", raw)
        if current is not None and not current.codes:
            # a run of names before the first code block all name one actor
            current.names.append(key)
            current.codes.extend(_codes(rest, path, number, raw, strict))
            continue
        current = Actor([key], _codes(rest, path, number, raw, strict), number)
        actors.append(current)
    uncoded = [actor for actor in actors if not actor.codes]
    if uncoded:
        log.warning("%s: %d actors have no code (first: %s, line %d)", path.name, len(uncoded),
                    uncoded[0].names[0], uncoded[0].line)
    return actors


def _agent_code(text: str, path: Path, number: int, line: str) -> Agent:
    code = text.strip().replace(" ", "").upper()
    if code.startswith("~") and len(code) > 1:
        return Agent(code[1:])
    if code.endswith("~") and len(code) > 1:
        return Agent(code[:-1], prefix=True)
    raise DictionaryError(path, number, f"an agent code reads [~CODE] or [CODE~], not [{text}]", line)


def _expand_macros(name: str, macros: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!(\w+)!", name)
    if not match:
        return [name]
    alternatives = macros.get(match.group(1).upper())
    if alternatives is None:
        return [name.replace(match.group(0), "")]
    return [n for alt in alternatives for n in _expand_macros(name.replace(match.group(0), alt, 1), macros)]


def read_agent_dictionary(path: Path, strict: bool = False) -> dict[str, Agent]:
    """Parse an agent dictionary into name key (plurals included) -> agent. A line without a
    well-formed code is skipped with a warning (as PETRARCH does) unless `strict`."""
    path = Path(path)
    agents: dict[str, Agent] = {}
    macros: dict[str, list[str]] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if is_markup(raw):
            continue
        line = strip_comment(raw)
        if not line:
            continue
        macro = _MACRO.match(line)
        if macro:
            macros[macro.group(1).upper()] = [a.strip().upper() for a in macro.group(2).split(",") if a.strip()]
            continue
        try:
            codes = _CODE_BLOCK.findall(line)
            if not codes:
                raise DictionaryError(path, number, "an agent line needs a [~CODE]", raw)
            agent = _agent_code(codes[0], path, number, raw)
        except DictionaryError as error:
            if strict:
                raise
            log.warning("skipped: %s", error)
            continue
        head = line[: line.index("[")]
        plurals = re.search(r"\{([^}]*)\}", head)
        name = re.sub(r"\{[^}]*\}", " ", head).strip().upper()
        for expanded in _expand_macros(name, macros):
            key = name_key(expanded)
            if not key:
                raise DictionaryError(path, number, "an agent line without a name", raw)
            agents.setdefault(key, agent)
            if plurals is None:
                agents.setdefault(regular_plural(key), agent)
        if plurals is not None:
            for plural in plurals.group(1).split():
                for expanded in _expand_macros(plural.upper(), macros):
                    agents.setdefault(name_key(expanded), agent)
    return agents


@dataclass(frozen=True)
class Discards:
    """Phrases (name keys) that discard a sentence, and those that discard a whole story."""

    sentence: frozenset[str] = frozenset()
    story: frozenset[str] = frozenset()


def read_discards(path: Path) -> Discards:
    sentence, story = set(), set()
    for raw in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        if is_markup(raw):
            continue
        line = strip_comment(raw)
        if not line:
            continue
        if line.startswith("+"):
            story.add(name_key(line[1:]))
        else:
            sentence.add(name_key(line))
    return Discards(frozenset(sentence - {""}), frozenset(story - {""}))
