"""The shipped CAMEO table, its derived classes, the PLOVER mapping, and both checked against the standards.

The reference files are read at run time from ../shared/eval/events (never copied here); the
checks against them skip with a reason when that folder is absent.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from wirewatch.errors import UnknownEventCode, WirewatchError
from wirewatch.extract.cameo import (
    CameoCode,
    all_codes,
    event_code,
    pentaclass,
    plover_mapping,
    plover_type,
    quad_class,
    root_of,
)

EVENTS = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "events"
GDELT_CODES = EVENTS / "gdelt_cameo" / "CAMEO.eventcodes.txt"
GDELT_GOLDSTEIN = EVENTS / "gdelt_cameo" / "CAMEO.goldsteinscale.txt"
CAMEO2PLOVER = EVENTS / "plover" / "CAMEO2PLOVER-2021.txt"


def _reference(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"the reference {path.name} is read from {path.parent}, which is absent")
    return path


def _tab_rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]  # first line: column names
    return [line.split("\t") for line in lines if line.strip()]


# --- the table and its lookups -------------------------------------------------------------------

def test_the_table_loads_all_twenty_roots_with_their_codes_and_sub_codes():
    codes = [c.code for c in all_codes()]
    assert len(codes) == len(set(codes)) == 311
    assert [c for c in codes if len(c) == 2] == [f"{n:02d}" for n in range(1, 21)]
    assert sum(len(c) == 3 for c in codes) == 147 and sum(len(c) == 4 for c in codes) == 144
    assert codes == sorted(codes)
    assert all(c.code.startswith(c.root) for c in all_codes())
    assert all(c.name and c.name == c.name.strip() for c in all_codes())


def test_every_code_below_a_root_has_its_parent_in_the_table():
    codes = {c.code for c in all_codes()}
    assert all(code[:-1] in codes for code in codes if len(code) == 4)
    assert all(code[:2] in codes for code in codes)


def test_event_code_gives_name_goldstein_root_and_classes():
    threat = event_code("138")
    assert isinstance(threat, CameoCode)
    assert threat == CameoCode("138", "Threaten with military force", -7.0, "13", 3, 3)
    assert event_code("057").goldstein == 8.0
    assert event_code("0874").goldstein == 10.0
    assert event_code(" 190 ").code == "190"  # stray whitespace from a TSV cell is forgiven


def test_goldstein_values_lie_on_the_scale():
    assert all(-10.0 <= c.goldstein <= 10.0 for c in all_codes())


def test_root_of_gives_the_two_digit_root():
    assert root_of("0211") == "02"
    assert root_of("1823") == "18"
    assert root_of("20") == "20"


@pytest.mark.parametrize(
    ("code", "quad"),
    [("01", 1), ("019", 1), ("046", 1), ("057", 1), ("06", 2), ("0874", 2), ("09", 3), ("1385", 3),
     ("14", 4), ("163", 4), ("2042", 4)],
)
def test_quad_class_splits_roots_01_05_06_08_09_13_14_20(code, quad):
    assert quad_class(code) == quad


def test_pentaclass_separates_statements_and_counts_reduced_relations_as_verbal_conflict():
    expected = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 3, 13: 3,
                14: 4, 15: 4, 16: 3, 17: 4, 18: 4, 19: 4, 20: 4}
    assert {int(c.root): pentaclass(c.code) for c in all_codes()} == expected
    assert pentaclass("1663") == 3 and quad_class("1663") == 4


def test_plover_type_maps_cameo_codes_and_leaves_statements_and_appeals_out():
    assert plover_type("036") == "AGREE"
    assert plover_type("042") == "CONSULT"
    assert plover_type("0841") == "RETREAT" and plover_type("083") == "CONCEDE"
    assert plover_type("163") == "COERCE"  # an embargo is coercion in PLOVER, not a sanction of relations
    assert plover_type("193") == "ASSAULT"
    assert plover_type("010") is None and plover_type("0243") is None
    mapping = plover_mapping("094")
    assert mapping.event_type == "ACCUSE" and mapping.mode == "investigate" and mapping.context == ("military", "legal")
    assert plover_mapping("040").mode is None and plover_mapping("040").context == ()


def test_every_plover_row_names_a_cameo_code_and_every_code_from_03_on_is_mapped():
    codes = {c.code for c in all_codes()}
    mapped = {c.code for c in all_codes() if plover_type(c.code) is not None}
    assert mapped == {c for c in codes if c[:2] not in ("01", "02")}


@pytest.mark.parametrize("bad", ["", "21", "0", "999", "01a", "10561", "--"])
def test_unknown_codes_raise_unknown_event_code(bad):
    with pytest.raises(UnknownEventCode, match=r"\[W008\].*not a CAMEO"):
        event_code(bad)
    for lookup in (root_of, quad_class, pentaclass, plover_type):
        with pytest.raises(UnknownEventCode):
            lookup(bad)


def test_an_int_code_is_refused_rather_than_guessed():
    with pytest.raises(UnknownEventCode, match="leading zeros") as caught:
        event_code(10)
    assert isinstance(caught.value, WirewatchError) and isinstance(caught.value, LookupError)


def test_the_tables_ship_as_package_data():
    from importlib import resources

    data = resources.files("wirewatch").joinpath("data")
    assert data.joinpath("cameo.tsv").is_file() and data.joinpath("cameo_plover.tsv").is_file()


# --- verification against the published standards ------------------------------------------------

def test_codes_match_gdelt_cameo_event_codes():
    rows = _tab_rows(_reference(GDELT_CODES))
    # Its 1-digit rows are the quad classes, not event codes.
    reference = {code for code, _ in rows if len(code) >= 2}
    ours = {c.code for c in all_codes()}
    # GDELT's file lost the line break before 106 ("...military engagement106:[-5.0] Demand withdrawal"),
    # so 106 hides inside the 1056 row; its Goldstein file lists 106.
    assert ours - reference == {"106"}
    assert reference - ours == set()


def test_codes_and_goldstein_values_match_gdelt_goldstein_scale():
    reference = {code: float(value) for code, value in _tab_rows(_reference(GDELT_GOLDSTEIN))}
    ours = {c.code: c.goldstein for c in all_codes()}
    assert set(ours) == set(reference)
    assert {code: (value, reference[code]) for code, value in ours.items() if value != reference[code]} == {}


def _cameo2plover() -> tuple[dict[str, set[str]], dict[str, tuple[str, str | None, tuple[str, ...]]]]:
    """Root headers (root -> PLOVER types) and code rows (code -> type, mode, context) of the 2021 table."""
    headers: dict[str, set[str]] = {}
    rows: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    for line in _reference(CAMEO2PLOVER).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not match:
            continue
        code, body = match.groups()
        fields = [f.strip() for f in body.split(",")] + ["", ""]
        if len(code) == 2:
            headers.setdefault(code, set()).add(fields[0])
            continue
        context = tuple(c.strip() for c in fields[2].split(";") if c.strip())
        entry = (fields[0], fields[1] or None, context)
        assert rows.setdefault(code, entry) == entry, f"{code} is listed twice with different mappings"
        rows[code] = entry
    return headers, rows


def test_plover_mapping_agrees_with_the_cameo2plover_2021_table():
    headers, reference = _cameo2plover()
    cameo_codes = {c.code for c in all_codes()}
    ours = {c.code: plover_mapping(c.code) for c in all_codes() if len(c.code) > 2 and plover_mapping(c.code)}
    # The 2021 table also maps 1213 and 1214, which CAMEO 1.1b3 (and GDELT) do not have.
    assert {code for code in reference if code not in cameo_codes} == {"1213", "1214"}
    assert set(ours) == set(reference) & cameo_codes
    disagreements = {
        code: ((m.event_type, m.mode, m.context), reference[code])
        for code, m in ours.items()
        if (m.event_type, m.mode, m.context) != reference[code]
    }
    assert disagreements == {}
    # A root takes the type of its "(other)" code, which is one of the root's headers there (08: CONCEDE, RETREAT).
    for root, types in headers.items():
        assert plover_type(root) in types
        assert plover_type(root) == plover_type(root + "0")
    assert set(headers) == {f"{n:02d}" for n in range(3, 21)}
