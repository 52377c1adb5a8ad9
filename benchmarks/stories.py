"""Story assignment cost per article as the archive grows, and embedding throughput.

    python -m benchmarks.stories [--articles 30000] [--per-day 500] [--segment 5000]

Assignment is timed on a synthetic stream: the Google News titles of ../shared/eval
(MStream), cycled, with vectors drawn around one random centre per gold cluster (so
stories form), dated `--per-day` articles a day. Vectors are synthetic so that the figure
is the cost of assignment alone; embedding is timed separately on real titles and leads.
The baseline, timed in the same run, is the same index with no time window: every query
searches every bucket ever made, as a system without a window would.
Prints articles/s per segment of the stream and the ratio last/first segment.

With --scale, it times assignment with 10,000 and with 1,000,000 synthetic articles (the same
titles and vector scheme) already indexed, loaded with ``StoryIndex.remember_many`` as the stage
loads its window, then --rounds rounds of --probes new articles of the last day assigned against
each; it prints the median time per assignment (the median of the rounds' medians, and each
round's), the ratio 1M / 10k, and the memory each index took (resident set growth while it was
built; the synthetic stream itself is counted apart). Each measurement runs in a process of its
own. Three cases: an archive growing at 1,000
articles a day (10k over 10 days, 1M over 1,000 days: the 10k index already fills the ±7-day
window, so only the archive behind it grows), one growing at 5,000 a day (10k over 2 days, 1M
over 200 days: the window holds about 4 times more at 1M than at 10k), both with the older days
out of the window as a live monitor sees them, and every article inside the 30-day window (a
worst case: 33,000 articles a day).

With --full N, it also times the whole stage on N real full articles (the BASIL articles of
../shared/eval/stories/basil, cycled): vectors of title + lead by the stage's embedder, then
assignment, articles/s end to end (median of --repeat), next to the bare model in the same run:
sentence-transformers' MiniLM in float32, no assignment, over the same texts and over whole
articles (its first 256 word pieces, the issue's yardstick).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from wirewatch.cluster.assign import StoryConfig, StoryIndex
from wirewatch.model import StoryDoc

BASIL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories" / "basil" / "articles"
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


def rss_mib() -> float:
    """The process's resident set now, in MiB (Linux /proc; 0.0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * resource.getpagesize() / 2**20


