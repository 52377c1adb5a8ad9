"""Story assignment cost per article as the archive grows, and embedding throughput.

    python -m benchmarks.stories [--articles 30000] [--per-day 500] [--segment 5000]

Assignment is timed on a synthetic stream: the Google News titles of ../shared/eval
(MStream), cycled, with vectors drawn around one random centre per gold cluster (so
stories form), dated `--per-day` articles a day. Vectors are synthetic so that the figure
is the cost of assignment alone; embedding is timed separately on real titles and leads.
The baseline, timed in the same run, is the same index with no time window: every query
searches every bucket ever made, as a system without a window would.
Prints articles/s per segment of the stream and the ratio last/first segment.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from wirewatch.cluster.assign import StoryConfig, StoryIndex
from wirewatch.model import StoryDoc

MSTREAM = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "clustering" / "googlenews_mstream" / "News.jsonl"
DIMENSIONS = 384


def stream(articles: int, per_day: int, seed: int = 7) -> list[tuple[StoryDoc, np.ndarray]]:
    if not MSTREAM.is_file():
        sys.exit(f"benchmark input missing: {MSTREAM} (the shared evaluation data)")
    rows = [json.loads(line) for line in MSTREAM.open(encoding="utf-8")]
    rng = np.random.default_rng(seed)
    centres: dict[tuple[int, int], np.ndarray] = {}
    start = date(2023, 1, 1)
    items = []
    for i in range(articles):
        row = rows[i % len(rows)]
        lap = i // len(rows)  # each pass over the titles is a new set of stories
        key = (lap, row["clusterNo"])
        if key not in centres:
            centres[key] = rng.normal(size=DIMENSIONS)
        vector = centres[key] + rng.normal(scale=0.6, size=DIMENSIONS)
        vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        day = start + timedelta(days=i // per_day)
        items.append((StoryDoc(f"{i:07d}", "", row["textCleaned"], day, None), vector))
    return items


def time_segments(items, config: StoryConfig, segment: int) -> list[float]:
    index = StoryIndex(DIMENSIONS, config)
    rates = []
    for begin in range(0, len(items), segment):
        chunk = items[begin : begin + segment]
        t0 = time.perf_counter()
        for doc, vector in chunk:
            index.assign(doc, vector)
        rates.append(len(chunk) / (time.perf_counter() - t0))
    return rates


def embedding_rate(texts: list[str], repeat: int) -> float:
    from wirewatch.cluster.embed import Embedder

    embedder = Embedder()
    embedder.embed(texts[:8])  # load the model outside the timing
    rates = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        embedder.embed(texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=30000)
    parser.add_argument("--per-day", type=int, default=500)
    parser.add_argument("--segment", type=int, default=5000)
    parser.add_argument("--embed", type=int, default=512, help="Texts for the embedding timing (0: skip).")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    items = stream(args.articles, args.per_day)
    print(f"stream: {args.articles} articles, {args.per_day}/day over {args.articles // args.per_day} days")
    windowed = time_segments(items, StoryConfig(), args.segment)
    unbounded = time_segments(items, StoryConfig(window_days=100_000, retention_days=100_000), args.segment)
    print(f"{'segment':>8} {'windowed/s':>11} {'no window/s':>12}")
    for i, (a, b) in enumerate(zip(windowed, unbounded)):
        print(f"{i + 1:>8} {a:>11.0f} {b:>12.0f}")
    print(f"last/first segment: windowed {windowed[-1] / windowed[0]:.2f}, no window {unbounded[-1] / unbounded[0]:.2f}")
    print(f"last segment, windowed vs no window: {windowed[-1] / unbounded[-1]:.2f}x")
    print(f"vector storage: {DIMENSIONS * 2} bytes per article as float16 "
          f"({DIMENSIONS * 2 * 1_000_000 / 2**30:.2f} GiB for a million)")
    if args.embed:
        texts = [doc.body for doc, _ in items[: args.embed]]
        print(f"embedding (MiniLM, short titles): {embedding_rate(texts, args.repeat):.0f} texts/s (median of {args.repeat})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
