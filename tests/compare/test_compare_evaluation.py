"""WirewatchComparer through the ``evaluate compare`` harness, on the harness's own fixtures."""
from pathlib import Path

import pytest

from wirewatch.compare.evaluation import WirewatchComparer, sentence_claims
from wirewatch.compare.story import Comparer
from wirewatch.evaluate.compare import MARKS, evaluate_compare
from wirewatch.evaluate.compare_data import ArticleSentences, load_compare_set

FIXTURES = Path(__file__).resolve().parents[1] / "evaluate" / "fixtures" / "compare"


@pytest.fixture
def system(hash_embedder):
    return WirewatchComparer(Comparer(hash_embedder))


def test_marks_follow_the_harness_sentences_one_set_per_sentence(system):
    compare_set = load_compare_set(FIXTURES / "basil")
    for story in compare_set.stories:
        articles = [a.article for a in story.articles]
        marks = system.mark(articles)
        assert [len(m) for m in marks] == [len(a.sentences) for a in articles]
        assert all(set(m) <= MARKS for article in marks for m in article)


def test_claims_are_cut_from_each_given_sentence_alone():
    article = ArticleSentences("a", "Harbor Ledger", "Storm", None, [
        "A winter storm closed the coastal highway on Sunday.", "Crews worked through the night to clear it."])
    per_sentence = sentence_claims([article])["a"]
    assert len(per_sentence) == 2
    claims = [c for found in per_sentence for c in found]
    assert [c.index for c in claims] == list(range(len(claims)))
    joined = "\n".join(article.sentences)
    assert all(joined[c.start:c.end] == c.text for c in claims)


def test_a_fact_two_outlets_state_is_corroborated_and_an_opinion_is_commentary(system):
    first = ArticleSentences("1", "Harbor Ledger", "", None, [
        "A winter storm closed the coastal highway near Port Avery on Sunday.",
        "The state's failure to prepare is shameful and it should apologise."])
    second = ArticleSentences("2", "Delta Morning Post", "", None, [
        "The coastal highway near Port Avery was closed by a winter storm on Sunday."])
    marks = system.mark([first, second])
    assert "corroborated" in marks[0][0] and "corroborated" in marks[1][0]
    assert "commentary" in marks[0][1]


def test_the_harness_scores_the_comparer_on_basil_without_a_crash(system):
    result = evaluate_compare(FIXTURES / "basil", system=system)
    assert result["system"]["crashed_stories"] == 0
    assert 0.0 <= result["system"]["informational_f1"] <= 1.0
    assert set(result["baselines"]) >= {"all-positive", "lead-3"}


def test_the_harness_scores_its_summaries_on_neus_within_budget(system):
    result = evaluate_compare(FIXTURES / "neus_allsides", system=system)
    assert result["system"]["crashed_stories"] == 0
    assert 0 < result["system"]["sentences"] <= 5 and result["system"]["rouge1"] > 0
    story = load_compare_set(FIXTURES / "neus_allsides").stories[0]
    summary = system.summarize(story.articles)
    sentences = {s for a in story.articles for s in a.sentences}
    assert summary and all(s in sentences for s in summary)
