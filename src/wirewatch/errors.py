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
