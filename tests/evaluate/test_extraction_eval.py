"""The extraction harness on tiny invented fixture folders, plus one check on the real AEB DEV data."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from wirewatch.evaluate.common import DataMissing
from wirewatch.evaluate.extraction import evaluate_clean, load_system_output, text_as_html

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AEB = FIXTURES / "scrapinghub_aeb"
SNIPPETS = FIXTURES / "trafilatura_eval"
REAL_AEB = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "extraction" / "scrapinghub_aeb"


def article_paragraphs(html: bytes) -> str:
    """Fake extractor core: the <p> texts inside <article>; pages marked CRASH-MARKER raise."""
    text = html.decode("utf-8")
    if "CRASH-MARKER" in text:
        raise RuntimeError("extractor exploded")
    article = re.search(r"<article>(.*?)</article>", text, re.S).group(1)
    return "\n".join(re.findall(r"<p>(.*?)</p>", article))


def fake_extract_html(html: bytes, url: str | None):
    """Returns a record with .body, like the real extract_html."""
    return SimpleNamespace(body=article_paragraphs(html), title=None)


def fake_whole_page(html: bytes, url: str | None) -> str:
    """Returns every visible text of the page, as a plain string."""
    return re.sub(r"<[^>]+>", " ", html.decode("utf-8"))


# --- format detection and errors ---


def test_missing_folder_error_names_the_folder_and_expected_files(tmp_path):
    with pytest.raises(DataMissing) as error:
        evaluate_clean(tmp_path / "absent", extractor=fake_extract_html)
    message = str(error.value)
    assert "absent" in message and "not found" in message
    assert "ground-truth.json" in message and "evaldata.json" in message


def test_unknown_folder_error_says_which_index_files_were_expected(tmp_path):
    (tmp_path / "something.txt").write_text("not a data set")
    with pytest.raises(DataMissing, match="ground-truth.json.*evaldata.json"):
        evaluate_clean(tmp_path, extractor=fake_extract_html)


def test_data_missing_is_a_file_not_found_error_for_the_cli():
    assert issubclass(DataMissing, FileNotFoundError)


def test_text_mode_without_the_html_text_output_is_refused(tmp_path):
    copy = shutil.copytree(AEB, tmp_path / "aeb")
    (copy / "outputs" / "html-text.json.gz").unlink()
    with pytest.raises(DataMissing, match="html-text.json.gz"):
        evaluate_clean(copy, mode="text", extractor=lambda text: text)


def test_text_mode_on_the_snippet_set_is_refused():
    with pytest.raises(DataMissing, match="mode 'text'"):
        evaluate_clean(SNIPPETS, mode="text", extractor=lambda text: text)


def test_unknown_mode_is_a_value_error():
    with pytest.raises(ValueError, match="unknown mode"):
        evaluate_clean(AEB, mode="pdf", extractor=fake_extract_html)


# --- AEB, mode html ---


def test_aeb_crash_counts_as_an_empty_prediction_and_is_counted():
    result = evaluate_clean(AEB, extractor=fake_extract_html, baselines=False)
    assert (result["dataset"], result["mode"], result["items"], result["errors"]) == ("scrapinghub_aeb", "html", 4, 1)
    system = result["system"]
    # a1, b2, c3 perfect; d4 crashed: empty, so out of the precision mean and a zero in recall.
    assert system["precision"] == 1.0
    assert system["recall"] == 0.75
    assert system["f1"] == pytest.approx(2 * 0.75 / 1.75, abs=1e-4)
    assert system["accuracy"] == 0.75
    assert system["f1_std"] > 0
    assert result["baselines"] == {}


def test_aeb_published_outputs_are_scored_as_same_run_baselines():
    baselines = evaluate_clean(AEB, extractor=fake_extract_html)["baselines"]
    assert set(baselines) == {"perfect", "sparse", "html-text"}
    perfect = baselines["perfect"]
    assert (perfect["f1"], perfect["accuracy"], perfect["f1_std"], perfect["version"]) == (1.0, 1.0, 0.0, "1.0")
    # 'sparse' answers one page of four; missing and None answers are empty predictions.
    sparse = baselines["sparse"]
    assert (sparse["precision"], sparse["recall"], sparse["f1"]) == (1.0, 0.25, 0.4)
    assert sparse["version"] is None
    # The whole page contains every gold body, but c3's three-word gold is one short shingle
    # that no 4-gram of a long page can match: recall 3/4, as upstream scores it.
    assert baselines["html-text"]["recall"] == 0.75
    assert baselines["html-text"]["precision"] < 0.7


def test_result_is_json_serialisable_and_timed():
    result = evaluate_clean(AEB, extractor=fake_extract_html)
    assert json.loads(json.dumps(result))["data"] == str(AEB)
    assert result["seconds"] >= 0 and result["pages_per_second"] >= 0


def test_progress_is_reported_after_each_item():
    calls = []
    evaluate_clean(AEB, extractor=fake_extract_html, baselines=False, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_predictions_file_has_one_line_per_page_with_the_data_ids(tmp_path):
    out = tmp_path / "sub" / "predictions.jsonl"
    evaluate_clean(AEB, extractor=fake_extract_html, baselines=False, predictions=out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a1", "b2", "c3", "d4"]
    assert rows[2] == {"id": "c3", "text": "Markets closed early."}
    assert rows[3]["text"] == "" and "extractor exploded" in rows[3]["error"]
    assert "error" not in rows[0]


def test_both_published_output_layouts_are_read():
    bodies, version = load_system_output(AEB / "outputs" / "perfect.json.gz")
    assert version == "1.0" and set(bodies) == {"a1", "b2", "c3", "d4"}
    bodies, version = load_system_output(AEB / "outputs" / "sparse.json.gz")
    assert version is None and bodies == {"a1": bodies["a1"], "b2": None}


# --- AEB, mode text ---


def test_text_mode_cleaning_nothing_equals_the_no_cleaning_baseline():
    result = evaluate_clean(AEB, mode="text", extractor=lambda text: text)
    assert result["mode"] == "text"
    assert result["system"] == result["baselines"]["no-cleaning"]
    assert result["baselines"]["trafilatura-on-text"]["errors"] == 0


def test_text_mode_scores_the_cleaned_body():
    def long_lines(text: str):
        # Keeps sentences of eight words or more: the article paragraphs, never menus or the title.
        return SimpleNamespace(body="\n".join(line for line in text.splitlines() if len(line.split()) >= 8))

    system = evaluate_clean(AEB, mode="text", extractor=long_lines, baselines=False)["system"]
    # c3's three-word body is dropped too: out of precision, a zero in recall.
    assert (system["precision"], system["recall"], system["accuracy"]) == (1.0, 0.75, 0.75)


def test_text_as_html_escapes_and_wraps_each_line():
    assert text_as_html("a < b\n\n  c  ") == "<html><body><p>a &lt; b</p>\n<p>c</p></body></html>"


# --- trafilatura_eval ---


def test_snippet_set_counts_hits_and_crash_as_a_full_miss():
    result = evaluate_clean(SNIPPETS, extractor=lambda html, url: article_paragraphs(html), baselines=False)
    assert (result["dataset"], result["items"], result["errors"]) == ("trafilatura_eval", 3, 1)
    system = result["system"]
    # page 1: 2 TP, 2 TN; page 2: 2 TP, 1 FN, 1 TN; page 3 (crash): 1 FN, 1 TN.
    assert (system["tp"], system["fp"], system["fn"], system["tn"]) == (4, 0, 2, 4)
    assert (system["precision"], system["recall"], system["f1"], system["accuracy"]) == (1.0, 0.6667, 0.8, 0.8)


def test_snippet_set_counts_boilerplate_snippets_as_false_positives():
    system = evaluate_clean(SNIPPETS, extractor=fake_whole_page, baselines=False)["system"]
    assert (system["tp"], system["fp"], system["fn"], system["tn"]) == (5, 4, 1, 0)
    assert (system["precision"], system["recall"], system["f1"]) == (0.5556, 0.8333, 0.6667)


def test_snippet_set_runs_trafilatura_as_a_same_run_baseline_and_keys_predictions_by_url(tmp_path):
    out = tmp_path / "p.jsonl"
    result = evaluate_clean(SNIPPETS, extractor=fake_whole_page, predictions=out)
    baseline = result["baselines"]["trafilatura"]
    assert baseline["errors"] == 0 and 0.0 <= baseline["f1"] <= 1.0
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == list(json.loads((SNIPPETS / "evaldata.json").read_text(encoding="utf-8")))


# --- the real data: validates the scorer against the published figures ---


@pytest.mark.skipif(not REAL_AEB.is_dir(), reason=f"real-data check skipped: {REAL_AEB} is absent")
def test_published_outputs_score_as_upstream_on_the_aeb_dev_split():
    baselines = evaluate_clean(REAL_AEB, extractor=lambda html, url: "")["baselines"]
    # trafilatura 2.0.0: 0.958 on all 181 pages (upstream README) and 0.958 on these 91.
    assert baselines["trafilatura"]["f1"] == pytest.approx(0.96, abs=0.01)
    # html-text: 0.665 on all 181 pages, but 0.633 on this DEV half (checked against
    # upstream's evaluate.py); its precision varies a lot with which pages are drawn.
    assert baselines["html-text"]["f1"] == pytest.approx(0.633, abs=0.01)
    assert baselines["html-text"]["recall"] == pytest.approx(0.993, abs=0.005)
