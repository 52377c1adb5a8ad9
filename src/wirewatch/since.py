"""`--since` and `?since=` values: a day ('YYYY-MM-DD') or a span back from now ('24h', '7d', '2w')."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from wirewatch.errors import BadQuery

_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")


def parse_since(value: str | None, today: date | None = None) -> date | None:
    """The first day meant by `value` (None for none); BadQuery (W004) for anything else."""
    if value is None or not value.strip():
        return None
    match = _RELATIVE.match(value.strip().lower())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        now = datetime.now(timezone.utc) if today is None else datetime.combine(today, datetime.min.time(), timezone.utc)
        try:
            span = {"h": timedelta(hours=amount), "d": timedelta(days=amount), "w": timedelta(weeks=amount)}[unit]
            return (now - span).date()
        except OverflowError:
            raise BadQuery(f"since={value!r} reaches back before year 1") from None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadQuery(f"since={value!r} is neither YYYY-MM-DD nor a span such as 24h, 7d, 2w") from None
