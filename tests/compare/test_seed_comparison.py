"""The seed story's sources compared (issue "Compare the sources of a story", done-when).

004 is the first report; 000 is a rewrite of it, so whatever both state is reported by two
outlets (``corroborated``) but not independently (one family, ``independent`` False).
"""
import pytest

from wirewatch.compare import Comparer, compare_story, comparison_as_dict
from wirewatch.store.stories import list_stories


@pytest.fixture(scope="module")
def comparison(tmp_path_factory, embedder):
    from conftest import seed_store

    conn = seed_store(tmp_path_factory, embedder, extract=False)
    stories = list_stories(conn)
    assert len(stories) == 1
    found = compare_story(conn, stories[0]["id"], comparer=Comparer(embedder))
    conn.close()
    return found


def _first_report(c):
    return next(a.id for a in c.articles if not a.relations)


def _rewrite(c):
    return next(a.id for a in c.articles if a.relations)


def _group(c, words):
    """The group holding the claim of the first report that contains all these words."""
    for group in c.groups:
        for claim in group.claims:
            if claim.article_id == _first_report(c) and all(w in claim.text for w in words):
                return group
    raise AssertionError(f"no claim of the first report says {words}")


def test_the_rewrite_is_one_family_with_its_original(comparison):
    assert [r for a in comparison.articles for r, _ in a.relations] == ["rewrite_of"]


@pytest.mark.parametrize("words", [
    ("commanded", "missile production"),          # the missile-production order
    ("factories he toured",),                     # the factory visits
    ("joint military drills",),                   # the joint drills
])
def test_facts_both_articles_state_are_corroborated_but_not_independently(comparison, words):
    group = _group(comparison, words)
    assert group.status == "corroborated"
    assert {c.article_id for c in group.claims} == {_first_report(comparison), _rewrite(comparison)}
    assert len(group.outlets) == 2
    assert len(group.independent_outlets) == 1 and not group.independent


def _only_in_first_report(comparison, group, detail=None):
    if detail is not None and group.status == "corroborated":
        return detail in " ".join(group.single_source_details)
    return group.status == "single-source" and group.outlets == (_first_report(comparison),)


@pytest.mark.parametrize("words,detail", [
    (("August 21-31",), "August 21-31"),
    (("U.N. Command", "about 30 field training programs"), None),
    (("The qualitative levels of war preparations",), None),
    (("accused North Korea of providing weapons to Russia",), None),
])
def test_details_only_the_first_report_gives_are_single_source(comparison, words, detail):
    assert _only_in_first_report(comparison, _group(comparison, words), detail)


@pytest.mark.parametrize("words", [("arms race",), ("denuclearisation",)])
def test_the_rewrites_analysis_paragraphs_are_commentary(comparison, words):
    claims = [c for g in comparison.groups for c in g.claims
              if c.article_id == _rewrite(comparison) and all(w in c.text for w in words)]
    assert claims and all(c.kind == "commentary" for c in claims)
    for claim in claims:
        group = next(g for g in comparison.groups if claim in g.claims)
        assert group.status in ("commentary", "single-source")


def test_the_seed_story_has_no_conflicts(comparison):
    assert comparison.groups_with("conflict") == []


def test_the_comparison_is_json_ready(comparison):
    import json

    data = json.loads(json.dumps(comparison_as_dict(comparison)))
    assert data["counts"]["conflict"] == 0 and data["counts"]["corroborated"] >= 3
    assert set(data["marks"]) == {a.id for a in comparison.articles}
