"""Date expressions in an analysed article, resolved against the article's publication date.

Patterns over the text find explicit dates ("Monday, August 14", "Aug. 21–31", "2023-08-14",
"in 2022") and relative ones ("yesterday", "over the weekend", "last week", "earlier this
month", "two weeks ago"); spaCy DATE entities the patterns missed get a second chance through
the same patterns and, when they hold a month or a digit, dateparser. A date without a year or
a direction is placed by its clause: future ("will hold drills on Monday", "scheduled for
August 21-31") looks ahead, past looks back, a clause with neither takes the nearest date
(weekdays and weekends look back). Cue words live in ``data/timex.toml``.
"""
from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from wirewatch.model import TimeSpan
from wirewatch.extract.nlp import doc_text

Resolved = tuple[date, date] | None

_MONTH = (r"(?P<{g}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])\.?")
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)(?!\d)"
_DASH = r"\s*[-–—]\s*"
_COUNT = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COUNTS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1, "an": 1}
_WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.casefold()[:3]: i for i, name in enumerate(calendar.month_name) if name}


@lru_cache(maxsize=1)
def _cues() -> dict:
    text = resources.files("wirewatch.data").joinpath("timex.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _month(name: str) -> int:
    return _MONTHS[name.casefold()[:3]]


def _day(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _choose(candidates: Sequence[tuple[date, date]], reference: date, tense: str | None) -> Resolved:
    """The candidate interval that fits the tense: past ones end by the reference, future ones
    end on or after it; otherwise (or when none fits) the one nearest the reference."""
    def distance(c: tuple[date, date]) -> tuple[int, bool]:
        first, last = c
        gap = 0 if first <= reference <= last else min(abs((first - reference).days), abs((last - reference).days))
        return gap, first > reference  # on a tie, the earlier one
    pool = list(candidates)
    if tense == "past":
        pool = [c for c in pool if c[0] <= reference] or pool
    elif tense == "future":
        pool = [c for c in pool if c[1] >= reference] or pool
    return min(pool, key=distance) if pool else None


def _month_day(reference: date, tense: str | None, m1: int, d1: int, m2: int | None = None,
               d2: int | None = None, year: str | None = None, weekday: str | None = None) -> Resolved:
    """A day or a range of days in a month, the year given or chosen by the tense."""
    years = [int(year)] if year else [reference.year - 1, reference.year, reference.year + 1]
    candidates = []
    for y in years:
        first = _day(y, m1, d1)
        last = first if d2 is None else _day(y, m2 or m1, d2)
        if last is not None and first is not None and last < first:
            last = _day(y + 1, m2 or m1, d2)
        if first is None or last is None:
            continue
        if weekday and d2 is None and first.weekday() != _WEEKDAYS[weekday.title()]:
            continue
        candidates.append((first, last))
    if weekday and not candidates:  # the weekday contradicts every year: trust the numbers
        return _month_day(reference, tense, m1, d1, m2, d2, year)
    return _choose(candidates, reference, tense)


def _weekday(reference: date, name: str, modifier: str | None, tense: str | None) -> Resolved:
    target = _WEEKDAYS[name.title()]
    back = (reference.weekday() - target) % 7
    ahead = (target - reference.weekday()) % 7
    modifier = (modifier or "").casefold()
    if modifier in ("next", "coming", "this coming") or (tense == "future" and modifier not in ("last", "past", "this past")):
        day = reference + timedelta(days=ahead or (7 if modifier == "next" else 0))
    else:
        day = reference - timedelta(days=back or (7 if modifier in ("last", "past", "this past") else 0))
    return day, day


def _weekend(reference: date, modifier: str, tense: str | None) -> Resolved:
    modifier = modifier.casefold()
    ahead = modifier in ("next", "the coming", "this coming") or (tense == "future" and modifier not in ("last", "this past", "the past"))
    if ahead:
        saturday = reference + timedelta(days=(5 - reference.weekday()) % 7)
        if modifier == "next" and reference.weekday() >= 5:
            saturday += timedelta(days=7)
    else:
        saturday = reference - timedelta(days=(reference.weekday() - 5) % 7)
        if modifier == "last" and reference.weekday() >= 5:
            saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1)


def _unit(reference: date, edge: str | None, which: str, unit: str) -> Resolved:
    """ "last week", "this month", "next year", "earlier this month", "later this year"."""
    which = which.casefold()
    if which in ("past", "the past"):  # "the past week": the last seven days, not the calendar week
        return _ago(reference, "1", unit, since=True)
    step = {"last": -1, "the previous": -1, "this": 0,
            "next": 1, "coming": 1, "the coming": 1, "the following": 1}[which]
    if unit == "week":
        first, last = _week(reference + timedelta(weeks=step))
    elif unit == "month":
        first, last = _month_range(*_shift_month(reference, step))
    else:
        first, last = date(reference.year + step, 1, 1), date(reference.year + step, 12, 31)
    edge = (edge or "").casefold()
    if step == 0 and edge == "earlier":
        return first, max(first, reference - timedelta(days=1))
    if step == 0 and edge == "later":
        return min(last, reference + timedelta(days=1)), last
    return first, last


def _ago(reference: date, count: str, unit: str, since: bool) -> Resolved:
    n = _COUNTS.get(count.casefold()) if not count.isdigit() else int(count)
    if n is None:
        return None
    unit = unit.casefold()
    if unit == "day":
        start = reference - timedelta(days=n)
        return (start, reference) if since else (start, start)
    if unit == "week":
        start = reference - timedelta(weeks=n)
        return (start, reference) if since else _week(start)
    if unit == "month":
        year, month = _shift_month(reference, -n)
        return (date(year, month, min(reference.day, calendar.monthrange(year, month)[1])), reference) if since \
            else _month_range(year, month)
    if not 0 <= reference.year - n:
        return None
    return (date(reference.year - n, 1, 1), reference) if since else (date(reference.year - n, 1, 1), date(reference.year - n, 12, 31))


def _month_alone(reference: date, tense: str | None, month: int, part: str | None, year: str | None) -> Resolved:
    years = [int(year)] if year else [reference.year - 1, reference.year, reference.year + 1]
    bounds = _cues()["month_parts"].get((part or "").casefold().rstrip("-"), [1, 31])
    candidates = []
    for y in years:
        first, last = _month_range(y, month)
        candidates.append((first.replace(day=bounds[0]), last.replace(day=min(bounds[1], last.day))))
    if part is None and not year and month == reference.month:
        return _month_range(reference.year, month)
    return _choose(candidates, reference, tense)


def _relative_day(reference: date, words: str) -> Resolved:
    words = " ".join(words.casefold().split())
    offset = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1,
              "the day after tomorrow": 2}.get(words, 0)
    day = reference + timedelta(days=offset)
    return day, day


