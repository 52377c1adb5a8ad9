"""Publication dates: from HTML pages (htmldate plus page signals) and from plain text."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from htmldate import find_date
from htmldate.utils import load_html
from lxml.html import HtmlElement

from wirewatch.clean.encoding import decode_bytes

# original_date: the publication date, not the last update (htmldate_eval DEV: F1 0.946 vs 0.910).
HTMLDATE_OPTIONS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"}

_ISO_DAY = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
# A year/month path segment ("/2019/08/"): the page belongs to that month.
_URL_YEAR_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/")
_EARLIEST_WEB_DATE = date(1995, 1, 1)


def find_html_date(html: str | bytes, *, url: str | None = None) -> date | None:
    """Publication date of an HTML page, or None when none is found."""
    text = decode_bytes(html) if isinstance(html, bytes) else html
    # htmldate's own parser keeps HTML comments, where some pages put their date. Text without
    # a tag is no page (and htmldate would fetch a bare "http..." string as a URL).
    tree = load_html(text) if "<" in text else None
    if tree is None:
        return None
    return refine_html_date(tree, find_date(tree, url=url, **HTMLDATE_OPTIONS), url=url)


def refine_html_date(tree: HtmlElement, found: str | None, *, url: str | None = None) -> date | None:
    """Correct htmldate's answer with schema.org microdata and the URL's year/month.

    found: htmldate's answer (``YYYY-MM-DD``) for this tree, run with HTMLDATE_OPTIONS.
    """
    # Microdata is the page's own statement of publication; htmldate does not always reach it.
    declared = microdata_published(tree)
    if declared is not None:
        return declared
    result = _parse_iso_day(found)
    bounds = _url_month_bounds(url)
    if bounds and (result is None or not bounds[0] <= result <= bounds[1]):
        # The URL names the month: a date outside it came from elsewhere on the page.
        in_month = find_date(tree, url=url, min_date=bounds[0].isoformat(), max_date=bounds[1].isoformat(),
                             **HTMLDATE_OPTIONS)
        result = _parse_iso_day(in_month) or result
    return result


def microdata_published(tree: HtmlElement) -> date | None:
    """First ``itemprop="datePublished"`` value that reads as a plausible date."""
    for element in tree.iterfind('.//*[@itemprop="datePublished"]'):
        value = element.get("content") or element.get("datetime") or element.text_content()
        found = _parse_iso_day(value)
        if found is not None:
            return found
    return None


def _parse_iso_day(value: str | None) -> date | None:
    """The first YYYY-MM-DD in value as a date, if valid and not implausibly early or late."""
    match = _ISO_DAY.search(value or "")
    if not match:
        return None
    try:
        found = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return found if _EARLIEST_WEB_DATE <= found <= date.today() else None


def _url_month_bounds(url: str | None) -> tuple[date, date] | None:
    """First and last day of the month named by a /YYYY/MM/ URL segment."""
    match = _URL_YEAR_MONTH.search(url or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------
# Dates written in plain text
# ---------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_WEEKDAY_ABBREVIATIONS = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}


def _alternation(names: dict[str, int]) -> str:
    """Regex alternation of capitalised or upper-case names, longest first ("may" the verb stays out)."""
    forms = sorted({f for name in names for f in (name.capitalize(), name.upper())}, key=len, reverse=True)
    return "|".join(forms)


_MONTH = rf"(?P<month>{_alternation(_MONTHS)})\.?"
# Abbreviated weekdays only with their dot or comma: "Sun" alone is more often a newspaper.
_WEEKDAY = (rf"(?:(?P<weekday>{_alternation(_WEEKDAYS)}|(?:{_alternation(_WEEKDAY_ABBREVIATIONS)})(?=[.,]))"
            r"\.?,?\s+(?:the\s+)?)?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?!\d))?"
# A day or date followed by "-31" or "to 31" is a range: an event's span, not a publication date.
_RANGE_AFTER = re.compile(r"\s*(?:[-–—]|to\b|until\b|through\b)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–—]|to|until|through)\s*$")
_RANGE_WINDOW = 12
# Each pattern opens with a lookahead on its first character (a capital, a digit): the regex
# engine then skips straight to such positions, which makes a scan of a long page 2-3x faster.
_PATTERNS = (
    re.compile(rf"(?=[A-Z])\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b{_YEAR}"),  # Monday, August 14, 2023
    re.compile(rf"(?=[A-Z]|\d)\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}"),  # Monday 14 August 2023
    re.compile(r"(?=\d)\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b"),  # 2023-08-14
    re.compile(r"(?=\d)\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),  # 14.08.2023
    re.compile(r"(?=\d)\b(?P<first>[01]?\d|[23]\d)/(?P<second>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"),  # 8/14/2023
)
# Words that introduce the date an article reports from or was published on.
_CUE_BEFORE = re.compile(
    r"(?:\bon|\bpublished|\bposted|\breported|\bupdated|\bdated|\bissued|\breleased|\bas of|\bdate:?)\s*$",
    re.IGNORECASE,
)
_CUE_WINDOW = 24
_DATELINE_LINES = 3
_DATELINE_MAX_WORDS_BEFORE = 4  # a place, agency or label, not a sentence
_YEAR_LOOKBACK = 40  # enough for any weekday/day/month combination, Feb 29 included
_COMING_WINDOW = timedelta(days=366)


@dataclass(frozen=True)
class DateMention:
    """A date found in text, with what makes it a likely publication date."""

    day: date
    position: int
    score: int


def resolve_text_date(text: str, reference: date) -> date | None:
    """The publication date among the dates an article's text mentions, or None.

    reference: when the text was fetched; dates without a year resolve to the latest matching day
    not after it (and on the named weekday, if one is given); later dates are never chosen.
    Dates in a dateline or after "published", "updated", "reported on"... count most; among
    equally good ones the date nearest the reference wins (background dates lie further back).
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    mentions = [m for m in find_date_mentions(text, reference) if m.day <= reference]
    if not mentions:
        return None
    best = max(mentions, key=lambda m: (m.score, m.day, -m.position))
    return best.day


