import csv
import io
import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wirewatch.model import Article, Event, EventMention
from wirewatch.store.articles import save_articles
from wirewatch.store.events import replace_story_events
from wirewatch.store.export_events import COLUMN_NAMES, export_events

LAUNCH = ("North Korea fired two ballistic missiles into the sea on Monday, South Korea's military said.\n"
          "Seoul condemned the launch as a clear provocation.")
SPLIT = LAUNCH.index("\n")


def stored_events(conn):
    """One article; a dated launch in its lead, an undated criticism in its second paragraph, in story s-a1."""
    save_articles(conn, [Article(id="a1", body=LAUNCH, title="Missiles", author=None, outlet="Yonhap",
                                 url="https://yna.example/a1", published=date(2023, 8, 14), language="en",
                                 source="a1.txt", kind="text")])
    lead = EventMention("a1", 0, SPLIT, LAUNCH[:SPLIT], "Yonhap", "https://yna.example/a1", date(2023, 8, 14))
    later = EventMention("a1", SPLIT + 1, len(LAUNCH), LAUNCH[SPLIT + 1:], "Yonhap", None, date(2023, 8, 14))
    common = dict(story_id="s-a1", reported_by=None, latitude=None, longitude=None)
    launch = Event(id="e-launch", source="PRKMIL", source_name="North Korea", target="KOR",
                   target_name="South Korea", code="150", goldstein=-7.2, quad_class=4, negated=False,
                   hypothetical=False, date_first=date(2023, 8, 14), date_last=date(2023, 8, 14),
                   place="Pyongyang", place_country="PRK", mentions=(lead,),
                   **{**common, "latitude": 39.03, "longitude": 125.75, "reported_by": "KORMIL"})
    criticism = Event(id="e-criticism", source="KORGOV", source_name="Seoul", target="IGOUNO", target_name="UN",
                      code="111", goldstein=-2.0, quad_class=3, negated=True, hypothetical=False, date_first=None,
                      date_last=None, place="South Korea", place_country="KOR", mentions=(later,), **common)
    replace_story_events(conn, "s-a1", [launch, criticism])


def csv_rows(conn):
    out = io.StringIO()
    count = export_events(conn, "csv", stream=out)
    out.seek(0)
    reader = csv.DictReader(out)
    return count, reader.fieldnames, list(reader)


def test_csv_has_the_gdelt_and_wirewatch_columns_in_order(conn):
    stored_events(conn)
    count, header, rows = csv_rows(conn)
    assert count == 2 and tuple(header) == COLUMN_NAMES
    assert header[:5] == ["GlobalEventID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert header[-5:] == ["StoryID", "Negated", "Hypothetical", "ReportedBy", "PloverType"]
    launch = rows[0]
    assert (launch["SQLDATE"], launch["MonthYear"], launch["Year"]) == ("20230814", "202308", "2023")
    assert float(launch["FractionDate"]) == pytest.approx(2023 + (8 * 30 + 14) / 365, abs=1e-4)
    assert (launch["Actor1Code"], launch["Actor1CountryCode"], launch["Actor1Type1Code"]) == ("PRKMIL", "PRK", "MIL")
    assert (launch["Actor2CountryCode"], launch["Actor2Type1Code"]) == ("KOR", "")
    assert (launch["EventCode"], launch["EventBaseCode"], launch["EventRootCode"]) == ("150", "150", "15")
    assert (launch["QuadClass"], launch["GoldsteinScale"], launch["NumMentions"]) == ("4", "-7.2", "1")
    assert (launch["IsRootEvent"], launch["ActionGeo_Type"], launch["SOURCEURL"]) == ("1", "4", "https://yna.example/a1")
    assert (launch["ReportedBy"], launch["PloverType"], launch["StoryID"]) == ("KORMIL", "MOBILIZE", "s-a1")
    assert len(launch["DATEADDED"]) == 14 and launch["DATEADDED"].startswith("20")


def test_undated_events_in_a_later_paragraph_and_organisations_are_exported_as_such(conn):
    stored_events(conn)
    criticism = csv_rows(conn)[2][1]
    assert criticism["SQLDATE"] == criticism["Year"] == criticism["FractionDate"] == ""
    assert criticism["IsRootEvent"] == "0" and criticism["Negated"] == "1"
    assert (criticism["Actor2CountryCode"], criticism["Actor2Type1Code"]) == ("", "IGO")
    assert criticism["ActionGeo_Type"] == "1"  # "South Korea" names the country itself
    assert criticism["SOURCEURL"] == ""


def test_jsonl_writes_one_typed_object_per_event(conn):
    stored_events(conn)
    out = io.StringIO()
    assert export_events(conn, "jsonl", stream=out) == 2
    first = json.loads(out.getvalue().splitlines()[0])
    assert list(first) == list(COLUMN_NAMES)
    assert first["SQLDATE"] == 20230814 and first["Negated"] == 0 and first["ActionGeo_Lat"] == 39.03


def test_parquet_file_has_typed_columns(conn, tmp_path):
    stored_events(conn)
    path = tmp_path / "events.parquet"
    assert export_events(conn, "parquet", path=path) == 2
    table = pq.read_table(path)
    assert table.column_names == list(COLUMN_NAMES)
    assert table.schema.field("SQLDATE").type == pa.int32()
    assert table.schema.field("GoldsteinScale").type == pa.float64()
    assert table.column("SQLDATE").to_pylist() == [20230814, None]


def test_parquet_folder_is_partitioned_by_month(conn, tmp_path):
    stored_events(conn)
    folder = tmp_path / "events"
    assert export_events(conn, "parquet", path=folder) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["month=2023-08", "month=unknown"]
    assert pq.read_table(folder).num_rows == 2


def test_an_empty_store_exports_a_header_an_empty_file_and_a_readable_parquet(conn, tmp_path):
    count, header, rows = csv_rows(conn)
    assert count == 0 and tuple(header) == COLUMN_NAMES and rows == []
    out = io.StringIO()
    assert export_events(conn, "jsonl", stream=out) == 0 and out.getvalue() == ""
    path = tmp_path / "empty.parquet"
    assert export_events(conn, "parquet", path=path) == 0
    assert pq.read_table(path).num_rows == 0 and pq.read_table(path).column_names == list(COLUMN_NAMES)


def test_parquet_needs_a_path_and_unknown_formats_are_refused(conn):
    with pytest.raises(ValueError, match="--output"):
        export_events(conn, "parquet")
    with pytest.raises(ValueError, match="unknown export format"):
        export_events(conn, "xml", stream=io.StringIO())