def _numeric_date(a: int, b: int, year: int) -> Resolved:
    """ "14/07/2023" or "7/14/2023"; None when both orders are possible ("5/7/2023")."""
    readings = {d for d in (_day(year, b, a), _day(year, a, b)) if d is not None}
    return (readings.pop(),) * 2 if len(readings) == 1 else None


# Each pattern: a regex and a function of (match, reference, tense) giving the interval or None.
# Patterns are tried on the whole text; where two matches overlap the longer one wins.
_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match, date, str | None], Resolved]]] = [
    (re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
     lambda m, r, t: (lambda d: (d, d) if d else None)(_day(int(m["y"]), int(m["m"]), int(m["d"])))),
    (re.compile(r"(?<![\d/])(?P<a>[01]?\d|[23]\d)/(?P<b>[01]?\d|[23]\d)/(?P<y>(?:19|20)\d\d)(?![\d/])"),
     lambda m, r, t: _numeric_date(int(m["a"]), int(m["b"]), int(m["y"]))),
    (re.compile(r"(?:\b(?P<pre>(?i:from|between))\s+)?\b" + _MONTH.format(g="m1") + r"\s+" + _DAY.format(g="d1")
                + r"(?P<sep>" + _DASH + r"|\s+(?i:to|through|until|till|and)\s+)(?:" + _MONTH.format(g="m2") + r"\s+)?"
                + _DAY.format(g="d2") + r"(?:,?\s+" + _YEAR.format(g="y") + ")?"),
     lambda m, r, t: None if m["sep"].strip().casefold() == "and" and (m["pre"] or "").casefold() != "between"
     else _month_day(r, t, _month(m["m1"]), int(m["d1"]), _month(m["m2"]) if m["m2"] else None, int(m["d2"]), m["y"])),
    (re.compile(r"\b" + _DAY.format(g="d1") + _DASH + _DAY.format(g="d2") + r"\s+" + _MONTH.format(g="m1")
                + r"(?:,?\s+" + _YEAR.format(g="y") + ")?"),
     lambda m, r, t: _month_day(r, t, _month(m["m1"]), int(m["d1"]), None, int(m["d2"]), m["y"])),
    (re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?" + _MONTH.format(g="m1") + r"\s+" + _DAY.format(g="d1")
                + r"(?:,?\s+" + _YEAR.format(g="y") + ")?"),
     lambda m, r, t: _month_day(r, t, _month(m["m1"]), int(m["d1"]), year=m["y"], weekday=m["wd"])),
    (re.compile(r"\b(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?" + _DAY.format(g="d1") + r"\s+(?:of\s+)?"
                + _MONTH.format(g="m1") + r"(?:,?\s+" + _YEAR.format(g="y") + ")?"),
     lambda m, r, t: _month_day(r, t, _month(m["m1"]), int(m["d1"]), year=m["y"], weekday=m["wd"])),
    (re.compile(r"\b(?:(?P<part>(?i:early|mid|late))(?:-|\s+))?" + _MONTH.format(g="m1") + r",?\s+" + _YEAR.format(g="y")),
     lambda m, r, t: _month_alone(r, t, _month(m["m1"]), m["part"], m["y"])),
    (re.compile(r"(?:\b(?i:in|during|since|until|through|throughout|by|before|after|of)\s+|\b(?P<part>(?i:early|mid|late))(?:-|\s+))"
                + _MONTH.format(g="m1") + r"(?![\s.,]*\d)"),
     lambda m, r, t: _month_alone(r, t, _month(m["m1"]), m["part"], None)),
    (re.compile(r"\b(?i:(?P<since>since)|in|during|throughout|of|early|late|mid-?)\s*" + _YEAR.format(g="y") + r"(?![-–/]\d|,\d)"),
     lambda m, r, t: (date(int(m["y"]), 1, 1), r if m["since"] and int(m["y"]) <= r.year else date(int(m["y"]), 12, 31))),
    (re.compile(r"\b(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|"
                r"last\s+night|this\s+(?:morning|afternoon|evening))\b"),
     lambda m, r, t: _relative_day(r, m[0])),
    (re.compile(r"\b(?:(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|past|coming))\s+)?" + _WEEKDAY
                + r"(?!s\b)(?:\s+(?i:morning|afternoon|evening|night))?\b"),
     lambda m, r, t: _weekday(r, m["wd"], " ".join((m["mod"] or "").split()) or None, t)),
    (re.compile(r"(?i:\b(?:(?P<mod>over|during|at|throughout|this\s+past|this\s+coming|this|last|next|the\s+coming|the\s+past)"
                r"\s+(?:the\s+)?|\bthe\s+)weekend\b)"),
     lambda m, r, t: _weekend(r, " ".join((m["mod"] or "").split()), t)),
    (re.compile(r"(?i:\b(?:(?P<edge>earlier|later)\s+)?(?P<which>last|next|this|the\s+past|the\s+previous|the\s+coming|"
                r"the\s+following)\s+(?P<unit>week|month|year)\b)"),
     lambda m, r, t: _unit(r, m["edge"], " ".join(m["which"].split()), m["unit"].casefold())),
    (re.compile(r"(?i:\b" + _COUNT + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b)"),
     lambda m, r, t: _ago(r, m["n"], m["unit"], since=False)),
    (re.compile(r"(?i:\b(?:the\s+)?(?:past|last|previous)\s+" + _COUNT + r"\s+(?P<unit>day|week|month|year)s\b)"),
     lambda m, r, t: _ago(r, m["n"], m["unit"], since=True)),
]