def find_date_mentions(text: str, reference: date) -> list[DateMention]:
    """Every resolvable date mention in text, scored; ranges and impossible dates left out."""
    dateline_end = _dateline_end(text)
    mentions = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if _is_range(text, match):
                continue
            mention = _mention_from(match, text, reference, dateline_end)
            if mention is not None:
                mentions.append(mention)
    return mentions


def _is_range(text: str, match: re.Match) -> bool:
    """True when the matched day is one end of a span such as "August 21-31" or "3 to 7 May"."""
    return bool(_RANGE_AFTER.match(text, match.end())
                or _RANGE_BEFORE.search(text, max(0, match.start() - _RANGE_WINDOW), match.start()))


def _mention_from(match: re.Match, text: str, reference: date, dateline_end: int) -> DateMention | None:
    """Resolve one regex match to a scored mention, or None if it names no real day."""
    fields = match.groupdict()
    weekday_name = (fields.get("weekday") or "").lower()
    weekday = _WEEKDAYS.get(weekday_name, _WEEKDAY_ABBREVIATIONS.get(weekday_name))
    year = int(fields["year"]) if fields.get("year") else None
    month, day = _month_and_day(fields)
    if month is None:
        return None
    if year is None:
        if weekday is not None and _is_coming_weekday_date(month, day, weekday, reference):
            return None
        found = _latest_matching_day(month, day, weekday, reference)
        score = 3 if weekday is not None else 1
    else:
        found = _safe_date(year, month, day)
        # A contradicting weekday, or 03/04 read either way, makes a mention doubtful; the year still anchors it.
        doubtful = (weekday is not None and found and found.weekday() != weekday) or _ambiguous_order(fields)
        score = 1 if doubtful else 3
    if found is None:
        return None
    before = text[max(0, match.start() - _CUE_WINDOW):match.start()]
    score += 2 if _CUE_BEFORE.search(before) else 0
    score += 4 if _in_dateline(text, match.start(), dateline_end) else 0
    return DateMention(found, match.start(), score)


def _month_and_day(fields: dict[str, str | None]) -> tuple[int | None, int]:
    """Month and day numbers from a match's groups; US order for ambiguous slashed dates."""
    if fields.get("first"):
        first, second = int(fields["first"]), int(fields["second"] or 0)
        # 14/08/2023 can only be day-first; 8/14/2023 and 8/9/2023 read month-first (US wire style).
        return (second, first) if first > 12 else (first, second)
    name = fields["month"] or ""
    month = _MONTHS.get(name.lower()) if name.isalpha() else int(name)
    return month, int(fields["day"] or 0)


def _ambiguous_order(fields: dict[str, str | None]) -> bool:
    """True for a slashed date that reads as a different day month-first and day-first."""
    first, second = fields.get("first"), fields.get("second")
    return bool(first and second and first != second and int(first) <= 12 and int(second) <= 12)


def _latest_matching_day(month: int, day: int, weekday: int | None, reference: date) -> date | None:
    """Latest date with this month/day (and weekday) that is not after the reference."""
    for year in range(reference.year, reference.year - _YEAR_LOOKBACK, -1):
        found = _safe_date(year, month, day)
        if found and found <= reference and (weekday is None or found.weekday() == weekday):
            return found
    return None


def _is_coming_weekday_date(month: int, day: int, weekday: int, reference: date) -> bool:
    """True when "Monday, August 21" names a day in the coming year sooner than any past one.

    Such a date is an event the article announces (drills that "begin on Monday, August 21"),
    not the day it was published, and reading it as the last past Monday, 21 August would date
    the article years back.
    """
    for year in (reference.year, reference.year + 1):
        coming = _safe_date(year, month, day)
        if coming and reference < coming <= reference + _COMING_WINDOW and coming.weekday() == weekday:
            past = _latest_matching_day(month, day, weekday, reference)
            return past is None or reference - past > coming - reference
    return False


def _safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when the numbers name no real day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_dateline(text: str, start: int, dateline_end: int) -> bool:
    """True for a date opening one of the first lines ("LISBON, 12 March 2024 -", "Published: ...")."""
    if start >= dateline_end:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return len(text[line_start:start].split()) <= _DATELINE_MAX_WORDS_BEFORE


def _dateline_end(text: str) -> int:
    """Offset where the first few non-empty lines (headline, byline, dateline) end."""
    seen, offset = 0, 0
    for line in text.splitlines(keepends=True):
        offset += len(line)
        seen += bool(line.strip())
        if seen >= _DATELINE_LINES:
            break
    return offset

