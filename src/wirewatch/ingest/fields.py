"""Small parsers for metadata fields that readers share."""
from __future__ import annotations

import re
import time
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from wirewatch.clean.text_cues import load_cues


def parse_published(value: object) -> date | None:
    """An ISO date or date-time string (or a ``time.struct_time``) as a date; anything else is None."""
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_timestamp(value: object) -> datetime | None:
    """An ISO date-time (e.g. a WARC-Date) as an aware datetime, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


# " – ", " - ", " | ", ": ", " » ", " > " between an outlet's name and a section; a hyphen
# needs spaces around it, so "Gazette-Herald" stays whole.
_TITLE_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*[|»>•·]\s*|:\s+")
_MAX_NAME_WORDS = 6


def outlet_from_feed(title: str | None, link: str | None) -> str | None:
    """The outlet a feed speaks for: its title without a section part, else its link's host.

    "The Northern Gazette – World & Business" gives "The Northern Gazette"; of "World news | The
    Northern Gazette" the part that spells the link's host wins. A title with no part that reads
    as a name ("Latest News – World", "RSS") gives the host.
    """
    host = outlet_from_url(link)
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title or "") if p and p.strip()]
    named = [p for p in parts if _is_plausible_name(p)]
    spelled = sorted((p for p in named if host and _spells_host(p, host)), key=len, reverse=True)
    if spelled:
        return spelled[0]  # the fullest spelling: "The Northern Gazette" rather than "Gazette"
    if named and named[0] == parts[0]:
        return named[0]  # "Name – Section": the section suffix goes
    return host or (named[0] if named else None)


def _is_plausible_name(part: str) -> bool:
    """A short run of words that are not all section or feed words ("World & Business", "RSS")."""
    words = re.findall(r"\w+|&", part.casefold())
    if not words or len(words) > _MAX_NAME_WORDS or not any(c.isalpha() for c in part):
        return False
    return not all(w in load_cues().feed_section_words for w in words)


def _spells_host(part: str, host: str) -> bool:
    """True when the part's letters and the host's first label agree ("The Guardian", theguardian.com)."""
    label = re.sub(r"[^a-z0-9]", "", host.split(".")[0])
    letters = re.sub(r"[^a-z0-9]", "", part.casefold())
    return len(label) >= 3 and bool(letters) and (label in letters or letters in label)


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL without ``www.``, the outlet's name of last resort."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.lower().removeprefix("www.")
    return host or None


_NAME_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(name: str) -> datetime | None:
    """A date in a file name (2023-08-10-slug.txt), taken as the day the page was saved.

    Scrapers often name files by date; it is a better reference for "on Thursday, August 10"
    than the file's modification time, which a copy or a checkout resets.
    """
    match = _NAME_DATE.search(name)
    if not match:
        return None
    try:
        day = datetime(int(match[1]), int(match[2]), int(match[3]), 23, 59, tzinfo=timezone.utc)
    except ValueError:
        return None
    return day
