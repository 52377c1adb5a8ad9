"""Ingest throughput and peak memory, for plain text and HTML, on this machine.

    python -m benchmarks.ingest [--repeat 3] [--copies 4] [--workers N]

Inputs are real pages when ../shared/eval is present: the Article Extraction Benchmark's
HTML pages (HTML run) and the whole-page text a naive scraper saves of them, the html-text
output (text run), each copied ``--copies`` times under another outlet name so every copy is
a new article. The baseline, timed in the same run, is reading the same files without cleaning
or storing: the ratio says what cleaning and the store cost on top of I/O and parsing.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from wirewatch.ingest.readers import read_documents
from wirewatch.pipeline import ingest
from wirewatch.store.db import connect

AEB = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "extraction" / "scrapinghub_aeb"


def write_inputs(folder: Path, copies: int) -> tuple[Path, Path]:
    """Write the text and HTML inputs; returns their two folders."""
    if not AEB.is_dir():
        sys.exit(f"benchmark input missing: {AEB} (the shared evaluation data)")
    text_dir, html_dir = folder / "text", folder / "html"
    text_dir.mkdir(parents=True)
    html_dir.mkdir(parents=True)
    outputs = json.loads(gzip.open(AEB / "outputs" / "html-text.json.gz").read())
    outputs = outputs.get("output", outputs)
    pages = {page.name[: -len(".html.gz")]: gzip.open(page).read() for page in sorted((AEB / "html").glob("*.html.gz"))}
    # Each copy claims its own outlet, so every copy is a distinct article (ids hash the outlet).
    for copy in range(copies):
        with open(text_dir / f"text-{copy}.jsonl", "w", encoding="utf-8") as handle:
            for item in outputs.values():
                handle.write(json.dumps({"text": item["articleBody"], "outlet": f"bench-{copy}"}) + "\n")
        with open(html_dir / f"html-{copy}.jsonl", "w", encoding="utf-8") as handle:
            for html in pages.values():
                handle.write(json.dumps({"html": html.decode("utf-8", "replace"), "outlet": f"bench-{copy}"}) + "\n")
    return text_dir, html_dir


def time_read(folder: Path) -> tuple[float, int]:
    started = time.perf_counter()
    count = sum(1 for _ in read_documents([str(folder)]))
    return time.perf_counter() - started, count


def time_ingest(folder: Path, workers: int | None, scratch: Path) -> tuple[float, int]:
    db = scratch / f"bench-{time.monotonic_ns()}.db"
    conn = connect(db)
    summary = ingest(conn, [str(folder)], workers=workers)
    conn.close()
    return summary.seconds, summary.ingested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        text_dir, html_dir = write_inputs(scratch / "in", args.copies)
        for label, folder in (("text", text_dir), ("html", html_dir)):
            reads = [time_read(folder) for _ in range(args.repeat)]
            runs = [time_ingest(folder, args.workers, scratch) for _ in range(args.repeat)]
            n = runs[0][1]
            read_s = statistics.median(s for s, _ in reads)
            ingest_s = statistics.median(s for s, _ in runs)
            print(
                f"{label:>4}: {n} articles  ingest median {ingest_s:.2f} s = {n / ingest_s:.0f} articles/s"
                f"  | baseline read-only {read_s:.2f} s = {n / read_s:.0f}/s  | ratio {ingest_s / read_s:.1f}x"
            )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: main process {own:.0f} MiB, largest worker {children:.0f} MiB")


if __name__ == "__main__":
    main()
