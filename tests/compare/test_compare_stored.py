"""compare_story reads the claims the extract stage stored and keeps claim vectors in the store."""
from datetime import date

import pytest

from wirewatch.compare import Comparer, compare_story, comparison_as_dict
from wirewatch.compare import story as story_module
from wirewatch.extract.stage import ExtractStage
from wirewatch.store.articles import save_articles
from wirewatch.store.db import connect
from wirewatch.store.stories import add_to_story

from test_compare_story import FIRST, SECOND, _article, _story  # the same invented reports and story

THIRD = (
    "Norwegian sailors boarded the freighter off Bergen on Tuesday, officials said.\n"
    "The ship's owner called the detention unlawful on Wednesday."
)


class CountingEmbedder:
    """The word-hash embedder, counting its calls and the texts it embeds."""

    def __init__(self, inner):
        self.inner, self.name, self.dimensions = inner, inner.name, inner.dimensions
        self.calls: list[int] = []

    def embed(self, texts):
        self.calls.append(len(texts))
        return self.inner.embed(texts)


def _extract(conn, ids=None, comparer=None):
    stage = ExtractStage(conn, processes=1, comparer=comparer, embed_claims=comparer is not None)
    try:
        stage.process(ids)
    finally:
        stage.close()


@pytest.fixture
def parsed(monkeypatch):
    """The article ids compare parses with spaCy (rather than reading stored claims)."""
    seen: list[str] = []
    real = story_module.article_claims

    def recording(texts):
        seen.extend(t.id for t in texts)
        return real(texts)

    monkeypatch.setattr(story_module, "article_claims", recording)
    return seen


def test_a_story_whose_claims_are_stored_compares_as_from_its_text(conn, hash_embedder, parsed):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post"),
                  _article("a3", FIRST, "Coastal Wire")], [("a3", "a1", "copy_of", 0.99)])
    from_text = comparison_as_dict(compare_story(conn, "s-test", comparer=Comparer(hash_embedder)))
    assert sorted(parsed) == ["a1", "a2", "a3"]
    _extract(conn)
    parsed.clear()
    from_store = comparison_as_dict(compare_story(conn, "s-test", comparer=Comparer(hash_embedder)))
    assert parsed == []
    assert from_store == from_text
    assert from_store["counts"]["conflict"] >= 1 and from_store["counts"]["corroborated"] >= 1


def test_articles_without_stored_claims_are_parsed_alongside_stored_ones(conn, hash_embedder, parsed):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post")])
    _extract(conn, ["a1"])
    found = compare_story(conn, "s-test", comparer=Comparer(hash_embedder))
    assert parsed == ["a2"]
    assert found.group_of("a1", 0).status == "conflict"


def test_an_undated_article_dated_by_its_relation_is_parsed_for_its_dates(conn, hash_embedder, parsed):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a3", THIRD, "Coastal Wire", published=None)],
           [("a3", "a1", "rewrite_of", 0.9)])
    _extract(conn)
    found = compare_story(conn, "s-test", comparer=Comparer(hash_embedder))
    assert parsed == ["a3"]        # stored without dates (the stage knows no date for it)
    boarded = found.groups[found.marks["a3"][0].group].claims
    assert [d.first for c in boarded if c.article_id == "a3" for d in c.dates] == [date(2024, 3, 5)]


def test_claim_vectors_are_stored_once_and_reused_by_a_fresh_comparer(conn, hash_embedder):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post")])
    first = CountingEmbedder(hash_embedder)
    before = comparison_as_dict(compare_story(conn, "s-test", comparer=Comparer(first)))
    assert len(first.calls) == 1 and first.calls[0] == 4      # one batch; the shared sentence once, the commentary never
    assert conn.execute("SELECT COUNT(*) FROM claim_vectors WHERE model = ?", (hash_embedder.name,)).fetchone()[0] == 4
    again = CountingEmbedder(hash_embedder)
    assert comparison_as_dict(compare_story(conn, "s-test", comparer=Comparer(again))) == before
    assert again.calls == []
    save_articles(conn, [_article("a3", THIRD, "Coastal Wire")])
    add_to_story(conn, "a3", "s-test", 1.0, date(2024, 3, 5), "test")
    conn.commit()
    compare_story(conn, "s-test", comparer=Comparer(again))
    assert again.calls == [2]                                 # only the new article's claims


def test_the_extract_stage_stores_the_claim_vectors_of_articles_that_joined_a_story(db_path, conn, hash_embedder,
                                                                                    parsed):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post")])
    reader = connect(db_path)
    reader.execute("PRAGMA query_only = ON")
    try:
        from_text = comparison_as_dict(compare_story(reader, "s-test", comparer=Comparer(hash_embedder)))
    finally:
        reader.close()
    parsed.clear()
    at_extract = CountingEmbedder(hash_embedder)
    _extract(conn, comparer=Comparer(at_extract))
    fresh = CountingEmbedder(hash_embedder)
    found = comparison_as_dict(compare_story(conn, "s-test", comparer=Comparer(fresh)))
    # a2 joined the story: its claims were embedded at extraction; a1 started it: compare embeds its own.
    assert len(at_extract.calls) == 1 and len(fresh.calls) == 1 and parsed == []
    assert at_extract.calls[0] + fresh.calls[0] == 4          # the claims compare aligns by meaning, once each
    assert found == from_text and found["counts"]["conflict"] >= 1


def test_an_embedder_failure_at_extraction_stores_the_claims_and_leaves_the_vectors_to_compare(conn, hash_embedder,
                                                                                             caplog):
    class Broken:
        name, dimensions = "broken", 8

        def embed(self, texts):
            raise RuntimeError("out of memory")

    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post")])
    _extract(conn, comparer=Comparer(Broken()))
    assert conn.execute("SELECT COUNT(*) FROM claim_sets").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM claim_vectors").fetchone()[0] == 0
    assert "claim vectors" in caplog.text and "out of memory" in caplog.text
    assert compare_story(conn, "s-test", comparer=Comparer(hash_embedder)).group_of("a1", 0).status == "conflict"


def test_a_read_only_connection_compares_without_writing_and_keeps_vectors_in_memory(db_path, conn, hash_embedder):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a2", SECOND, "Fjord Post")])
    reader = connect(db_path)
    reader.execute("PRAGMA query_only = ON")
    counting = CountingEmbedder(hash_embedder)
    comparer = Comparer(counting)
    try:
        found = compare_story(reader, "s-test", comparer=comparer)
        compare_story(reader, "s-test", comparer=comparer)
    finally:
        reader.close()
    assert found.group_of("a1", 0).status == "conflict"
    assert counting.calls == [4]
    assert conn.execute("SELECT COUNT(*) FROM claim_vectors").fetchone()[0] == 0


def test_commentary_is_never_embedded_yet_a_copied_commentary_sentence_still_aligns(conn, hash_embedder):
    _story(conn, [_article("a1", FIRST, "Harbor Ledger"), _article("a3", FIRST, "Coastal Wire")],
           [("a3", "a1", "copy_of", 0.99)])
    counting = CountingEmbedder(hash_embedder)
    found = compare_story(conn, "s-test", comparer=Comparer(counting))
    opinion = found.group_of("a1", 2)
    assert opinion.status == "commentary"
    assert {c.article_id for c in opinion.claims} == {"a1", "a3"}       # the copy's sentence, by its words
    embedded = conn.execute("SELECT COUNT(*) FROM claim_vectors").fetchone()[0]
    assert counting.calls == [embedded] and embedded == len({c.text for g in found.groups for c in g.claims
                                                             if c.kind != "commentary"})
