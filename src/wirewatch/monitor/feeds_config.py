"""What to follow and how: the feeds and the follower's settings, from a TOML file and flags.

```toml
interval = 300          # seconds between two polls of a feed
per_host_delay = 2.0    # least seconds between two requests to one host
rate = 10               # requests a second, all hosts together

[[feed]]
url = "https://example.org/world/rss.xml"
outlet = "Example Times"   # optional: else the feed's own title names it
interval = 600             # optional: this feed's own interval
```
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from wirewatch.errors import FeedConfigError
from wirewatch.monitor.fetch import FetchSettings




@dataclass(frozen=True)
class FeedSpec:
    """A feed to follow; ``outlet`` and ``interval`` override the feed's title and the global interval."""

    url: str
    outlet: str | None = None
    interval: float | None = None


@dataclass(frozen=True)
class FollowSettings:
    """Everything the follower does besides fetching (which ``fetch`` holds).

    feed_max_bytes: the size cap for feeds (``fetch.max_bytes`` caps article pages).
    max_attempts: rounds in which a page that fails for a passing reason (5xx, timeout) is tried
        before it is recorded as skipped.
    batch_size: pages cleaned and stored per transaction; a round's last batch is stored at its end.
    """

    interval: float = 300.0
    fetch: FetchSettings = field(default_factory=FetchSettings)
    feed_max_bytes: int = 10 * 1024 * 1024
    max_attempts: int = 3
    batch_size: int = 20
    stories: bool = True
    extract: bool = True
    workers: int = 1


_FETCH_KEYS = {f.name: f.type for f in fields(FetchSettings)}
_FOLLOW_KEYS = {f.name: f.type for f in fields(FollowSettings) if f.name != "fetch"}
_FEED_KEYS = {"url", "outlet", "interval"}


def settings_with(settings: FollowSettings, values: Mapping[str, Any]) -> FollowSettings:
    """``settings`` with these values (global keys of a feeds file, or flags) replaced; None means unset."""
    follow, fetch = {}, {}
    for key, value in values.items():
        if value is None:
            continue
        if key in _FOLLOW_KEYS:
            follow[key] = _checked(key, value, _FOLLOW_KEYS[key])
        elif key in _FETCH_KEYS:
            fetch[key] = _checked(key, value, _FETCH_KEYS[key])
        else:
            known = ", ".join(sorted({*_FOLLOW_KEYS, *_FETCH_KEYS, "feed"}))
            raise FeedConfigError(f"unknown setting {key!r} (known: {known})")
    return replace(settings, **follow, fetch=replace(settings.fetch, **fetch))


def load_config(path: str | Path, settings: FollowSettings = FollowSettings()) -> tuple[FollowSettings, list[FeedSpec]]:
    """Read a feeds file: its global settings applied over ``settings``, and its ``[[feed]]`` tables.

    A feed URL is taken as written; ``follow`` refuses any that is not http or https, with the reason.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FeedConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FeedConfigError(f"{path} is not valid TOML: {exc}") from exc
    tables = data.pop("feed", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise FeedConfigError(f"{path}: feeds are given as [[feed]] tables, each with a url")
    feeds = [_feed_spec(path, number, table) for number, table in enumerate(tables, start=1)]
    return settings_with(settings, data), feeds


def _feed_spec(path: Path, number: int, table: dict) -> FeedSpec:
    unknown = set(table) - _FEED_KEYS
    if unknown:
        raise FeedConfigError(f"{path}, feed {number}: unknown key(s) {', '.join(sorted(unknown))} (known: url, outlet, interval)")
    url = table.get("url")
    if not isinstance(url, str) or not url.strip():
        raise FeedConfigError(f"{path}, feed {number}: no url")
    outlet = table.get("outlet")
    if outlet is not None and not isinstance(outlet, str):
        raise FeedConfigError(f"{path}, feed {number}: outlet must be a string")
    interval = table.get("interval")
    if interval is not None:
        interval = _checked("interval", interval, "float")
    return FeedSpec(url.strip(), outlet.strip() if outlet else None, interval)


def _checked(key: str, value: Any, kind: str) -> Any:
    """The value converted to the setting's type, or a clear error."""
    kind = kind if isinstance(kind, str) else kind.__name__
    if kind == "bool":
        if isinstance(value, bool):
            return value
    elif kind == "str":
        if isinstance(value, str):
            return value
    elif kind in ("int", "float") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0:
            raise FeedConfigError(f"setting {key!r} cannot be negative ({value})")
        if kind == "float":
            return float(value)
        if float(value).is_integer():
            return int(value)
    raise FeedConfigError(f"setting {key!r} must be {'a number' if kind in ('int', 'float') else 'a ' + kind}, not {value!r}")
