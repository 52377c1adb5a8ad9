"""``wirewatch sitrep`` and ``wirewatch story ID --compare`` on a small store, and on the seed story."""
import json

import pytest


@pytest.fixture
def store(conn):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("sitrep_fixture", Path(__file__).parent / "compare" / "test_sitrep.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_store(conn)


def test_story_compare_lists_each_outlet_with_marked_claims_and_a_cited_summary(run, store):
    text = run("story", "s-strike", "--compare").output
    assert "== Harbor Ledger" in text and "== Delta Morning Post" in text
    assert "[commentary]" in text and "Summary" in text and "1. " in text
    assert "[corroborated: " in text or "[single-source]" in text


def test_story_compare_json_holds_the_comparison_and_the_summary(run, store):
    data = json.loads(run("story", "s-strike", "--compare", "--json").output)
    assert data["story_id"] == "s-strike" and len(data["articles"]) == 2
    assert data["summary"] and all(s["outlets"] for s in data["summary"])
    assert set(data["counts"]) == {"corroborated", "single-source", "conflict", "commentary"}


def test_story_without_compare_keeps_its_listing(run, store):
    text = run("story", "s-strike").output
    assert "story s-strike" in text and "2 article(s) from 2 outlet(s)" in text


def test_sitrep_writes_markdown_html_and_json(run, store, tmp_path):
    assert run("sitrep", "--limit", "1").output.startswith("# Situation report")
    page = tmp_path / "report.html"
    result = run("sitrep", "--format", "html", "--output", str(page))
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "&lt;script&gt;" in html
    data = json.loads(run("sitrep", "--format", "json", "--since", "2024-03-03").output)
    assert [s["id"] for s in data["stories"]] == ["s-strike"]


def test_the_seed_story_compared_lists_both_articles_and_cites_both(run, seeds):
    assert run("ingest", str(seeds), "--quiet", "--no-extract").exit_code == 0
    story_id = json.loads(run("stories", "--json").output)[0]["id"]
    data = json.loads(run("story", story_id, "--compare", "--json").output)
    ids = {a["id"] for a in data["articles"]}
    assert len(ids) == 2
    cited = {source for s in data["summary"] for source in s["outlets"]}
    assert cited == ids                      # the seeds have no outlet: each article is its own source
    text = run("story", story_id, "--compare").output
    assert all(f"== {article_id}" in text for article_id in ids)
