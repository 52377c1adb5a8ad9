"""The date harness on a tiny invented htmldate_eval folder."""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from wirewatch.evaluate.common import DataMissing, decode_page
from wirewatch.evaluate.dates import date_string, evaluate_dates

DATES = Path(__file__).resolve().parent / "fixtures" / "htmldate_eval"
ZURICH = "https://example.ch/zuerich"


def fake_find_date(html: str, url: str | None):
    """Reads the date attribute; answers nothing for the cp1252 page unless it was decoded right."""
    assert isinstance(html, str)
    if url == ZURICH and "Zürich" not in html:
        return None
    found = re.search(r"data-published='(\d{4}-\d{2}-\d{2})'", html)
    return date.fromisoformat(found.group(1)) if found else None


def crashing_on_library(html: str, url: str | None):
    """Like fake_find_date, but raises on one page."""
    if url.endswith("/library"):
        raise ValueError("cannot parse")
    return fake_find_date(html, url)


def test_missing_folder_error_names_the_folder(tmp_path):
    with pytest.raises(DataMissing, match="absent.*eval_default.json"):
        evaluate_dates(tmp_path / "absent", extractor=fake_find_date)


def test_folder_without_index_files_is_refused(tmp_path):
    with pytest.raises(DataMissing, match="eval_default.json or eval_mediacloud_2020.json"):
        evaluate_dates(tmp_path, extractor=fake_find_date)


def test_dates_are_scored_tp_equal_fp_different_fn_none():
    result = evaluate_dates(DATES, extractor=fake_find_date, baselines=False)
    assert (result["dataset"], result["items"], result["errors"], result["no_gold_date"]) == ("htmldate_eval", 6, 0, 1)
    system = result["system"]
    # TP: ferry, its amp twin (same page), zuerich; FP: library (wrong day), home (NaN gold); FN: undated.
    assert (system["tp"], system["fp"], system["fn"]) == (3, 2, 1)
    assert (system["precision"], system["recall"], system["f1"], system["accuracy"]) == (0.6, 0.75, 0.6667, 0.5)


def test_scores_are_broken_down_per_index_file():
    files = evaluate_dates(DATES, extractor=fake_find_date, baselines=False)["files"]
    assert list(files) == ["eval_default.json", "eval_mediacloud_2020.json"]
    default, mediacloud = files["eval_default.json"], files["eval_mediacloud_2020.json"]
    assert default["items"] == 4 and mediacloud["items"] == 2
    assert (default["system"]["tp"], default["system"]["fp"], default["system"]["fn"]) == (2, 1, 1)
    assert (mediacloud["system"]["precision"], mediacloud["system"]["recall"]) == (0.5, 1.0)


def test_a_crash_counts_as_no_date_and_is_reported(tmp_path):
    out = tmp_path / "dates.jsonl"
    result = evaluate_dates(DATES, extractor=crashing_on_library, baselines=False, predictions=out)
    assert result["errors"] == 1
    assert (result["system"]["tp"], result["system"]["fp"], result["system"]["fn"]) == (3, 1, 2)
    rows = {row["id"]: row for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["https://example.org/news/library"]["date"] is None
    assert "cannot parse" in rows["https://example.org/news/library"]["error"]


def test_predictions_are_keyed_by_url_in_file_order(tmp_path):
    out = tmp_path / "dates.jsonl"
    evaluate_dates(DATES, extractor=fake_find_date, baselines=False, predictions=out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected_ids = [*json.loads((DATES / "eval_default.json").read_text(encoding="utf-8")),
                    *json.loads((DATES / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))]
    assert [row["id"] for row in rows] == expected_ids
    assert rows[0] == {"id": "https://example.org/news/ferry", "date": "2021-03-04"}
    assert rows[2] == {"id": "https://example.org/news/undated", "date": None}


def test_htmldate_runs_as_same_run_baselines_in_both_modes():
    result = evaluate_dates(DATES, extractor=fake_find_date)
    assert set(result["baselines"]) == {"htmldate-extensive", "htmldate-fast"}
    assert all(b["errors"] == 0 for b in result["baselines"].values())
    assert set(result["files"]["eval_default.json"]["baselines"]) == {"htmldate-extensive", "htmldate-fast"}
    json.dumps(result)


def test_progress_is_reported_after_each_url():
    calls = []
    evaluate_dates(DATES, extractor=fake_find_date, baselines=False, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (6, 6) and len(calls) == 6


def test_pages_decode_as_utf8_first_then_by_detection():
    assert decode_page("Grüße".encode("utf-8")) == "Grüße"
    text = "Die Zürcher Bäckerei öffnet früh; Grüße aus Zürich, schöne Grüße, Straßenfest über die Brücke."
    assert decode_page(text.encode("cp1252")) == text


def test_system_answers_are_normalized_to_iso_days():
    assert date_string(date(2021, 3, 4)) == "2021-03-04"
    assert date_string(datetime(2021, 3, 4, 23, 59)) == "2021-03-04"
    assert date_string("2021-03-04T10:00:00") == "2021-03-04"
    assert date_string("March 4") is None
    assert date_string(None) is None