def _tense(doc, start: int, end: int) -> str | None:
    """ "future", "past" or None (present or unknown) for the clause a date sits in."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    cues = _cues()
    token = span.root
    for _ in range(12):
        if token.lower_ in cues["future_words"]:
            return "future"
        if token.pos_ in ("VERB", "AUX"):
            auxiliaries = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(a in cues["future_auxiliaries"] for a in auxiliaries):
                return "future"
            if token.lower_ == "going" and any(c.dep_ == "xcomp" for c in token.children):
                return "future"
            if token.tag_ == "VBD" or any(a in cues["past_auxiliaries"] for a in auxiliaries):
                return "past"
            if token.tag_ in ("VBZ", "VBP", "VB") or auxiliaries:
                return None
        if token.head.i == token.i:
            break
        token = token.head
    return None


def _entity_fallback(ent, reference: date) -> Resolved:
    """A DATE entity the patterns missed: a bare year, or dateparser's reading when it holds digits."""
    text = ent.text.strip()
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    if not re.search(r"\d", text) or re.fullmatch(r"[\d\s,.]+", text) or len(text) > 40:
        return None
    try:
        import dateparser
    except ImportError:  # the patterns alone still work
        return None
    from datetime import datetime
    parsed = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": datetime.combine(reference, datetime.min.time()), "PREFER_DATES_FROM": "past",
        "STRICT_PARSING": True})
    if parsed is None or abs(parsed.year - reference.year) > 100:
        return None
    return parsed.date(), parsed.date()


