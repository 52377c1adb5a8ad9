"""The outlet-comparison harness on tiny invented folders in BASIL's and NeuS's layouts."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from wirewatch.cli import main
from wirewatch.errors import EvaluationDataMissing
from wirewatch.evaluate import compare as harness
from wirewatch.evaluate.common import DataMissing
from wirewatch.evaluate.compare import (
    ROUGE, article_counts, ask, evaluate_compare, mean_over_seeds, prf, rouge_per_story, score_marks)
from wirewatch.evaluate.compare_baselines import (
    AllPositive, FirstArticleLead, LeadEach, LeadMarks, LeadRoundRobin, RandomAtRate, RandomSentences,
    compare_baselines)
from wirewatch.evaluate.compare_data import (
    ArticleSentences, detect_compare_dataset, load_compare_set, locate_span, resolve_lines, sentence_bias)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compare"
BASIL, NEUS = FIXTURES / "basil", FIXTURES / "neus_allsides"
A, B = "aaaaaaaa-1111-4222-8333-000000000001", "bbbbbbbb-2222-4333-8444-000000000002"
PROBE = Path("data") / "naacl2022_lrc_roundup_random_order_probe"


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def paragraph_splitter(paragraphs):
    """One sentence per paragraph: fast, for tests that only count."""
    return [[(0, len(p))] for p in paragraphs]


class ScriptedComparer:
    """Marks sentences by the words in them and summarizes from a table keyed by story line."""

    def __init__(self, summaries=None, crash_on=None):
        self.summaries, self.crash_on = summaries or {}, crash_on
        self.seen: list[list[ArticleSentences]] = []

    def mark(self, articles):
        self.seen.append(list(articles))
        marks = []
        for article in articles:
            marks.append([({"single-source"} if "said" in s else set())
                          | ({"commentary"} if "reckless" in s or "welcomed" in s else set())
                          | ({"corroborated", "bogus"} if s.startswith("Fares") else set())
                          for s in article.sentences])
        return marks

    def summarize(self, articles):
        line = articles[0].id.split(":")[0]
        if line == self.crash_on:
            raise RuntimeError("scripted crash")
        return self.summaries.get(line, [])


# --- layout and loading ---


def test_the_data_set_is_recognised_from_the_layout_not_the_name(tmp_path):
    for folder, name in ((BASIL, "basil"), (NEUS, "neus_allsides")):
        renamed = tmp_path / f"renamed_{name}"
        shutil.copytree(folder, renamed)
        assert detect_compare_dataset(renamed) == name


def test_basil_gold_marks_each_sentence_holding_a_span_of_that_bias():
    compare_set = load_compare_set(BASIL)
    assert [s.id for s in compare_set.stories] == [A, B]
    first, second, third = compare_set.stories[0].articles
    assert first.article == ArticleSentences(f"{A}_1", "fox", "Council approves ferry fare rise", date(2019, 4, 1), [
        "The city council approved a ferry fare rise on Monday.", "Fares will go up by a fifth in April.",
        "Critics called the reckless vote a betrayal of commuters.",
        "The mayor said the rise would pay for two new boats."])
    assert first.bias == [frozenset(), frozenset(), {"lex"}, {"inf"}]
    # "council" at start 4 is the second sentence's, although the text holds it earlier; "old boats"
    # has a wrong start, so it is found by its text.
    assert second.bias == [frozenset(), {"inf"}, {"lex"}]
    # A span across two sentences makes both gold.
    assert third.bias == [{"inf"}, {"inf"}]
    assert [a.bias for a in compare_set.stories[1].articles] == [[frozenset()], [{"lex"}], [frozenset()]]


def test_basil_notes_headline_unlocated_untyped_and_boundary_crossing_spans():
    notes = " | ".join(load_compare_set(BASIL).notes)
    for expected in ("1 bias spans lie in a headline", "1 bias spans were not found",
                     "1 phrase annotations without bias lex|inf", "1 bias spans run across a sentence boundary"):
        assert expected in notes


def test_locate_span_prefers_basil_offsets_then_the_first_occurrence():
    starts = [(0, "a cat sat."), (11, "the cat ran.")]
    text = "a cat sat. the cat ran."
    assert locate_span(text, starts, {"txt": "cat", "start": 4}) == (15, 18)
    assert locate_span(text, starts, {"txt": "cat", "start": 40}) == (2, 5)
    assert locate_span(text, starts, {"txt": "dog", "start": 0}) is None
    assert sentence_bias([(0, 10), (11, 23)], [((8, 13), "inf"), ((15, 18), "lex")]) == [{"inf"}, {"inf", "lex"}]


def test_limit_takes_the_first_stories_by_year_then_uuid():
    assert [s.id for s in load_compare_set(BASIL, limit=1).stories] == [A]
    assert [s.id for s in load_compare_set(NEUS, limit=2).stories] == ["1", "2"]


def test_neus_articles_are_the_sep_parts_and_the_reference_drops_the_markers():
    compare_set = load_compare_set(NEUS)
    assert compare_set.split == "all" and "not the DEV file's 2759" in compare_set.notes[0]
    story = compare_set.stories[0]
    assert story.reference == ("Winter Storm Hits Coast. A winter storm closed coastal roads and cut power to "
                               "thousands of homes. Forecasters warned of more snow.")
    assert [(a.id, a.title, a.outlet, a.published) for a in story.articles] == [
        ("1:1", "Storm closes coastal roads.", None, None), ("1:2", "Coast braces for more snow.", None, None),
        ("1:3", "Storm cuts power to thousands.", None, None)]
    assert story.articles[0].sentences == ["A winter storm closed coastal roads on Sunday.",
                                           "Crews worked through the night."]


def test_neus_splits_apply_to_the_dev_sized_file_only():
    assert resolve_lines(2759, None)[:3] == ("val", 2453, 2759)
    assert resolve_lines(2759, "train")[:3] == ("train", 1, 2452)
    assert resolve_lines(506, None)[:3] == ("all", 1, 506)
    with pytest.raises(DataMissing, match="use --split all"):
        resolve_lines(506, "val")


# --- missing and malformed data ---


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def test_missing_or_unknown_folders_are_w006_errors(tmp_path):
    with pytest.raises(EvaluationDataMissing, match=r"\[W006\].*not found"):
        evaluate_compare(tmp_path / "absent")
    (tmp_path / "notes.txt").write_text("nothing to compare", encoding="utf-8")
    with pytest.raises(DataMissing, match="not a known comparison data set"):
        evaluate_compare(tmp_path)
    (tmp_path / "data" / "raw_crawled").mkdir(parents=True)
    with pytest.raises(DataMissing, match="not the probe roundups"):
        evaluate_compare(tmp_path)


def test_basil_without_annotations_or_with_broken_ones_says_which(tmp_path):
    basil = _copy(BASIL, tmp_path)
    (basil / "annotations" / "2020" / f"{B}_3_ann.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataMissing, match=f"{B}_3_ann.json.*not a readable JSON"):
        load_compare_set(basil, splitter=paragraph_splitter)
    (basil / "annotations" / "2020" / f"{B}_3_ann.json").unlink()
    with pytest.raises(DataMissing, match="has no annotation file"):
        load_compare_set(basil, splitter=paragraph_splitter)
    shutil.rmtree(basil / "annotations")
    with pytest.raises(DataMissing, match="no annotations/ folder"):
        load_compare_set(basil)


def test_neus_malformed_lines_and_mismatched_files_are_w006_errors(tmp_path):
    neus = _copy(NEUS, tmp_path)
    source, target = neus / PROBE / "roundup.source", neus / PROBE / "roundup.target"
    lines = source.read_text(encoding="utf-8").split("\n")
    broken = "just a headline [SEP] TITLE=> x ARTICLE=> y"
    source.write_text("\n".join([lines[0], broken] + lines[2:]), encoding="utf-8")
    with pytest.raises(DataMissing, match="line 2 is not `TITLE=>"):
        load_compare_set(neus, splitter=paragraph_splitter)
    assert len(load_compare_set(neus, limit=1, splitter=paragraph_splitter).stories) == 1
    target.write_text("TITLE=> only one. ARTICLE=> line.\n", encoding="utf-8")
    with pytest.raises(DataMissing, match="roundup.source has 3 lines but roundup.target has 1"):
        load_compare_set(neus)
    target.unlink()
    with pytest.raises(EvaluationDataMissing, match="needs both roundup.source and roundup.target"):
        load_compare_set(neus)


# --- scoring arithmetic ---


def test_prf_from_counts_and_nothing_marked():
    assert prf(2, 1, 3) == pytest.approx((2 / 3, 0.4, 0.5))
    assert prf(0, 0, 4) == (0.0, 0.0, 0.0)


def test_article_counts_per_task():
    gold = [frozenset({"inf"}), frozenset({"lex"}), frozenset(), frozenset({"inf", "lex"})]
    marks = [frozenset({"single-source"}), frozenset({"single-source"}), frozenset({"commentary"}), frozenset()]
    assert article_counts(gold, marks) == {"informational": (1, 1, 1), "lexical": (0, 1, 2), "any": (2, 1, 1)}


def test_rouge_f_measures_by_hand():
    [scores] = rouge_per_story([["the cat sat"]], ["the cat sat on the mat"])
    # 3 of 6 reference unigrams, 2 of 5 bigrams, LCS 3, each with precision 1.
    assert scores == pytest.approx({"rouge1": 2 / 3, "rouge2": 4 / 7, "rougeL": 2 / 3})


def test_seeded_runs_are_averaged_with_time_and_crashes_summed():
    merged = mean_over_seeds([{"f1": 0.2, "seconds": 1.0, "crashed_stories": 1, "rate": None},
                              {"f1": 0.4, "seconds": 2.0, "crashed_stories": 0, "rate": None}])
    assert merged == {"f1": pytest.approx(0.3), "seconds": 3.0, "crashed_stories": 1, "rate": None, "seeds": 2}


# --- baselines ---


def test_basil_baselines_by_hand_on_the_fixture():
    result = evaluate_compare(BASIL, system=ScriptedComparer())
    baselines = result["baselines"]
    assert set(baselines) == {"all-positive", "random-rate", "lead-3"}
    # 12 sentences: 4 informational, 3 lexical, 7 with any bias.
    every = baselines["all-positive"]
    assert (every["informational_precision"], every["informational_f1"], every["lexical_f1"], every["any_f1"]) == (
        0.3333, 0.5, 0.4, 0.7368)
    # lead-3 marks 11 sentences (all but the fox article's fourth).
    lead = baselines["lead-3"]
    assert (lead["informational_recall"], lead["informational_f1"], lead["lexical_f1"]) == (0.75, 0.4, 0.4286)
    assert baselines["random-rate"]["seeds"] == 5


def test_random_marks_depend_on_seed_and_article_not_on_the_other_articles():
    articles = [a.article for story in load_compare_set(BASIL, splitter=paragraph_splitter).stories
                for a in story.articles]
    rates = {"single-source": 0.5, "commentary": 0.5}
    together = RandomAtRate(rates, 3).mark(articles)
    assert together == RandomAtRate(rates, 3).mark(articles)
    assert [RandomAtRate(rates, 3).mark([a])[0] for a in articles] == together
    assert AllPositive().mark(articles[3:4]) == [[{"single-source", "commentary"}]]  # one paragraph
    assert LeadMarks(1).mark([ArticleSentences("x", None, "", None, ["a.", "b."])]) == [[{"single-source",
                                                                                          "commentary"}, set()]]


def test_summary_baselines_take_leads_in_rank_order():
    articles = [ArticleSentences(f"9:{k}", None, "", None, [f"a{k}.", f"b{k}.", f"c{k}."]) for k in (1, 2, 3)]
    assert LeadEach().summarize(articles) == ["a1.", "a2.", "a3."]
    assert LeadRoundRobin().summarize(articles) == ["a1.", "a2.", "a3.", "b1.", "b2."]
    assert FirstArticleLead(2).summarize(articles) == ["a1.", "b1."]
    drawn = RandomSentences(3, seed=4).summarize(articles)
    assert drawn == RandomSentences(3, seed=4).summarize(articles) and len(drawn) == 3
    pool = [s for a in articles for s in a.sentences]
    assert [pool.index(s) for s in drawn] == sorted(pool.index(s) for s in drawn)
    assert set(compare_baselines("neus_allsides")) == {"lead-each", "lead-round-robin", "first-article-lead-3",
                                                       "random-3"}


# --- a system through the whole harness ---


def test_basil_scores_the_systems_marks_and_writes_them(tmp_path):
    system, out = ScriptedComparer(), tmp_path / "basil.jsonl"
    result = evaluate_compare(BASIL, system=system, baselines=False, predictions=out)
    assert (result["dataset"], result["stories"], result["articles"], result["sentences"]) == ("basil", 2, 6, 12)
    assert (result["informational_sentences"], result["lexical_sentences"], result["any_bias_sentences"]) == (4, 3, 7)
    scores = result["system"]
    # single-source on the three "said" sentences: 2 informational; commentary on 2 of 3 lexical.
    assert (scores["informational_precision"], scores["informational_recall"], scores["informational_f1"]) == (
        0.6667, 0.5, 0.5714)
    assert (scores["lexical_precision"], scores["lexical_recall"], scores["lexical_f1"]) == (1.0, 0.6667, 0.8)
    assert (scores["any_precision"], scores["any_recall"], scores["any_f1"], scores["any_marked"]) == (
        1.0, 0.7143, 0.8333, 5)
    assert len(system.seen) == 2 and [a.id for a in system.seen[0]] == [f"{A}_1", f"{A}_2", f"{A}_3"]
    assert any("'bogus'" in note for note in result["notes"])
    rows = read_rows(out)
    assert [r["id"] for r in rows] == [f"{A}_{n}" for n in (1, 2, 3)] + [f"{B}_{n}" for n in (1, 2, 3)]
    assert rows[0]["marks"] == [[], ["corroborated"], ["commentary"], ["single-source"]]


def test_neus_scores_summaries_with_crashes_and_over_budget_cuts(tmp_path):
    long = ["Panda Cub Born At City Zoo.", "The city zoo announced the birth of a panda cub."] + ["Padding here."] * 5
    system = ScriptedComparer({"1": ["Winter Storm Hits Coast.", "A winter storm closed coastal roads and cut power "
                                     "to thousands of homes.", "Forecasters warned of more snow."], "3": long},
                              crash_on="2")
    out = tmp_path / "neus.jsonl"
    result = evaluate_compare(NEUS, system=system, baselines=False, predictions=out)
    [third] = rouge_per_story([long[:5]], [load_compare_set(NEUS).stories[2].reference])
    assert result["system"]["rouge1"] == round((1.0 + 0.0 + third["rouge1"]) / 3, 4)
    assert (result["system"]["crashed_stories"], result["system"]["sentences"]) == (1, round(8 / 3, 4))
    assert any("1 summaries were longer than 5 sentences" in note for note in result["notes"])
    rows = read_rows(out)
    assert rows[1] == {"id": "2", "summary": [], "error": "RuntimeError: scripted crash"}
    assert rows[2]["summary"] == long[:5]


def test_a_wrong_number_of_marks_is_a_bug_not_a_miss():
    class Short(ScriptedComparer):
        def mark(self, articles):
            return super().mark(articles)[:-1]

    stories = load_compare_set(BASIL, splitter=paragraph_splitter).stories
    with pytest.raises(ValueError, match="Short.mark returned marks"):
        ask(Short(), "mark", stories)


def test_without_the_wirewatch_comparer_only_the_baselines_run(monkeypatch, tmp_path):
    def unavailable():
        raise ImportError("No module named 'wirewatch.compare.evaluation'")

    monkeypatch.setattr(harness, "wirewatch_comparer", unavailable)
    result = evaluate_compare(NEUS, predictions=tmp_path / "p.jsonl", splitter=paragraph_splitter)
    assert result["system"] is None and set(result["baselines"]) == set(compare_baselines("neus_allsides"))
    assert any(harness.WIREWATCH_COMPARER in note and "only the baselines" in note for note in result["notes"])
    assert any("no predictions written" in note for note in result["notes"])

    class MarksOnly:
        def mark(self, articles):
            return [[set() for _ in a.sentences] for a in articles]

    result = evaluate_compare(NEUS, system=MarksOnly(), splitter=paragraph_splitter)
    assert result["system"] is None and any("has no summarize()" in note for note in result["notes"])
    with pytest.raises(ValueError, match="nothing to score"):
        evaluate_compare(NEUS, system=MarksOnly(), baselines=False, splitter=paragraph_splitter)


def test_the_cli_prints_the_baselines_and_a_w006_for_a_bad_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "wirewatch_comparer", lambda: ScriptedComparer())
    result = CliRunner().invoke(main, ["evaluate", "compare", "--data", str(BASIL)])
    assert result.exit_code == 0, result.output
    assert "wirewatch" in result.output and "lead-3" in result.output and "single-source P" in result.output
    result = CliRunner().invoke(main, ["evaluate", "compare", "--data", str(NEUS), "--json", "--limit", "1"])
    assert result.exit_code == 0 and json.loads(result.output)["stories"] == 1
    margins = json.loads(result.output)["margins"]
    assert set(margins) == set(compare_baselines("neus_allsides")) and set(margins["lead-each"]) == set(ROUGE)
    result = CliRunner().invoke(main, ["evaluate", "compare", "--data", str(NEUS)])
    assert "wirewatch - lead-each, per story" in result.output
    result = CliRunner().invoke(main, ["evaluate", "compare", "--data", str(tmp_path / "absent")])
    assert result.exit_code == 1 and "[W006]" in result.output


# --- the real DEV data, when it is there ---

EVAL = SHARED / "eval" / "stories"


def dev_folder(name: str) -> Path:
    folder = EVAL / name
    if not folder.is_dir():
        pytest.skip(f"the DEV data is read from {folder}, which is absent")
    return folder


def test_dev_basil_has_52_stories_of_3_articles_with_gold_bias():
    compare_set = load_compare_set(dev_folder("basil"), splitter=paragraph_splitter)
    assert len(compare_set.stories) == 52 and all(len(s.articles) == 3 for s in compare_set.stories)
    assert sum(bool(b) for s in compare_set.stories for a in s.articles for b in a.bias) > 300


def test_dev_neus_scores_its_val_lines_by_default():
    compare_set = load_compare_set(dev_folder("neus_allsides"), splitter=paragraph_splitter)
    assert (compare_set.split, compare_set.stories[0].id, len(compare_set.stories)) == ("val", "2453", 307)
    assert all(len(s.articles) == 3 and s.reference for s in compare_set.stories)
    result = evaluate_compare(dev_folder("neus_allsides"), system=ScriptedComparer(), limit=3)
    assert result["stories"] == 3 and result["baselines"]["lead-each"]["rouge1"] > 0.1
