"""Spot bylines and headline-like lines in plain text, and read the author's name."""
from __future__ import annotations

import re

from wirewatch.clean.text_cues import BoilerplateCues

# Separators that end the name part of a byline: "By Jane Doe | Reuters", "By X - Staff".
_SEGMENT_END = re.compile(r"\s+[|\-–—•·/]\s*|\s*[|•·]\s*|\s*[–—]\s*")
_WORD = re.compile(r"\w+")
_NAME_CONNECTORS = frozenset(
    {"and", "&", "und", "et", "y", "e", "van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "bin", "al"}
)
_MAX_BYLINE_WORDS = 20
_MAX_HEADLINE_WORDS = 30
_MAX_HEADLINE_CHARS = 250


def _is_name_token(token: str) -> bool:
    """A capitalised word, an initial ("J."), or a handle with digits ("Quill42")."""
    core = token.strip(",;")
    return bool(core) and core[0].isupper() and any(ch.isalpha() for ch in core)


def _name_tokens(tokens: list[str], cues: BoilerplateCues) -> tuple[list[str], str | None]:
    """Leading name-like tokens, and the token that ended the name (None at line end)."""
    name: list[str] = []
    for token in tokens:
        folded = token.strip(",;:").casefold()
        if folded in cues.byline_stop_words or token[0].isdigit():
            return name, token
        if _is_name_token(token) or (name and folded in _NAME_CONNECTORS):
            name.append(token)
            continue
        return name, token
    return name, None


def _drop_agency_tail(name: list[str], ended_by: str | None) -> list[str]:
    """Cut a trailing ", Gazette Staff"-like chunk and dangling connectors or commas."""
    commas = [i for i, token in enumerate(name) if token.endswith(",")]
    if commas and ended_by and ended_by[0].isupper():
        # "Jane Doe, Gazette Staff": a capitalised role word ended the name, so the
        # chunk after the last comma is the outlet, not a second author.
        name = name[: commas[-1] + 1]
    while name and (name[-1].strip(",").casefold() in _NAME_CONNECTORS):
        name = name[:-1]
    if name:
        name[-1] = name[-1].rstrip(",;")
    half = len(name) // 2
    if half and len(name) % 2 == 0 and name[:half] == name[half:]:
        name = name[:half]  # "By Jane Doe Jane Doe": the author block printed twice
    return name


def byline_prefix(line: str, cues: BoilerplateCues) -> str | None:
    """The byline word that opens ``line`` ("By", "Von"...), or None."""
    first = line.split(maxsplit=1)[0] if line.strip() else ""
    return first if first.casefold().rstrip(":") in cues.byline_prefixes else None


def parse_byline(line: str, cues: BoilerplateCues) -> tuple[bool, str | None]:
    """Whether ``line`` is a byline, and the author's name read from it (None if unnamed).

    A byline opens with a byline word, then a capitalised name; after the name
    comes the end of the line, a separator, a number or a metadata word, never
    an ordinary lowercase word (that would be a sentence such as "By then, ...").
    """
    line = line.strip()
    if not byline_prefix(line, cues) or len(_WORD.findall(line)) > _MAX_BYLINE_WORDS:
        return False, None
    rest = line.split(maxsplit=1)[1] if len(line.split(maxsplit=1)) == 2 else ""
    segment = _SEGMENT_END.split(rest, maxsplit=1)[0]
    tokens = segment.split()
    if not tokens or not _is_name_token(tokens[0]):
        return False, None
    if tokens[0].strip(",;:").casefold() in cues.byline_not_names:
        return False, None
    name, ended_by = _name_tokens(tokens, cues)
    if ended_by is not None:
        folded = ended_by.strip(",;:").casefold()
        if not (ended_by[0].isdigit() or folded in cues.byline_stop_words):
            return False, None
    name = _drop_agency_tail(name, ended_by)
    author = " ".join(name) or None
    if author and author.casefold() in cues.byline_stop_words:
        author = None
    return True, author


def is_bare_byline_word(line: str, cues: BoilerplateCues) -> bool:
    """True for a line that is only "By" (the name follows on the next line)."""
    return line.strip().casefold().rstrip(":") in cues.byline_prefixes


def looks_like_headline(line: str) -> bool:
    """A short line of two or more words that does not end like a sentence ("." or ",")."""
    line = line.strip()
    n_words = len(_WORD.findall(line))
    if not 2 <= n_words <= _MAX_HEADLINE_WORDS or len(line) > _MAX_HEADLINE_CHARS:
        return False
    return not line.endswith((".", ",", ";", ":")) or line.endswith("...")


def headline_variants(title: str) -> tuple[str, ...]:
    """The title and its parts around " | " or " - " (a page title is often "Headline - Site")."""
    parts = [title] + [p for p in re.split(r"\s+[|\-–—:]\s+", title) if p]
    return tuple(dict.fromkeys(p.strip() for p in parts if len(_WORD.findall(p)) >= 3))
