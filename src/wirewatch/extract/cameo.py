"""The CAMEO event-code table Wirewatch ships: names, Goldstein values, quad/penta class, PLOVER.

Both tables are data files under ``wirewatch/data`` (``cameo.tsv``, ``cameo_plover.tsv``),
read once. Codes are strings with their leading zeros: ``"01"`` is a root, ``"010"`` a code,
``"0211"`` a sub-code; ``10`` (an int) is refused rather than guessed.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wirewatch.errors import UnknownEventCode

CAMEO_FILE = "cameo.tsv"
PLOVER_FILE = "cameo_plover.tsv"

QUAD_CLASS_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
PENTACLASS_NAMES = {0: "statement", 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                    4: "material conflict"}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code: its name in Wirewatch's wording and the standard values derived from it."""

    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int
    pentaclass: int


@dataclass(frozen=True)
class PloverMapping:
    """The PLOVER counterpart of a CAMEO code; ``mode`` and ``context`` are empty where the mapping has none."""

    event_type: str
    mode: str | None
    context: tuple[str, ...]


def quad_class_of_root(root: int) -> int:
    """GDELT's QuadClass: 01-05 verbal cooperation 1, 06-08 material cooperation 2,
    09-13 verbal conflict 3, 14-20 material conflict 4."""
    if not 1 <= root <= 20:
        raise ValueError(f"CAMEO roots run from 1 to 20, not {root}")
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def pentaclass_of_root(root: int) -> int:
    """Pentaclass (Phoenix, ConfliBERT): 0 = 01-02, 1 = 03-05, 2 = 06-08, 3 = 09-13 and 16
    (reduce relations counted as verbal conflict), 4 = 14-15 and 17-20."""
    if not 1 <= root <= 20:
        raise ValueError(f"CAMEO roots run from 1 to 20, not {root}")
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    return 3 if root <= 13 or root == 16 else 4


def _rows(file_name: str, header: list[str]) -> list[list[str]]:
    text = resources.files("wirewatch").joinpath("data", file_name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    if lines[0].split("\t") != header:
        raise ValueError(f"{file_name}: expected the columns {header}, found {lines[0]!r}")
    rows = [line.split("\t") for line in lines[1:]]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"{file_name}: {len(header)} tab-separated fields expected in {row!r}")
    return rows


@lru_cache(maxsize=1)
def _cameo_table() -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for code, name, goldstein in _rows(CAMEO_FILE, ["code", "name", "goldstein"]):
        root = int(code[:2])
        table[code] = CameoCode(code, name, float(goldstein), code[:2], quad_class_of_root(root),
                                pentaclass_of_root(root))
    return table


@lru_cache(maxsize=1)
def _plover_table() -> dict[str, PloverMapping]:
    return {
        code: PloverMapping(event_type, mode or None, tuple(c for c in context.split(";") if c))
        for code, event_type, mode, context in _rows(PLOVER_FILE, ["code", "event_type", "mode", "context"])
    }


def event_code(code: str) -> CameoCode:
    """The CAMEO entry of ``code`` (a 2-, 3- or 4-digit string); UnknownEventCode when there is none."""
    if not isinstance(code, str):
        raise UnknownEventCode(
            f"CAMEO codes are strings with their leading zeros (e.g. '010'), got {type(code).__name__} {code!r}"
        )
    found = _cameo_table().get(code.strip())
    if found is None:
        raise UnknownEventCode(f"{code!r} is not a CAMEO 1.1b3 event code (roots '01'-'20', codes like '010', '0211')")
    return found


def root_of(code: str) -> str:
    """The 2-digit root of a CAMEO code: '0211' -> '02'."""
    return event_code(code).root


def quad_class(code: str) -> int:
    """GDELT's quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    return event_code(code).quad_class


def pentaclass(code: str) -> int:
    """Pentaclass: 0 statement (01-02), 1 verbal coop. (03-05), 2 material coop. (06-08),
    3 verbal conflict (09-13, 16), 4 material conflict (14-15, 17-20)."""
    return event_code(code).pentaclass


def plover_mapping(code: str) -> PloverMapping | None:
    """The PLOVER type, mode and context of a CAMEO code; None for codes PLOVER leaves out (roots 01, 02)."""
    return _plover_table().get(event_code(code).code)


def plover_type(code: str) -> str | None:
    """The PLOVER event type of a CAMEO code ('AGREE', 'ASSAULT', ...); None for codes PLOVER leaves out."""
    mapping = plover_mapping(code)
    return mapping.event_type if mapping else None


def all_codes() -> tuple[CameoCode, ...]:
    """Every CAMEO code of the table, roots followed by their codes, in code order."""
    return tuple(_cameo_table().values())
