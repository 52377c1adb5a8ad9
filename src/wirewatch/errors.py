"""User-facing errors, each with a code that can be searched in the docs (docs/errors.md)."""
from __future__ import annotations


class WirewatchError(Exception):
    """An error the user can act on; ``code`` is stable, the message explains what to do."""

    code = "W000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")


class StoreError(WirewatchError):
    code = "W001"


class SchemaTooNew(StoreError):
    code = "W002"


class ArticleNotFound(WirewatchError):
    code = "W003"


class BadQuery(WirewatchError):
    code = "W004"


class InputNotFound(WirewatchError):
    code = "W005"


class EvaluationDataMissing(WirewatchError):
    code = "W006"


class StoryNotFound(WirewatchError):
    code = "W007"


class UnknownEventCode(WirewatchError, LookupError):
    code = "W008"


class EventNotFound(WirewatchError):
    code = "W009"


class DictionaryError(WirewatchError, ValueError):
    """A line of a PETRARCH-format dictionary that cannot be read; names the file and the line."""

    code = "W010"

    def __init__(self, path, line_number: int, message: str, line: str = ""):
        from pathlib import Path

        self.path, self.line_number, self.line = Path(path), line_number, line
        shown = f": {line.strip()!r}" if line.strip() else ""
        super().__init__(f"{self.path.name}, line {line_number}: {message}{shown}")


class DictionaryNotFound(WirewatchError, FileNotFoundError):
    """A folder without the PETRARCH dictionary files a coder needs."""

    code = "W011"


class FeedConfigError(WirewatchError, ValueError):
    """A feeds file that cannot be read or has a key or value Wirewatch does not know."""

    code = "W012"


class UnsafeBind(WirewatchError, ValueError):
    """Serving on an address other machines can reach, without a token."""

    code = "W013"
