"""The story-grouping harness on tiny invented folders in each data set's layout."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED
from wirewatch.cli import main
from wirewatch.evaluate.common import DataMissing
from wirewatch.evaluate.stories import evaluate_stories
from wirewatch.evaluate.story_baselines import MinHashGrouper, TfidfCentroidGrouper, word_shingles
from wirewatch.evaluate.story_data import detect_story_dataset, load_story_set
from wirewatch.model import StoryDoc

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stories"
BASIL, ECB, MSTREAM = FIXTURES / "basil", FIXTURES / "ecbplus", FIXTURES / "googlenews_mstream"
SEMEVAL, NEUS, WCL = FIXTURES / "semeval2022_task8", FIXTURES / "neus_allsides", FIXTURES / "newswcl50"
BRIDGE = "11111111-aaaa-4bbb-8ccc-000000000001"
BUDGET = "22222222-aaaa-4bbb-8ccc-000000000002"


class ScriptedSystem:
    """Labels docs from a table (default: each doc alone) and remembers what it was given."""

    def __init__(self, labels=None, similarities=None):
        self.labels, self.similarities = labels or {}, similarities or {}
        self.seen: list[list[StoryDoc]] = []

    def group(self, docs):
        self.seen.append(list(docs))
        return [self.labels.get(doc.id, doc.id) for doc in docs]

    def similarity(self, pairs):
        return [self.similarities[a.id] for a, _ in pairs]


def by_prefix(docs_ids, separator="_"):
    return {doc_id: doc_id.split(separator)[0] for doc_id in docs_ids}


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- detection and loading ---


@pytest.mark.parametrize("folder, name", [
    (BASIL, "basil"), (ECB, "ecbplus"), (MSTREAM, "googlenews_mstream"), (SEMEVAL, "semeval2022_task8"),
    (NEUS, "neus_allsides"), (WCL, "newswcl50")])
def test_the_data_set_is_recognised_from_the_folder_layout(folder, name, tmp_path):
    assert detect_story_dataset(folder) == name
    # The folder's own name plays no part.
    renamed = tmp_path / "anything"
    renamed.symlink_to(folder, target_is_directory=True)
    assert detect_story_dataset(renamed) == name


def test_a_missing_or_unknown_folder_is_a_data_missing_error(tmp_path):
    with pytest.raises(DataMissing, match="not found"):
        evaluate_stories(tmp_path / "absent", system=ScriptedSystem())
    (tmp_path / "notes.txt").write_text("nothing to group", encoding="utf-8")
    with pytest.raises(DataMissing, match="not a known story-grouping data set"):
        evaluate_stories(tmp_path, system=ScriptedSystem())


def test_basil_docs_arrive_by_date_then_id_with_title_body_outlet():
    [run] = load_story_set(BASIL).runs
    ids = [item.doc.id for item in run.items]
    assert ids == [f"{BUDGET}_1", f"{BUDGET}_3", f"{BUDGET}_2", f"{BRIDGE}_2", f"{BRIDGE}_1", f"{BRIDGE}_3"]
    first_bridge = run.items[4]
    assert first_bridge.doc.title == "Harbor bridge shut after crack found in main span"
    assert first_bridge.doc.body.split("\n") == [
        "Inspectors closed the Harbor Street bridge on Tuesday after finding a crack in its main span. "
        "Commuters were told to expect long detours.",
        "The city engineer said repairs could take six weeks."]
    assert (first_bridge.doc.published, first_bridge.doc.outlet) == (date(2019, 3, 5), "fox")
    assert {item.doc.outlet for item in run.items} == {"fox", "nyt", "hpo"}
    assert first_bridge.gold == {"story": BRIDGE} and first_bridge.item_id == f"{BRIDGE}_1"


def test_ecbplus_docs_arrive_sorted_by_id_with_subtopic_and_topic_gold():
    [run] = load_story_set(ECB).runs
    assert [item.doc.id for item in run.items] == ["1_1ecb", "1_1ecbplus", "1_2ecb", "2_1ecb", "2_2ecb"]
    assert run.items[1].gold == {"subtopic": "1ecbplus", "topic": "1"}
    assert run.items[0].doc.title == "A ferry ran aground off Carrow Island on Sunday."
    assert (run.items[0].doc.published, run.items[0].doc.outlet) == (None, None)


def test_neus_items_are_the_outlets_of_each_record_by_date():
    [run] = load_story_set(NEUS).runs
    assert [item.doc.id for item in run.items] == ["12:left", "12:right", "30:center", "30:left", "30:right"]
    left = run.items[3]
    assert (left.item_id, left.side, left.gold) == ("30", "left", {"story": "30"})
    assert (left.doc.outlet, left.doc.title, left.doc.published) == ("Harbor Ledger", "Bridge shut over crack",
                                                                     date(2021, 6, 2))
    assert left.doc.body == "Inspectors found a crack.\nDetours ahead."


def test_newswcl50_articles_take_headline_from_first_line_and_event_as_gold():
    [run] = load_story_set(WCL).runs
    assert [(i.doc.id, i.gold["story"], i.doc.outlet) for i in run.items] == [
        ("0_L", "0", "L"), ("0_R", "0", "R"), ("1_M", "1", "M")]
    assert run.items[1].doc.title == "Coastguard praised after ferry rescue"
    assert run.items[1].doc.body == "The ferry hit a sandbank.\nNobody was hurt."


def test_newswcl50_without_articles_says_so(tmp_path):
    # The DEV copy of NewsWCL50 holds only the codebook, licence and upstream readme.
    for name in ("Codebook.pdf", "LICENSE", "README.upstream.md"):
        (tmp_path / name).write_text("-", encoding="utf-8")
    assert detect_story_dataset(tmp_path) == "newswcl50"
    with pytest.raises(DataMissing, match="no articles in this folder"):
        evaluate_stories(tmp_path, system=ScriptedSystem())


# --- scoring ---


def test_basil_scores_the_systems_labels_against_the_story_uuid(tmp_path):
    labels = {**{f"{BRIDGE}_{n}": "bridge" for n in (1, 2, 3)}, f"{BUDGET}_1": "budget", f"{BUDGET}_3": "budget"}
    system = ScriptedSystem(labels)
    out = tmp_path / "basil.jsonl"
    result = evaluate_stories(BASIL, system=system, baselines=False, predictions=out)
    assert (result["dataset"], result["items"], result["level"], result["baselines"]) == ("basil", 6, "story", {})
    scores = result["system"]
    # Budget item 2 left alone: its recall 1/3, its two siblings' 2/3 -> recall (3 + 4/3 + 1/3) / 6.
    assert (scores["bcubed_precision"], scores["bcubed_recall"], scores["bcubed_f1"]) == (1.0, 0.7778, 0.875)
    assert (scores["pairwise_precision"], scores["pairwise_recall"]) == (1.0, 0.6667)
    assert (scores["clusters"], scores["gold_clusters"]) == (3, 2)
    assert len(system.seen) == 1 and [d.id for d in system.seen[0]][:2] == [f"{BUDGET}_1", f"{BUDGET}_3"]
    rows = read_rows(out)
    assert rows[0] == {"id": f"{BUDGET}_1", "story": "budget"}
    assert rows[2] == {"id": f"{BUDGET}_2", "story": f"{BUDGET}_2"}


def test_ecbplus_is_scored_at_subtopic_and_topic_level():
    system = ScriptedSystem(by_prefix(["1_1ecb", "1_1ecbplus", "1_2ecb", "2_1ecb", "2_2ecb"]))
    result = evaluate_stories(ECB, system=system, baselines=False)
    assert result["level"] == "subtopic"
    # Grouping by topic merges 1ecb with 1ecbplus: precision (2/3 + 2/3 + 1/3 + 1 + 1) / 5.
    assert (result["system"]["bcubed_precision"], result["system"]["bcubed_recall"]) == (0.7333, 1.0)
    levels = result["runs"]["docs"]["levels"]
    assert list(levels) == ["subtopic", "topic"]
    assert levels["topic"]["system"]["bcubed_f1"] == 1.0 and levels["topic"]["system"]["gold_clusters"] == 2


def test_mstream_scores_each_file_in_line_order_with_news_t_as_headline(tmp_path):
    system = ScriptedSystem()
    out = tmp_path / "mstream.jsonl"
    result = evaluate_stories(MSTREAM, system=system, baselines=False, predictions=out)
    assert (result["run"], list(result["runs"])) == ("News-T.jsonl", ["News-T.jsonl", "News.jsonl"])
    assert [d.id for d in system.seen[0]] == ["000003", "000001", "000005", "000006", "000004", "000002"]
    assert [d.id for d in system.seen[1]] == ["000001", "000002", "000003", "000004", "000005", "000006"]
    assert system.seen[0][0].title == "carrow ferry passeng rescu" and system.seen[0][0].body == ""
    assert result["system"]["clusters"] == 6 and result["system"]["gold_clusters"] == 3
    rows = read_rows(out)
    assert len(rows) == 12 and rows[0] == {"id": "000003", "file": "News-T.jsonl", "story": "000003"}


def test_neus_predictions_keep_the_record_id_and_name_the_side(tmp_path):
    system = ScriptedSystem(by_prefix(["12:left", "12:right", "30:center", "30:left", "30:right"], ":"))
    out = tmp_path / "neus.jsonl"
    result = evaluate_stories(NEUS, system=system, baselines=False, predictions=out)
    assert result["system"]["bcubed_f1"] == 1.0 and result["items"] == 5
    assert read_rows(out)[2] == {"id": "30", "side": "center", "story": "30"}


def test_semeval_reports_pearson_with_minus_overall_and_ignores_the_textless_file(tmp_path):
    # Similarity (5 - Overall) / 4 is a perfect (negative) linear function of Overall.
    system = ScriptedSystem(similarities={"101": 1.0, "102": 0.25, "103": 0.75, "104": 0.375})
    out = tmp_path / "semeval.jsonl"
    result = evaluate_stories(SEMEVAL, system=system, baselines=False, predictions=out)
    assert (result["dataset"], result["items"]) == ("semeval2022_task8", 4)
    assert result["system"]["pearson"] == 1.0 and "-Overall" in result["metric"]
    assert any("eval_gold_labels.csv" in note for note in result["notes"])
    assert read_rows(out)[1] == {"id": "102_202", "similarity": 0.25}
    inverted = ScriptedSystem(similarities={"101": 0.0, "102": 0.75, "103": 0.25, "104": 0.625})
    assert evaluate_stories(SEMEVAL, system=inverted, baselines=False)["system"]["pearson"] == -1.0


def test_semeval_pair_docs_are_the_two_articles_of_the_pair_id():
    pair = load_story_set(SEMEVAL).pairs[0]
    assert (pair.pair_id, pair.first.id, pair.second.id, pair.overall) == ("101_201", "101", "201", 1.0)
    assert pair.first.body.startswith("Ferry runs aground")


def test_a_system_returning_the_wrong_number_of_labels_is_refused():
    class Short(ScriptedSystem):
        def group(self, docs):
            return ["one"]

    with pytest.raises(ValueError, match="1 labels for 6 docs"):
        evaluate_stories(BASIL, system=Short(), baselines=False)


def test_progress_counts_docs_over_the_system_and_the_baselines():
    calls = []
    evaluate_stories(MSTREAM, system=ScriptedSystem(), progress=lambda done, total: calls.append((done, total)))
    # 2 files of 6 docs, run by the system and 2 baselines.
    assert calls[-1] == (36, 36) and all(total == 36 for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_system_that_takes_progress_reports_within_its_run():
    class Reporting(ScriptedSystem):
        def group(self, docs, progress=None):
            for i in range(len(docs)):
                progress(i + 1, len(docs))
            return super().group(docs)

    calls = []
    evaluate_stories(BASIL, system=Reporting(), baselines=False, progress=lambda d, t: calls.append((d, t)))
    assert calls[:3] == [(1, 6), (2, 6), (3, 6)] and calls[-1] == (6, 6)


def test_baselines_are_scored_in_the_same_run_with_timings():
    result = evaluate_stories(BASIL, system=ScriptedSystem())
    assert set(result["baselines"]) == {"tfidf-centroid", "minhash-lsh"}
    for scores in result["baselines"].values():
        assert {"bcubed_f1", "nmi", "ari", "clusters", "seconds", "docs_per_second"} <= set(scores)
    assert "seconds" in result["system"]


# --- baselines ---


def doc(doc_id, title, body=""):
    return StoryDoc(doc_id, title, body)


FERRY_1 = doc("f1", "Ferry runs aground off Carrow Island", "All forty passengers of the Carrow ferry were rescued.")
FERRY_2 = doc("f2", "Carrow Island ferry aground", "The coastguard rescued the forty ferry passengers off Carrow.")
BAKERY = doc("b1", "Bakery wins regional bread prize", "Judges praised the rye loaf from Lindholm.")


def test_tfidf_baseline_joins_a_similar_doc_and_separates_a_different_one():
    labels = TfidfCentroidGrouper().group([FERRY_1, BAKERY, FERRY_2])
    assert labels[0] == labels[2] != labels[1]
    assert TfidfCentroidGrouper(threshold=0.99).group([FERRY_1, BAKERY, FERRY_2]) == ["tfidf-0", "tfidf-1", "tfidf-2"]


def test_tfidf_baseline_similarity_is_cosine_of_the_pair():
    same, different = TfidfCentroidGrouper().similarity([(FERRY_1, FERRY_1), (FERRY_1, BAKERY)])
    assert same == pytest.approx(1.0) and different == pytest.approx(0.0)


def test_tfidf_baseline_copes_with_docs_of_only_stop_words():
    assert len(set(TfidfCentroidGrouper().group([doc("a", "the and of"), doc("b", "it is")]))) == 2


def test_minhash_baseline_groups_near_copies_only():
    copy = doc("f1-copy", FERRY_1.title, FERRY_1.body + " Nobody was hurt.")
    labels = MinHashGrouper().group([FERRY_1, BAKERY, copy, FERRY_2, doc("empty", "")])
    assert labels[2] == labels[0]
    assert len({labels[0], labels[1], labels[3], labels[4]}) == 4


def test_minhash_similarity_estimates_jaccard_of_word_trigrams():
    same, different = MinHashGrouper().similarity([(FERRY_1, FERRY_1), (FERRY_1, BAKERY)])
    assert same == 1.0 and different < 0.1
    assert word_shingles("One two three four") == {"one two three", "two three four"}
    assert word_shingles("Two words") == {"two words"} and word_shingles("") == set()


# --- command line ---


class StubGrouper(ScriptedSystem):
    def __init__(self):
        super().__init__(similarities={"101": 1.0, "102": 0.25, "103": 0.75, "104": 0.375})


def test_cli_prints_the_story_table(monkeypatch):
    import wirewatch.cluster.evaluation as evaluation

    monkeypatch.setattr(evaluation, "WirewatchGrouper", StubGrouper)
    result = CliRunner().invoke(main, ["evaluate", "stories", "--data", str(ECB)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "bcubed_f1" in result.output and "gold_clusters" in result.output
    assert "tfidf-centroid" in result.output and "topic level" in result.output
    assert "margin over tfidf-centroid" in result.output and "2 topic-level gold groups, 1000 draws" in result.output


def test_cli_json_and_semeval(monkeypatch):
    import wirewatch.cluster.evaluation as evaluation

    monkeypatch.setattr(evaluation, "WirewatchGrouper", StubGrouper)
    result = CliRunner().invoke(main, ["evaluate", "stories", "--data", str(SEMEVAL), "--no-baselines", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["system"]["pearson"] == 1.0
    text = CliRunner().invoke(main, ["evaluate", "stories", "--data", str(SEMEVAL), "--no-baselines"]).output
    assert "pearson" in text and "note: eval_gold_labels.csv" in text


def test_cli_says_clearly_when_the_grouper_cannot_be_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "wirewatch.cluster.evaluation", None)
    result = CliRunner().invoke(main, ["evaluate", "stories", "--data", str(BASIL)])
    assert result.exit_code == 1 and "cannot be imported" in result.output


def test_cli_reports_missing_articles_as_one_line(monkeypatch, tmp_path):
    import wirewatch.cluster.evaluation as evaluation

    monkeypatch.setattr(evaluation, "WirewatchGrouper", StubGrouper)
    (tmp_path / "Codebook.pdf").write_text("-", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "stories", "--data", str(tmp_path)])
    assert result.exit_code == 1 and "no articles in this folder" in result.output


# --- the real DEV data, when it is there ---

EVAL = SHARED / "eval"


def dev_folder(relative: str) -> Path:
    folder = EVAL / relative
    if not folder.is_dir():
        pytest.skip(f"the DEV data is read from {folder}, which is absent")
    return folder


@pytest.mark.parametrize("relative, dataset, items, stories", [
    ("stories/basil", "basil", 156, 52),
    ("stories/ecbplus", "ecbplus", 772, 66),
    ("clustering/googlenews_mstream", "googlenews_mstream", 5145, 79),
    ("stories/neus_allsides", "neus_allsides", None, None),
])
def test_dev_sets_load_with_their_documented_counts(relative, dataset, items, stories):
    story_set = load_story_set(dev_folder(relative))
    assert story_set.dataset == dataset
    run = story_set.runs[0]
    level = next(iter(run.items[0].gold))
    if items is not None:
        assert len(run.items) == items and len({i.gold[level] for i in run.items}) == stories
    assert len({i.doc.id for i in run.items}) == len(run.items)
    assert all(i.doc.title or i.doc.body for i in run.items)


def test_dev_semeval_has_its_181_pairs_with_text():
    story_set = load_story_set(dev_folder("clustering/semeval2022_task8"))
    assert len(story_set.pairs) == 181 and all(p.first.body and p.second.body for p in story_set.pairs)


def test_dev_newswcl50_has_no_articles():
    with pytest.raises(DataMissing, match="no articles in this folder"):
        load_story_set(dev_folder("stories/newswcl50"))


# --- arrival order ---


class FirstComeSystem(ScriptedSystem):
    """Online and order-sensitive on purpose: a doc joins the first doc's story if both share a story key."""

    def group(self, docs):
        self.seen.append(list(docs))
        first = docs[0].id.split("_")[0]
        return ["first" if d.id.split("_")[0] == first else d.id for d in docs]


def test_order_stability_reruns_the_system_on_shuffled_orders_and_compares_with_the_canonical_one():
    system = ScriptedSystem(by_prefix([f"{BRIDGE}_{n}" for n in (1, 2, 3)] + [f"{BUDGET}_{n}" for n in (1, 2, 3)]))
    result = evaluate_stories(BASIL, system=system, baselines=False, orders=3)
    stability = result["order_stability"]
    assert stability["orders"] == 3 and len(system.seen) == 4
    assert stability["bcubed_f1"] == [1.0, 1.0, 1.0] and stability["ari_with_canonical_order_min"] == 1.0
    canonical = [d.id for d in system.seen[0]]
    for seen in system.seen[1:]:
        assert sorted(d.id for d in seen) == sorted(canonical)
        # Shuffled within each day only: the publication dates still arrive in order.
        days = [d.published for d in seen]
        assert days == sorted(days)


def test_an_order_sensitive_system_shows_in_the_stability_figures():
    result = evaluate_stories(ECB, system=FirstComeSystem(), baselines=False, orders=4)
    stability = result["order_stability"]
    assert stability["ari_with_canonical_order_min"] < 1.0
