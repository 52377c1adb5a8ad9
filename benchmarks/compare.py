"""Time ``compare_story`` on one 50-article story, cold and warm, and say where the time goes.

    python -m benchmarks.compare [--articles 50] [--runs 3] [--rewrites 5] [--json]

The story is synthetic but its texts are real: the first `--articles` BASIL articles of
../shared/eval/stories/basil (read at run time, by year then file name), stored in a temporary
store as one story, with `--rewrites` of them marked as rewrites of the article before.
Outlets are BASIL's (fox, nyt, hpo). The models are loaded and warmed before timing:

- cold: a fresh ``Comparer`` (empty claim and vector caches) per run, on a store with neither
  stored claims nor stored vectors (an old store): spaCy on every article, every claim
  embedded, aligned and marked. Median of `--runs`.
- then the extract stage runs over the story as ingest runs it (timed apart, ``extract_s``: it
  stores claims and the vectors of the claims aligned by meaning), after a timed run that stores
  claims only (``extract_without_vectors_s``, what the vectors add to ingest), and
- warm_store (b), the first comparison after ingest: a fresh Comparer per run (a new process's
  empty caches), claims and claim vectors as the extract stage stored them. Median of `--runs`.
- cold_stored_claims (a): a fresh Comparer per run, claims read from the store, no stored
  vectors (emptied before each run, as in a store extracted before the stage stored vectors):
  every claim embedded. Median of `--runs`.
- warm: the same story again on a Comparer that has seen it (what ``wirewatch serve`` or a
  sitrep repeated over a growing story pays). Median of `--runs`.
- split of a cold run, each part timed on its own (medians): ``spacy`` (parsing and claim
  extraction, ``Comparer.claims``), ``embedding`` (``ClaimVectors.vectors`` of every claim that is aligned by meaning),
  ``alignment`` (``compare_articles``: pair scores, grouping, marks, with vectors cached),
  ``summary`` (``summarize_story``), ``store`` (reading the story and bodies).
- the baseline for the embedding part: the same claims embedded in float32, by an embedder that
  never uses bfloat16 (the comparer's default uses it where the CPU has it natively).
Target (the comparison issue): under 2 s per 50-article story.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASIL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories" / "basil" / "articles"
TARGET_SECONDS = 2.0


def basil_articles(count: int) -> list[dict]:
    if not BASIL.is_dir():
        sys.exit(f"benchmark input missing: {BASIL} (the shared evaluation data)")
    files = sorted(BASIL.glob("*/*.json"))[:count]
    rows = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in data.get("body-paragraphs", [])]
        rows.append({"title": data.get("title"), "outlet": data.get("source"), "date": data.get("date"),
                     "body": "\n\n".join(p for p in paragraphs if p.strip())})
    return rows


def build_story(conn, rows: list[dict], rewrites: int) -> tuple[str, list[str]]:
    """One story of all the rows; every (n // rewrites)-th article a rewrite of the one before."""
    from datetime import date

    from wirewatch.clean.article import article_id
    from wirewatch.model import Article
    from wirewatch.store.articles import save_articles
    from wirewatch.store.stories import add_to_story, create_story, save_relations

    articles = [Article(article_id(r["outlet"], r["body"]), r["body"], r["title"], None, r["outlet"], None,
                        date.fromisoformat(r["date"]) if r["date"] else None, "en", "benchmark", "text")
                for r in rows]
    save_articles(conn, articles)
    create_story(conn, "s-benchmark", articles[0].title, articles[0].published)
    for n, article in enumerate(articles):  # the first starts the story, the others join it
        add_to_story(conn, article.id, "s-benchmark", 1.0 if n == 0 else 0.8, article.published, "benchmark")
    step = max(len(articles) // max(rewrites, 1), 2)
    save_relations(conn, [(articles[i].id, articles[i - 1].id, "rewrite_of", 0.9)
                          for i in range(1, len(articles), step)][:rewrites])
    conn.commit()
    return "s-benchmark", [a.id for a in articles]


def _timed(call):
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def split_run(conn, story_id: str, embedder) -> dict[str, float]:
    """One cold comparison in its parts (see the module docstring)."""
    from wirewatch.compare.claims import ArticleText
    from wirewatch.compare.align import alignable
    from wirewatch.compare.corroborate import ArticleInfo
    from wirewatch.compare.story import Comparer, compare_articles
    from wirewatch.compare.summary import summarize_story
    from wirewatch.store.articles import get_article
    from wirewatch.store.stories import get_story

    comparer = Comparer(embedder)
    store_s, (story, bodies) = _timed(lambda: (lambda s: (s, {r["id"]: get_article(conn, r["id"])["body"]
                                                              for r in s["articles"]}))(get_story(conn, story_id)))
    infos = [ArticleInfo(r["id"], r["outlet"], r["title"], r["published"],
                         tuple((x["relation"], x["of"]) for x in r["relations"])) for r in story["articles"]]
    texts = [ArticleText(r["id"], bodies[r["id"]], r["outlet"], None) for r in story["articles"]]
    spacy_s, claims = _timed(lambda: comparer.claims(texts))
    everything = [c.text for i in infos for c in claims[i.id] if alignable(c)]
    embed_s, _ = _timed(lambda: comparer.vectors.vectors(everything))
    align_s, comparison = _timed(lambda: compare_articles(story_id, infos, claims, comparer.vectors))
    summary_s, _ = _timed(lambda: summarize_story(comparison, vectors=comparer.vectors))
    return {"store": store_s, "spacy": spacy_s, "embedding": embed_s, "alignment": align_s, "summary": summary_s,
            "claims": sum(len(found) for found in claims.values()), "embedded": len(everything),
            "groups": len(comparison.groups), "texts": everything}


def _fidelity(vectors, reference) -> dict[str, float]:
    """How far ``vectors`` are from the float32 ``reference`` rows: the median cosine of each row
    with its reference, and the mean absolute difference of all pairwise similarities."""
    import numpy as np

    pairs = np.triu_indices(len(vectors), 1)
    return {"median_cosine": round(float(np.median((vectors * reference).sum(axis=1))), 4),
            "mean_pair_difference": round(float(np.abs((vectors @ vectors.T - reference @ reference.T)[pairs]).mean()), 4)}


def _cold(conn, story_id: str, embedder) -> float:
    """One comparison on a fresh Comparer with no stored claim vectors."""
    from wirewatch.compare.story import Comparer, compare_story

    conn.execute("DELETE FROM claim_vectors")
    return _timed(lambda: compare_story(conn, story_id, comparer=Comparer(embedder)))[0]


def _extract(conn, ids: list[str], stage) -> float:
    """Seconds the extract stage takes over the story's articles."""
    try:
        return _timed(lambda: stage.process(ids))[0]
    finally:
        stage.close()


def run(articles: int, runs: int, rewrites: int) -> dict:
    from wirewatch.cluster.embed import Embedder
    from wirewatch.compare.align import claim_embedder
    from wirewatch.compare.story import Comparer, compare_story
    from wirewatch.extract.nlp import analyse
    from wirewatch.extract.stage import ExtractStage
    from wirewatch.store.db import connect

    rows = basil_articles(articles)
    with tempfile.TemporaryDirectory() as folder:
        conn = connect(Path(folder) / "bench.db")
        story_id, ids = build_story(conn, rows, rewrites)
        load_s, embedder = _timed(claim_embedder)
        float32 = Embedder(bf16=False)
        sample = [" ".join(r["body"].split()[:n]) for r in rows[:8] for n in (8, 20, 40, 80)]
        warm_up_s, _ = _timed(lambda: (list(analyse([rows[0]["body"]])), embedder.embed(sample), float32.embed(sample)))
        cold = [_cold(conn, story_id, embedder) for _ in range(runs)]
        splits = [split_run(conn, story_id, embedder) for _ in range(runs)]
        embed_fp32 = [_timed(lambda: float32.embed(splits[0]["texts"]))[0] for _ in range(runs)]
        fidelity = _fidelity(embedder.embed(splits[0]["texts"]), float32.embed(splits[0]["texts"]))
        extract_plain_s = _extract(conn, ids, ExtractStage(conn, embed_claims=False))
        conn.execute("DELETE FROM extractions")
        conn.execute("DELETE FROM claim_vectors")
        extract_s = _extract(conn, ids, ExtractStage(conn, comparer=Comparer(embedder)))
        # (b) first: the vectors in the store are the extract stage's.
        warm_store = [_timed(lambda: compare_story(conn, story_id, comparer=Comparer(embedder)))[0]
                      for _ in range(runs)]
        cold_stored = [_cold(conn, story_id, embedder) for _ in range(runs)]
        comparer = Comparer(embedder)
        compare_story(conn, story_id, comparer=comparer)
        warm = [_timed(lambda: compare_story(conn, story_id, comparer=comparer))[0] for _ in range(runs)]
        conn.close()
    split = {k: round(statistics.median(s[k] for s in splits), 3) for k in ("store", "spacy", "embedding",
                                                                          "alignment", "summary")}
    words = sum(len(r["body"].split()) for r in rows)
    cold_s = statistics.median(cold)
    warm_store_s = statistics.median(warm_store)
    return {"articles": len(rows), "words": words, "claims": splits[0]["claims"], "embedded": splits[0]["embedded"],
            "groups": splits[0]["groups"], "fidelity": fidelity,
            "rewrites": rewrites, "runs": runs, "models_load_s": round(load_s + warm_up_s, 2),
            "cold_s": round(cold_s, 3), "extract_s": round(extract_s, 2),
            "extract_without_vectors_s": round(extract_plain_s, 2),
            "cold_stored_claims_s": round(statistics.median(cold_stored), 3),
            "warm_store_s": round(warm_store_s, 3), "warm_s": round(statistics.median(warm), 4),
            "cold_split_s": split, "precision": "bfloat16" if embedder.bf16 else "float32",
            "embedding_float32_s": round(statistics.median(embed_fp32), 3), "target_s": TARGET_SECONDS, "cold_within_target": cold_s < TARGET_SECONDS,
            "warm_store_within_target": warm_store_s < TARGET_SECONDS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rewrites", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.articles, args.runs, args.rewrites)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['articles']} BASIL articles ({result['words']} words, {result['claims']} claims, "
          f"{result['embedded']} to embed, "
          f"{result['groups']} groups) as one story, {result['rewrites']} rewrites; median of {result['runs']} runs")
    print(f"  cold, nothing stored (fresh caches): {result['cold_s']:.2f} s   "
          f"target < {TARGET_SECONDS:.0f} s: {'met' if result['cold_within_target'] else 'NOT met'}")
    print(f"  (extract stage over the story, as ingest runs it, storing claims and their vectors: "
          f"{result['extract_s']:.1f} s; without the vectors {result['extract_without_vectors_s']:.1f} s; not counted)")
    print(f"  (a) stored claims, no stored vectors (an older store), fresh caches: "
          f"{result['cold_stored_claims_s']:.2f} s")
    print(f"  (b) first comparison after ingest (claims and vectors as the extract stage stored them, fresh caches): "
          f"{result['warm_store_s']:.3f} s   target: {'met' if result['warm_store_within_target'] else 'NOT met'}")
    print(f"  warm (same Comparer): {result['warm_s'] * 1000:.1f} ms")
    print("  cold split: " + ", ".join(f"{k} {v:.3f} s" for k, v in result["cold_split_s"].items()))
    print(f"  embedding in {result['precision']}; the same claims in float32 (baseline): "
          f"{result['embedding_float32_s']:.3f} s ({result['embedding_float32_s'] / result['cold_split_s']['embedding']:.2f}x)")
    print(f"  vectors against float32: median cosine {result['fidelity']['median_cosine']:.4f}, "
          f"mean pairwise-similarity difference {result['fidelity']['mean_pair_difference']:.4f}")
    print(f"  (models loaded and warmed first: {result['models_load_s']:.1f} s, not counted)")


if __name__ == "__main__":
    main()
