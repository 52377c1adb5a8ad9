"""Amounts in an analysed article: numbers with their unit and the noun they count.

Candidates are spaCy CARDINAL/QUANTITY/MONEY/PERCENT entities, vague amounts the model may
miss or cut ("tens of thousands of", "dozens of", "several hundred") and numbers the parse
attaches to a noun. Each is read into a value ("$2.5 billion" → 2.5e9 USD, "two hundred" →
200), marked approximate after a hedge ("about 30", "more than $13B") and given the noun phrase
it counts ("about 30 field training programs" → "field training programs").

Convention for vague amounts: the value is the lower bound the words allow ("dozens" → 24,
"tens of thousands" → 10000) and the quantity is approximate. Words live in
``data/quantities.toml``. Dates, times, ordinals and bare years are not quantities.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wirewatch.model import Quantity
from wirewatch.extract.nlp import doc_text

LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
NOT_QUANTITIES = {"DATE", "TIME", "ORDINAL"}
# Letters that stand for scales only next to a currency ("$13B", "€2bn"); alone "5m" is metres.
_SHORT_SCALES = {"k", "m", "mn", "b", "bn", "tn"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+|[^\W\d_]+")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class _Words:
    numbers: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, float]
    hedges: tuple[str, ...]
    currencies: dict[str, str]
    units: dict[str, str]
    vague_pattern: re.Pattern
    hedge_pattern: re.Pattern


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = tomllib.loads(resources.files("wirewatch.data").joinpath("quantities.toml").read_text(encoding="utf-8"))
    hedges = tuple(sorted(data["hedges"]["words"], key=len, reverse=True))
    vague = "|".join(sorted(data["vague"], key=len, reverse=True))
    big = "|".join(w for w in data["scales"] if len(w) > 2)
    hedge = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in hedges)
    # "tens of thousands", "hundreds of millions", "dozens", "several hundred", "a dozen"
    pattern = re.compile(
        rf"(?i:\b(?:(?:{hedge})\s+)?(?:(?:{vague})(?:\s+of\s+(?:{vague}))?|several\s+(?:{big}|dozen)|a\s+dozen)\b)")
    return _Words(
        numbers={k: float(v) for k, v in data["numbers"].items()},
        scales={k: float(v) for k, v in data["scales"].items()},
        vague={k: float(v) for k, v in data["vague"].items()},
        hedges=hedges,
        currencies=data["currencies"],
        units=data["units"],
        vague_pattern=pattern,
        hedge_pattern=re.compile(rf"(?i:^\s*(?:{hedge})\b\s*)"),
    )


def _value(text: str, money: bool) -> tuple[float | None, bool]:
    """The number written in `text` (hedges and units already removed) and whether it is a range."""
    words = _words()
    total, current, seen, ranged = 0.0, 0.0, False, False
    tokens = [t.casefold() for t in _NUMBER.findall(text.replace("-", " - "))]
    for i, token in enumerate(tokens):
        if token[0].isdigit() or token[0] == ".":
            if seen and current:  # "20-30", "20 to 30": keep the lower end
                ranged = True
                break
            current += float(token.replace(",", "") or 0)
            seen = True
        elif token in words.numbers and token != "dozen":
            if seen and current and words.numbers[token] >= 1 and current % 10 == 0 and words.numbers[token] < 10:
                current += words.numbers[token]  # "twenty five"
            elif seen and current and not (current >= 20 and words.numbers[token] < 10):
                ranged = True
                break
            else:
                current += words.numbers[token]
            seen = True
        elif token == "dozen":
            current, seen = (current or 1) * 12, True
        elif token in words.scales and (token not in _SHORT_SCALES or money):
            scale = words.scales[token]
            if scale >= 1000:
                total, current = total + (current or 1) * scale, 0.0
            else:
                current = (current or 1) * scale
            seen = True
        elif token in ("a", "an") and i + 1 < len(tokens) and (tokens[i + 1] in words.scales or tokens[i + 1] == "dozen"):
            current, seen = 1.0, True
        elif token == "half" and seen is False:
            current, seen = 0.5, True
    return (total + current if seen else None), ranged


def _unit(text: str, before: str) -> tuple[str | None, str]:
    """The currency or unit written in or just before `text`, and `text` without it."""
    words = _words()
    for symbol, code in sorted(words.currencies.items(), key=lambda kv: -len(kv[0])):
        if not symbol[0].isalpha():
            if symbol in text or before.endswith(symbol):
                return code, text.replace(symbol, " ")
    lowered = text.casefold()
    for table in (words.currencies, words.units):
        for word, code in sorted(table.items(), key=lambda kv: -len(kv[0])):
            if word[0].isalpha() or word == "%":
                pattern = re.escape(word) if word == "%" else rf"(?<![^\W\d_]){re.escape(word)}\b"
                found = re.search(pattern, lowered)
                if found:
                    return code, text[: found.start()] + " " + text[found.end():]
    return None, text


def _counted(doc, start: int, end: int) -> str | None:
    """The noun phrase the number in text[start:end] counts: its head noun with the compounds and
    adjectives between the number and the noun, or the object of a following "of"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    noun = None
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i >= span.end:
        noun = root.head
    else:
        following = doc[span.end] if span.end < len(doc) else None
        if following is not None and following.lower_ == "of":
            noun = next((c for c in following.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
        elif following is not None and following.pos_ in ("NOUN", "PROPN") and following.head.i == root.i:
            noun = following
    if noun is None or not noun.is_alpha and not re.fullmatch(r"[\w.'’-]+", noun.text):
        return None
    first = noun.i
    for child in reversed(list(noun.lefts)):
        if child.dep_ in ("compound", "amod", "nmod") and child.i >= span.end and child.i == first - 1:
            first = child.left_edge.i if child.left_edge.i >= span.end else child.i
    if noun.i - first > 5:
        return None
    return doc[first : noun.i + 1].text


def _read(doc, start: int, end: int, label: str | None, whole: str) -> Quantity | None:
    """One candidate span read into a Quantity, or None when it holds no amount; `whole` is doc.text."""
    text = whole[start:end]
    words = _words()
    hedge = words.hedge_pattern.match(text)
    body = text[hedge.end():] if hedge else text
    unit, body = _unit(body, whole[max(0, start - 3) : start])
    vague = words.vague_pattern.fullmatch(text.strip())
    if vague:
        parts = [p for p in re.findall(r"[^\W\d_]+", body.casefold()) if p not in ("of", "a", "an")]
        value = words.vague.get(parts[0]) or words.numbers.get(parts[0], 1.0)
        for part in parts[1:]:  # "tens of thousands": 10 × 1000; "several dozen": 3 × 12
            value *= words.scales.get(part.removesuffix("s")) or words.numbers.get(part, 1.0)
        approximate = parts[0] in words.vague or bool(hedge)
    else:
        value, ranged = _value(body, money=unit is not None and unit.isupper())
        if value is None:
            return None
        approximate = bool(hedge) or ranged
    if label not in ("MONEY", "PERCENT", "QUANTITY") and unit is None and _YEAR.fullmatch(body.strip()):
        return None  # a bare year the tagger called a number
    counts = None if unit is not None else _counted(doc, start, end)
    if counts is not None and counts.casefold() in words.currencies:  # "millions of dollars"
        unit, counts = words.currencies[counts.casefold()], None
    if unit is not None and whole[max(0, start - 1) : start] in words.currencies:
        start -= 1  # "$" left outside the entity ("$12B" tagged "12B")
    return Quantity(whole[start:end], start, end, value, approximate, unit, counts)


def _numbers_only(ent) -> bool:
    """A DATE entity that is only numbers ("between 20 and 30" before "ships"), not a date."""
    return all(t.tag_ in ("CD", "CC", "IN", "TO", "HYPH", "SYM") for t in ent) \
        and not any(_YEAR.fullmatch(t.text) for t in ent) and ent.root.dep_ in ("nummod", "quantmod")


_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|No\.?|Nos\.|#")


def _label_number(token) -> bool:
    """Whether a number names something rather than counting it: it follows the noun it modifies
    ("Flight 370", "Article 5") or an abbreviation ("H.R. 8 bill", "No. 2231")."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return token.head.i < token.i or (before is not None and _ABBREVIATION.fullmatch(before.text) is not None)


def quantities(doc) -> list[Quantity]:
    """Every amount in a spaCy Doc, in text order, without overlaps (the longest candidate wins)."""
    text = doc_text(doc)
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NOT_QUANTITIES and not _numbers_only(e)]
    candidates: list[tuple[int, int, str | None]] = []
    for match in _words().vague_pattern.finditer(text):
        candidates.append((match.start(), match.end(), None))
    for ent in doc.ents:
        if ent.label_ in LABELS or ent.label_ == "DATE" and _numbers_only(ent):
            start, end = ent.start_char, ent.end_char
            while end > start and not text[end - 1].isalnum() and text[end - 1] != "%":
                end -= 1
            candidates.append((start, end, ent.label_))
    in_entity = [(e.start_char, e.end_char) for e in doc.ents]
    for token in doc:
        if token.tag_ == "CD" and token.dep_ == "nummod" and token.head.is_alpha \
                and re.fullmatch(r"[\d,.]+", token.text) and not _label_number(token) \
                and not any(s <= token.idx < e for s, e in in_entity):
            candidates.append((token.idx, token.idx + len(token.text), None))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    found: list[Quantity] = []
    for start, end, label in candidates:
        if any(s < end and start < e for s, e in blocked):
            continue
        if any(q.start < end and start < q.end for q in found):
            continue
        glued = re.match(r"[^\W\d_]+", text[end:]) if text[end - 1 : end].isdigit() else None
        if glued and glued[0].casefold() in _words().units | _words().scales:
            end += len(glued[0])  # "5m", "13B"
        elif glued or start > 0 and text[start - 1].isalnum():
            continue  # a number glued to letters ("Riddy10", "3000videos") names something, it counts nothing
        quantity = _read(doc, start, end, label, text)
        if quantity is not None:
            found.append(quantity)
    return sorted(found, key=lambda q: q.start)
