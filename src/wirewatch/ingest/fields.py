"""Small parsers for metadata fields that readers share."""
from __future__ import annotations

import time
from datetime import date, datetime, timezone
from urllib.parse import urlsplit


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


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL without ``www.``, the outlet's name of last resort."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.lower().removeprefix("www.")
    return host or None
