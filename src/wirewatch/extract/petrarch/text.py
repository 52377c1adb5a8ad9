"""Word forms shared by the dictionary readers: normalised names, regular verb forms and plurals.

PETRARCH writes multi-word names with ``_`` (or spaces) and upper case; a trailing ``_`` marks
a whole word (a TABARI convention), which exact matching makes redundant.
"""
from __future__ import annotations

import re

_VOWELS = set("AEIOU")
_SPACES = re.compile(r"\s+")


def strip_comment(line: str) -> str:
    """The line without its ``#`` comment and surrounding space."""
    return line.split("#", 1)[0].strip()


def is_markup(line: str) -> bool:
    """XML-style comment lines (``<!-- ... -->``) that PETRARCH's files use as headers."""
    return line.lstrip().startswith("<")


def name_key(name: str) -> str:
    """A dictionary name as the text matcher compares it: upper case, words separated by one space."""
    words = [w for w in _SPACES.split(name.replace("_", " ").upper()) if w]
    return " ".join(words)


def regular_verb_forms(verb: str) -> set[str]:
    """The base word and its regular -S, -ED, -ING forms (upper case)."""
    verb = verb.upper().rstrip("_")
    forms = {verb}
    if not verb.isalpha():
        return forms
    if verb.endswith("E"):
        forms |= {verb + "S", verb + "D", verb[:-1] + "ING"}
    elif verb.endswith("Y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        forms |= {verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"}
    elif verb.endswith(("S", "SH", "CH", "X", "Z")):
        forms |= {verb + "ES", verb + "ED", verb + "ING"}
    else:
        forms |= {verb + "S", verb + "ED", verb + "ING"}
        if len(verb) >= 3 and verb[-1] not in _VOWELS | {"W", "X", "Y"} and verb[-2] in _VOWELS \
                and verb[-3] not in _VOWELS:
            forms |= {verb + verb[-1] + "ED", verb + verb[-1] + "ING"}
    return forms


def regular_plural(noun: str) -> str:
    """The regular plural of a (possibly multi-word) noun: its last word gets -S, -ES or -IES."""
    if noun.endswith("Y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "IES"
    if noun.endswith(("S", "SH", "CH", "X", "Z")):
        return noun + "ES"
    return noun + "S"
