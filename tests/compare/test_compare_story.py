"""compare_story on small invented stories: one article, a copy, a conflict, commentary."""
from datetime import date

import pytest

from wirewatch.compare import Comparer, compare_story, comparison_as_dict
from wirewatch.model import Article
from wirewatch.store.articles import save_articles
from wirewatch.store.stories import add_to_story, create_story, save_relations

FIRST = (
    "The navy of Norway detained a cargo ship carrying 14 containers off the coast of Bergen on Tuesday.\n"
    "Port workers in Bergen halted loading for several hours while police secured the quay.\n"
    "The authorities must explain why the inspection took so long."
)
SECOND = (
    "The navy of Norway detained a cargo ship carrying 20 containers off the coast of Bergen on Tuesday.\n"
    "Port workers in Bergen halted loading for several hours while police secured the quay.\n"
    "Insurers raised premiums for the route by 5 percent on Wednesday."
)


def _article(article_id, body, outlet, published=date(2024, 3, 5)):
    return Article(id=article_id, body=body, title="Cargo ship detained off Bergen", author=None, outlet=outlet,
                   url=None, published=published, language="en", source=f"test:{article_id}", kind="text")


def _story(conn, articles, relations=()):
    save_articles(conn, articles)
    create_story(conn, "s-test", "Cargo ship detained", date(2024, 3, 5))
    for n, article in enumerate(articles):  # the first starts the story (score 1.0), the others join it
        add_to_story(conn, article.id, "s-test", 1.0 if n == 0 else 0.8, article.published, "test")
    save_relations(conn, relations)
    conn.commit()


@pytest.fixture
def comparer(hash_embedder):
    return Comparer(hash_embedder)


def test_a_story_of_one_article_has_only_single_source_and_commentary_groups(conn, comparer):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger")])
    found = compare_story(conn, "s-test", comparer=comparer)
    assert {g.status for g in found.groups} == {"single-source", "commentary"}
    assert [m.index for m in found.marks["a1"]] == [0, 1, 2]
    assert found.marks["a1"][2].kind == "commentary"


def test_two_outlets_disagreeing_on_a_count_are_a_conflict_with_a_reason(conn, comparer):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post")])
    found = compare_story(conn, "s-test", comparer=comparer)
    detained = found.group_of("a1", 0)
    assert detained.status == "conflict"
    assert "14" in detained.reason and "20" in detained.reason and "containers" in detained.reason
    quay = found.group_of("a1", 1)
    assert quay.status == "corroborated" and quay.independent
    assert quay.outlets == ("Harbor Ledger", "Fjord Post")
    assert found.group_of("a2", 2).status == "single-source"


def test_a_copy_is_reported_by_two_outlets_but_not_independently(conn, comparer):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a3", FIRST, "Coastal Wire")],
           [("a3", "a1", "copy_of", 0.99)])
    found = compare_story(conn, "s-test", comparer=comparer)
    quay = found.group_of("a1", 1)
    assert quay.status == "corroborated"
    assert quay.outlets == ("Harbor Ledger", "Coastal Wire")
    assert quay.independent_outlets == ("Harbor Ledger",) and not quay.independent
    assert found.group_of("a1", 2).status == "commentary"       # commentary never counts as fact


def test_each_group_holds_at_most_one_claim_per_article(conn, comparer):
    _story(conn, [_article(f"a{i}", FIRST if i % 2 else SECOND, f"Outlet {i}") for i in range(6)])
    found = compare_story(conn, "s-test", comparer=comparer)
    for group in found.groups:
        ids = [c.article_id for c in group.claims]
        assert len(ids) == len(set(ids))
    data = comparison_as_dict(found)
    assert sum(len(g["claims"]) for g in data["groups"]) == 18
