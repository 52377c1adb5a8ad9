"""The event-coding harness on tiny invented folders in each data set's layout."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from wirewatch.cli import main
from wirewatch.evaluate import events as harness
from wirewatch.evaluate.event_baselines import MajorityClass, NoEvents, TfidfLogisticPentaclass, event_baselines
from wirewatch.evaluate.event_data import (
    CodedEvent, EventSentence, load_event_set)
from wirewatch.evaluate.events import as_event, ask, cross_validate, evaluate_events

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
PETR, PLOVER, CONFLIBERT = FIXTURES / "petrarch", FIXTURES / "plover", FIXTURES / "conflibert"


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def gold_events(folder: Path) -> dict[str, list[CodedEvent]]:
    return {item.sentence.id: list(item.events) for item in load_event_set(folder).items}


class ScriptedCoder:
    """Codes sentences from a table by id (default: nothing) and remembers what it was given."""

    def __init__(self, events=None, types=None, crash_on=None):
        self.events, self.types, self.crash_on = events or {}, types, crash_on
        self.seen: list[EventSentence] = []
        self.dictionaries: list[Path] = []

    def code(self, sentences):
        self.seen.extend(sentences)
        if self.crash_on and any(self.crash_on in s.text for s in sentences):
            raise RuntimeError("scripted crash")
        return [list(self.events.get(s.id, [])) for s in sentences]

    def load_dictionaries(self, folder):
        self.dictionaries.append(Path(folder))


class TypedCoder(ScriptedCoder):
    def plover_type(self, sentences):
        return [self.types.get(s.id) for s in sentences]


class KeywordLearner:
    """Learns, per label, the words seen only with that label; counts its fits."""

    def __init__(self):
        self.words: dict[str, int] = {}
        self.fits: list[set[str]] = []

    def fit(self, sentences, labels):
        self.fits.append({s.id for s in sentences})
        self.words = {w.lower(): label for s, label in zip(sentences, labels) for w in s.text.split()}

    def code(self, sentences):
        return [[] for _ in sentences]

    def pentaclass(self, sentences):
        answers = []
        for s in sentences:
            votes = [self.words[w.lower()] for w in s.text.split() if w.lower() in self.words]
            answers.append(max(set(votes), key=votes.count) if votes else None)
        return answers


# --- PETRARCH scoring ---


def test_a_coder_that_answers_the_gold_scores_one_everywhere():
    system = ScriptedCoder(gold_events(PETR))
    result = evaluate_events(PETR, system=system, baselines=False)
    scores = result["system"]
    assert (scores["precision"], scores["recall"], scores["f1"], scores["country_f1"]) == (1.0, 1.0, 1.0, 1.0)
    # SYNSET-01's code 903 has no CAMEO root: it is left out of the root accuracy, not counted wrong.
    assert scores["root_accuracy"] == scores["pentaclass_accuracy"] == scores["source_match"] == 1.0
    assert scores["false_events"] == 0 and scores["sentences_exact"] == 1.0
    assert (scores["gold_events"], scores["no_event_sentences"]) == (6, 3)
    assert result["baselines"] == {} and len(system.seen) == 8


def test_output_on_a_no_event_sentence_is_a_false_positive_and_a_false_event():
    events = gold_events(PETR)
    events["NOEV-01"] = [CodedEvent("SYL", None, "010")]
    events["ERROR-01"] = [CodedEvent("FRE", "SYL", "190"), CodedEvent("SYL", "FRE", "190")]
    scores = evaluate_events(PETR, system=ScriptedCoder(events), baselines=False)["system"]
    assert scores["precision"] == pytest.approx(6 / 9, abs=1e-4) and scores["recall"] == 1.0
    assert (scores["false_events"], scores["false_event_sentences"]) == (3, 2)
    assert scores["false_event_rate"] == pytest.approx(2 / 3, abs=1e-4)


def test_strict_and_country_only_actor_matches_are_both_reported():
    events = gold_events(PETR)
    events["DEMO-02"] = [CodedEvent("FRE", "KEL", "036"), CodedEvent("KEL", "FREMIL", "036")]
    scores = evaluate_events(PETR, system=ScriptedCoder(events), baselines=False)["system"]
    assert scores["f1"] < 1.0 and scores["country_f1"] == 1.0
    assert scores["source_match"] == pytest.approx(5 / 6, abs=1e-4)
    assert scores["target_match"] == pytest.approx(5 / 6, abs=1e-4)
    assert scores["source_country_match"] == scores["target_country_match"] == 1.0


def test_a_wrong_code_in_the_right_root_keeps_root_and_class_accuracy():
    events = gold_events(PETR)
    events["DEMO-01"] = [CodedEvent("FRE", "SYL", "043")]
    scores = evaluate_events(PETR, system=ScriptedCoder(events), baselines=False)["system"]
    assert scores["recall"] == pytest.approx(5 / 6, abs=1e-4)
    assert scores["root_accuracy"] == scores["quad_accuracy"] == 1.0


def test_the_petrarch_folder_is_passed_to_load_dictionaries():
    system = ScriptedCoder()
    evaluate_events(PETR, system=system, baselines=False)
    assert system.dictionaries == [PETR]
    assert (system.dictionaries[0] / "PETR.Validate.actors.txt").is_file()


def test_a_crash_is_retried_per_sentence_and_counts_only_its_sentences_as_misses():
    system = ScriptedCoder(gold_events(PETR), crash_on="Kelland")
    scores = evaluate_events(PETR, system=system, baselines=False)["system"]
    assert scores["crashed_sentences"] == 3  # DEMO-02, PATTERN-01, SYNSET-01 mention Kelland
    assert scores["recall"] == pytest.approx(3 / 6, abs=1e-4) and scores["precision"] == 1.0


def test_a_wrong_number_of_answers_is_an_error_not_a_miss():
    class Short(ScriptedCoder):
        def code(self, sentences):
            return [[]]

    with pytest.raises(ValueError, match="1 answers for 8 sentences"):
        evaluate_events(PETR, system=Short(), baselines=False)


def test_events_may_be_returned_as_objects_dicts_or_tuples():
    assert as_event({"source": "FRE", "target": None, "code": "042"}) == CodedEvent("FRE", None, "042")
    assert as_event(("FRE", "SYL", 190)) == CodedEvent("FRE", "SYL", "190")
    answers = ask(ScriptedCoder({"x": [("A", "B", "010")]}), "code", [EventSentence("x", "t")], harness._events)
    assert answers.values == [[CodedEvent("A", "B", "010")]]


def test_petrarch_predictions_are_one_line_per_sentence_with_its_events(tmp_path):
    out = tmp_path / "pred.jsonl"
    evaluate_events(PETR, system=ScriptedCoder(gold_events(PETR)), baselines=False, predictions=out)
    rows = read_rows(out)
    assert [row["id"] for row in rows][:2] == ["DEMO-01", "DEMO-02"] and len(rows) == 8
    assert rows[0]["events"] == [{"source": "FRE", "target": "SYL", "code": "042"}]
    assert rows[2] == {"id": "NOEV-01", "events": []}


def test_the_no_events_baseline_is_the_floor_of_recall_and_false_events():
    result = evaluate_events(PETR, system=ScriptedCoder(gold_events(PETR)))
    floor = result["baselines"]["no-events"]
    assert (floor["recall"], floor["f1"], floor["false_events"]) == (0.0, 0.0, 0)
    assert floor["sentences_exact"] == pytest.approx(3 / 8, abs=1e-4)


def test_progress_reaches_the_total_over_system_and_baselines():
    calls = []
    evaluate_events(PETR, system=ScriptedCoder(), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (16, 16)


# --- PLOVER ---


PLOVER_05 = {"FIX-AGREE-0001": "AGREE", "FIX-DEMAND-0001": "DEMAND", "FIX-FIGHT-0001": "FIGHT",
             "FIX-ASSAULT-0001": "ASSAULT", "FIX-DISAPPROVE-0001": "DISAPPROVE", "FIX-AGREE-0001#2": "AGREE"}
PLOVER_2021 = {**PLOVER_05, "FIX-DEMAND-0001": "request", "FIX-FIGHT-0001": "ASSAULT",
               "FIX-DISAPPROVE-0001": "ACCUSE"}


def test_plover_types_are_scored_over_the_18_types_in_0_5b1_names():
    scores = evaluate_events(PLOVER, system=TypedCoder(types=PLOVER_05), baselines=False)["system"]
    assert (scores["type_accuracy"], scores["type_macro_f1"], scores["type_names"]) == (1.0, 1.0, "0.5b1")


def test_a_coder_speaking_plover_2021_is_scored_in_2021_names():
    scores = evaluate_events(PLOVER, system=TypedCoder(types=PLOVER_2021), baselines=False)["system"]
    assert (scores["type_accuracy"], scores["type_macro_f1"], scores["type_names"]) == (1.0, 1.0, "2021")
    # In 0.5b1 names its ASSAULT for the FIGHT record is wrong; the renames are undone.
    assert scores["type_accuracy_0.5b1"] == pytest.approx(5 / 6, abs=1e-4)


def test_plover_actors_are_matched_by_country_and_by_country_plus_sector():
    events = {"FIX-AGREE-0001": [CodedEvent("FREGOV", "SYL", "030")],
              "FIX-DEMAND-0001": [CodedEvent("KELGOV", "FREGOV", "100")],
              "FIX-FIGHT-0001": [CodedEvent("SYL", "KEL", "190")]}
    scores = evaluate_events(PLOVER, system=TypedCoder(events, PLOVER_05), baselines=False)["system"]
    assert (scores["source_scored"], scores["target_scored"]) == (6, 4)
    assert scores["source_country_match"] == pytest.approx(3 / 6, abs=1e-4)
    assert scores["source_actor_match"] == pytest.approx(2 / 6, abs=1e-4)  # FIGHT's SYL lacks MIL
    assert scores["target_country_match"] == pytest.approx(3 / 4, abs=1e-4)
    assert scores["target_actor_match"] == pytest.approx(1 / 4, abs=1e-4)  # only SYL (no gold sector)


def test_a_coder_without_plover_type_gets_actor_scores_and_a_note():
    result = evaluate_events(PLOVER, system=ScriptedCoder(), baselines=False)
    assert result["system"]["type_accuracy"] is None
    assert any("plover_type" in note for note in result["notes"])


def test_plover_baselines_answer_nothing_and_the_set_majority(tmp_path):
    out = tmp_path / "plover.jsonl"
    result = evaluate_events(PLOVER, system=TypedCoder(types=PLOVER_05), predictions=out)
    assert result["baselines"]["no-events"]["type_accuracy"] == 0.0
    assert result["baselines"]["majority"]["type_accuracy"] == pytest.approx(2 / 6, abs=1e-4)
    assert read_rows(out)[1] == {"id": "FIX-DEMAND-0001", "type": "DEMAND", "events": []}


# --- ConfliBERT pentaclasses ---


def test_pentaclass_comes_from_the_first_coded_event_when_a_coder_has_no_pentaclass():
    gold = {item.sentence.id: item.label for item in load_event_set(CONFLIBERT).items}
    codes = {0: "010", 1: "036", 2: "070", 3: "160", 4: "190"}
    events = {i: [CodedEvent(None, None, "999"), CodedEvent(None, None, codes[label])] for i, label in gold.items()}
    result = evaluate_events(CONFLIBERT, system=ScriptedCoder(events), baselines=False)
    assert result["system"]["macro_f1"] == 1.0 and result["system"]["protocol"] == "as-is"
    assert "system_cv" not in result and any("pentaclass()" in note for note in result["notes"])


def test_a_learning_coder_is_also_cross_validated_on_deep_copies(tmp_path):
    system, out = KeywordLearner(), tmp_path / "penta.jsonl"
    result = evaluate_events(CONFLIBERT, system=system, baselines=False, predictions=out)
    assert system.fits == []  # the harness fitted copies; the system itself was never trained
    assert result["system"]["answered"] == 0  # as-is, untrained
    cv = result["system_cv"]
    assert cv["protocol"] == "5-fold CV" and len(cv["fold_macro_f1"]) == 5 and cv["answered"] > 0
    rows = read_rows(out)
    assert len(rows) == 30 and set(rows[0]) == {"id", "label", "cv_label"}


def test_each_fold_is_fitted_without_its_own_sentences():
    sentences = [item.sentence for item in load_event_set(CONFLIBERT).items]
    labels = [item.label for item in load_event_set(CONFLIBERT).items]
    fits = []

    class Recording(KeywordLearner):
        def fit(self, train, train_labels):
            fits.append({s.id for s in train})
            super().fit(train, train_labels)

    pooled, answers, fold_scores = cross_validate(Recording(), sentences, labels, folds=5)
    assert len(fits) == 5 and all(len(f) == 24 for f in fits)
    held_out = [{s.id for s in sentences} - f for f in fits]
    assert set().union(*held_out) == {s.id for s in sentences}
    assert len(pooled) == 30 and len(fold_scores) == 5
    assert pooled == cross_validate(Recording(), sentences, labels, folds=5)[0]  # fixed seed


def test_conflibert_baselines_are_cross_validated_and_folds_zero_skips_them():
    result = evaluate_events(CONFLIBERT, system=ScriptedCoder())
    assert set(result["baselines"]) == {"majority", "tfidf-logreg"}
    assert result["baselines"]["tfidf-logreg"]["protocol"] == "5-fold CV"
    # Each fold answers the label most frequent in its training part: one class per fold, all answered.
    majority = result["baselines"]["majority"]
    assert majority["answered"] == 30 and majority["accuracy"] <= 0.2
    skipped = evaluate_events(CONFLIBERT, system=ScriptedCoder(), folds=0)
    assert skipped["baselines"] == {} and any("not cross-validated" in note for note in skipped["notes"])


def test_baselines_behave_as_documented():
    sentences = [EventSentence("1", "Sylvania shelled the post."), EventSentence("2", "Freedonia spoke.")]
    assert NoEvents().code(sentences) == [[], []] and NoEvents().pentaclass(sentences) == [None, None]
    assert MajorityClass(["B", "A", "B"]).plover_type(sentences) == ["B", "B"]
    assert MajorityClass([1, 0]).pentaclass(sentences) == [0, 0]  # a tie goes to the smallest label
    learner = TfidfLogisticPentaclass()
    assert learner.pentaclass(sentences) == [None, None]
    learner.fit(sentences, [4, 0])
    assert learner.pentaclass(sentences) == [4, 0]
    assert set(event_baselines("petrarch")) == {"no-events"}
    with pytest.raises(ValueError):
        event_baselines("ecbplus")


# --- the Wirewatch coder and the command ---


@pytest.fixture
def no_wirewatch_coder(monkeypatch):
    monkeypatch.setitem(sys.modules, "wirewatch.extract.evaluation", None)  # import now fails


def test_without_the_wirewatch_coder_the_baselines_run_with_a_note(no_wirewatch_coder):
    result = evaluate_events(PETR)
    assert result["system"] is None and "no-events" in result["baselines"]
    assert any("not available" in note for note in result["notes"])
    with pytest.raises(ValueError, match="nothing to score"):
        evaluate_events(PETR, baselines=False)


def test_the_command_still_runs_the_baselines_when_the_coder_is_missing(no_wirewatch_coder):
    outcome = CliRunner().invoke(main, ["evaluate", "events", "--data", str(PETR)])
    assert outcome.exit_code == 0, outcome.output
    assert "no-events" in outcome.output and "not available" in outcome.output
    refused = CliRunner().invoke(main, ["evaluate", "events", "--data", str(PETR), "--no-baselines"])
    assert refused.exit_code != 0 and "not available" in refused.output


def test_the_command_prints_wirewatch_beside_the_baselines(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "wirewatch_coder", lambda: ScriptedCoder(gold_events(PETR)))
    outcome = CliRunner().invoke(main, ["evaluate", "events", "--data", str(PETR)])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert lines[0].startswith("petrarch: PETR.UnitTest.records.xml (8 sentences")
    assert lines[2].startswith("wirewatch") and "1.000" in lines[2] and lines[3].startswith("no-events")
    out = tmp_path / "p.jsonl"
    as_json = CliRunner().invoke(main, ["evaluate", "events", "--data", str(CONFLIBERT), "--json",
                                        "--no-baselines", "--predictions", str(out)])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["dataset"] == "conflibert_cameo" and len(read_rows(out)) == 30


def test_the_command_reports_a_folder_that_is_not_an_event_set(tmp_path, no_wirewatch_coder):
    outcome = CliRunner().invoke(main, ["evaluate", "events", "--data", str(tmp_path)])
    assert outcome.exit_code != 0 and "W006" in outcome.output


# --- the DEV data, where present ---


EVENTS = SHARED / "eval" / "events"


def dev_folder(name: str) -> Path:
    folder = EVENTS / name
    if not folder.is_dir():
        pytest.skip(f"the DEV data is read from {folder}, which is absent")
    return folder


def test_the_dev_sets_load_with_the_readme_counts_and_ids():
    petrarch = load_event_set(dev_folder("petrarch2"))
    ids = [item.sentence.id for item in petrarch.items]
    assert len(ids) == 284 and len(set(ids)) == 284 and {"AGENTS-18#2", "AGENTS-19#2"} <= set(ids)
    assert len(load_event_set(dev_folder("plover")).items) == 152
    assert len(load_event_set(dev_folder("conflibert_cameo")).items) == 1349


def test_the_no_events_floor_on_the_dev_unit_tests():
    result = evaluate_events(dev_folder("petrarch2"), system=NoEvents(), baselines=False)
    assert result["system"]["recall"] == 0.0 and result["system"]["false_events"] == 0