def time_spans(doc, reference: date) -> list[TimeSpan]:
    """Every date expression of a spaCy Doc, resolved against `reference` (the article's date), in text order."""
    text = doc_text(doc)
    found: list[tuple[int, int, date, date]] = []

    def add(start: int, end: int, resolved: Resolved) -> None:
        if resolved is None or any(s < end and start < e for s, e, _, _ in found):
            return
        found.append((start, end, *resolved))

    matches = [(m, resolve) for pattern, resolve in _PATTERNS for m in pattern.finditer(text)]
    matches.sort(key=lambda item: (-(item[0].end() - item[0].start()), item[0].start()))
    for match, resolve in matches:
        start, end = _trim(text, match.start(), match.end())
        add(start, end, resolve(match, reference, _tense(doc, start, end)))
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(s < ent.end_char and ent.start_char < e for s, e, _, _ in found):
            continue
        add(ent.start_char, ent.end_char, _entity_fallback(ent, reference))
    found.sort()
    return [TimeSpan(text[s:e], s, e, first, last) for s, e, first, last in found]


_LEADING = re.compile(r"(?i:in|on|at|during|of|by|until|through|throughout|before|after)\s+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading plain preposition ("in 2022" → "2022") or trailing punctuation."""
    leading = _LEADING.match(text, start, end)
    if leading:
        start = leading.end()
    while end > start and text[end - 1] in " .,":
        end -= 1
    return start, end


def sentence_time(sent_span, spans: Sequence[TimeSpan], reports: bool = True) -> TimeSpan | None:
    """The date of one sentence (a spaCy Span) among `spans`: the one that dates its event.

    A date attached to a verb of saying ("said on Monday", "as reported on Monday") dates the
    report and loses to any other date in the sentence (with `reports` False it is never
    chosen); then the most precise (shortest) wins, then the first.
    """
    inside = [s for s in spans if sent_span.start_char <= s.start and s.end <= sent_span.end_char]
    if not inside:
        return None
    reporting = set(_cues()["reporting_verbs"])

    def dates_report(span: TimeSpan) -> bool:
        tokens = sent_span.doc.char_span(span.start, span.end, alignment_mode="expand")
        token = tokens.root if tokens is not None and len(tokens) else None
        for _ in range(4):
            if token is None or token.head.i == token.i:
                return False
            token = token.head
            if token.pos_ in ("VERB", "AUX"):
                return token.lemma_ in reporting
        return False

    if not reports:
        inside = [s for s in inside if not dates_report(s)]
    return min(inside, key=lambda s: (dates_report(s), (s.last - s.first).days, s.start), default=None)