def dense_stream(articles: int, days: int, seed: int = 11) -> tuple[list[StoryDoc], np.ndarray, list[str]]:
    """``articles`` synthetic articles over ``days`` days (titles cycled, one vector centre per
    title cluster and pass, as ``stream``), with the story each belongs to."""
    if not MSTREAM.is_file():
        sys.exit(f"benchmark input missing: {MSTREAM} (the shared evaluation data)")
    rows = [json.loads(line) for line in MSTREAM.open(encoding="utf-8")]
    rng = np.random.default_rng(seed)
    keys = [(i // len(rows), rows[i % len(rows)]["clusterNo"]) for i in range(articles)]
    centre_of = {key: n for n, key in enumerate(dict.fromkeys(keys))}
    centres = rng.normal(size=(len(centre_of), DIMENSIONS)).astype(np.float32)
    vectors = np.empty((articles, DIMENSIONS), dtype=np.float32)
    for begin in range(0, articles, 100_000):
        chunk = [centre_of[k] for k in keys[begin : begin + 100_000]]
        block = centres[chunk] + rng.normal(scale=0.6, size=(len(chunk), DIMENSIONS)).astype(np.float32)
        vectors[begin : begin + len(chunk)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    start = date(2023, 1, 1)
    docs = [StoryDoc(f"{i:07d}", "", rows[i % len(rows)]["textCleaned"], start + timedelta(days=i * days // articles), None)
            for i in range(articles)]
    return docs, vectors, [f"s-{key[0]}-{key[1]}" for key in keys]


def time_at_scale(size: int, probes: int, days: int = 30, rounds: int = 1) -> dict[str, float]:
    """Median seconds per assignment against an index holding ``size`` articles, and its memory.

    rounds: timed rounds of ``probes`` assignments each, one after the other on the same index;
    the figure is the median of the rounds' medians (each round's is kept in ``round_ms``)."""
    docs, vectors, stories = dense_stream(size + probes * rounds, days)
    before = rss_mib()
    index = StoryIndex(DIMENSIONS, StoryConfig())
    t0 = time.perf_counter()
    index.remember_many(zip(docs[:size], vectors[:size], stories[:size]))
    load_s = time.perf_counter() - t0
    grown = rss_mib() - before
    last = max(doc.published for doc in docs[:size])
    parts = _time_parts(index)
    times, round_ms = [], []
    for begin in range(size, size + probes * rounds, probes):
        timed = []
        for doc, vector in zip(docs[begin : begin + probes], vectors[begin : begin + probes]):
            probe = StoryDoc(doc.id, doc.title, doc.body, last, None)
            t0 = time.perf_counter()
            index.assign(probe, vector)
            timed.append(time.perf_counter() - t0)
        round_ms.append(statistics.median(timed) * 1000)
        times += timed
    indexed = sum(bucket.index.ntotal for bucket in index.buckets.values())
    return {"size": size, "days": days, "indexed": indexed, "load_s": load_s, "median_ms": statistics.median(round_ms),
            "round_ms": round_ms, "p95_ms": sorted(times)[int(0.95 * len(times))] * 1000, "index_mib": grown,
            "parts_ms": {name: statistics.median(spent) * 1000 for name, spent in parts.items()}}


def isolated(function, *args, **kwargs):
    """``function(*args, **kwargs)`` in a fresh process: each scale is timed on a clean heap, so
    that neither measurement inherits the allocator state and cache contents of the other."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args, kwargs)


def _time_parts(index: StoryIndex) -> dict[str, list[float]]:
    """Time, per assignment, the index search (``candidates``) and the insertion into a bucket
    (``_attach``) of this index; the rest of an assignment is scoring the candidate stories."""
    parts: dict[str, list[float]] = {"search": [], "insert": []}
    for name, method in (("search", "candidates"), ("insert", "_attach")):
        def timed(*args, _call=getattr(index, method), _spent=parts[name]):
            t0 = time.perf_counter()
            result = _call(*args)
            _spent.append(time.perf_counter() - t0)
            return result
        setattr(index, method, timed)
    return parts


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


def basil_docs(count: int) -> list[StoryDoc]:
    """``count`` real articles (title, body, date), cycling over BASIL's when more are asked."""
    files = sorted(BASIL.glob("*/*.json"))
    if not files:
        sys.exit(f"benchmark input missing: {BASIL} (the shared evaluation data)")
    docs = []
    for i in range(count):
        data = json.loads(files[i % len(files)].read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in data.get("body-paragraphs", []))
        published = date.fromisoformat(data["date"]) if data.get("date") else None
        docs.append(StoryDoc(f"{i:07d}", data.get("title") or "", body, published, data.get("source")))
    return docs


def full_article_rates(count: int, repeat: int) -> dict[str, float]:
    """Articles/s: the stage's embedder plus assignment, and the bare float32 model alone."""
    from sentence_transformers import SentenceTransformer

    from wirewatch.cluster.embed import Embedder, story_text

    docs = basil_docs(count)
    texts = [story_text(doc) for doc in docs]
    embedder = Embedder()
    embedder.embed(texts[:64])  # load and warm outside the timing
    bare: SentenceTransformer = Embedder(bf16=False)._load()
    bare.encode(texts[:64])
    bodies = [f"{doc.title}. {doc.body}" for doc in docs]
    stage, baseline, whole = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        index = StoryIndex(DIMENSIONS, StoryConfig())
        for doc, vector in zip(docs, embedder.embed_docs(docs)):
            index.assign(doc, vector)
        stage.append(len(docs) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        bare.encode(texts, batch_size=32, normalize_embeddings=True)
        baseline.append(len(docs) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        bare.encode(bodies, batch_size=32, normalize_embeddings=True)
        whole.append(len(docs) / (time.perf_counter() - t0))
    return {"stage": statistics.median(stage), "bare": statistics.median(baseline), "whole": statistics.median(whole),
            "precision": "bfloat16" if embedder.bf16 else "float32"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=30000)
    parser.add_argument("--per-day", type=int, default=500)
    parser.add_argument("--segment", type=int, default=5000)
    parser.add_argument("--embed", type=int, default=512, help="Texts for the embedding timing (0: skip).")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", action="store_true", help="Time assignment with 10k and with 1M articles indexed.")
    parser.add_argument("--probes", type=int, default=1000, help="Assignments timed per round at each scale.")
    parser.add_argument("--rounds", type=int, default=3, help="Timed rounds of --probes at each scale (median of medians).")
    parser.add_argument("--full", type=int, default=0, help="Real full articles for the end-to-end timing (0: skip).")
    args = parser.parse_args(argv)

    if args.scale:
        # (label, days for 10k, days for 1M): the same news rate as the archive grows (at 1,000 a day
        # the 10k index already fills the window; at 5,000 a day it holds 2 of its days), and a window
        # that holds every article.
        for label, small_days, large_days in (("archive growing at 1,000 a day", 10, 1000),
                                              ("archive growing at 5,000 a day", 2, 200),
                                              ("every article inside the window", 30, 30)):
            small = isolated(time_at_scale, 10_000, args.probes, days=small_days, rounds=args.rounds)
            large = isolated(time_at_scale, 1_000_000, args.probes, days=large_days, rounds=args.rounds)
            print(f"{label}:")
            for row in (small, large):
                print(f"  {row['size']:>9,} articles over {row['days']} days ({row['indexed']:,} in the window's HNSW "
                      f"buckets, loaded in {row['load_s']:.0f} s, index {row['index_mib']:.0f} MiB): median "
                      f"{row['median_ms']:.2f} ms per assignment (rounds: "
                      f"{', '.join(f'{ms:.2f}' for ms in row['round_ms'])}), p95 {row['p95_ms']:.2f} ms; "
                      f"medians of its parts: search {row['parts_ms']['search']:.2f} ms, insert "
                      f"{row['parts_ms']['insert']:.2f} ms, the rest (scoring) "
                      f"{row['median_ms'] - row['parts_ms']['search'] - row['parts_ms']['insert']:.2f} ms")
            print(f"  1M / 10k, median time per assignment: {large['median_ms'] / small['median_ms']:.2f}")
        print(f"peak memory of the largest measurement: "
              f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")
        return
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
    if args.full:
        rates = full_article_rates(args.full, args.repeat)
        print(f"full articles (title + 60-word lead), embedding in {rates['precision']} + assignment: "
              f"{rates['stage']:.1f} articles/s (median of {args.repeat})")
        print(f"  bare float32 model alone, same texts: {rates['bare']:.1f} articles/s "
              f"(stage {rates['stage'] / rates['bare']:.2f}x); whole articles (256 word pieces): "
              f"{rates['whole']:.1f} articles/s (stage {rates['stage'] / rates['whole']:.2f}x)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
