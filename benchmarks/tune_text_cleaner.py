"""Score the plain-text cleaner on whole-page text from the Article Extraction Benchmark.

Feeds each page's ``html-text`` output (the page's visible text, as a naive
scraper saves it) to ``clean_text`` and scores the body against the gold
``articleBody`` with 4-gram shingles, macro-averaged over pages (the
benchmark's own metric). Prints precision, recall, F1 and throughput.

    .venv/bin/python benchmarks/tune_text_cleaner.py --data ../shared/eval/extraction/scrapinghub_aeb

Figures are on whatever portion ``--data`` holds (the DEV half in ../shared).
Exits 0 with a message when the data folder is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

from wirewatch.clean.text import TextCleanerSettings, clean_text
from wirewatch.evaluate.metrics import macro_prf, shingle_counts

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "../shared/eval/extraction/scrapinghub_aeb"


def load_pages(data: Path, system: str) -> tuple[dict[str, str], dict[str, str]]:
    """Gold bodies and one system's page texts, both keyed by page id."""
    gold = {pid: rec["articleBody"] for pid, rec in json.loads((data / "ground-truth.json").read_text()).items()}
    with gzip.open(data / "outputs" / f"{system}.json.gz", "rt", encoding="utf-8") as fh:
        outputs = json.load(fh)
    if "output" in outputs and "version" in outputs:
        outputs = outputs["output"]
    texts = {pid: (outputs.get(pid) or {}).get("articleBody") or "" for pid in gold}
    return gold, texts


def score(gold: dict[str, str], predicted: dict[str, str]):
    """Macro precision/recall/F1 over pages, as the benchmark computes them."""
    return macro_prf([shingle_counts(predicted.get(pid, ""), gold[pid]) for pid in gold])


def run(data: Path, system: str, settings: TextCleanerSettings | None, verbose: bool) -> None:
    gold, texts = load_pages(data, system)
    started = time.perf_counter()
    bodies = {pid: clean_text(text, settings=settings).body for pid, text in texts.items()}
    elapsed = time.perf_counter() - started
    raw, cleaned = score(gold, texts), score(gold, bodies)
    print(f"pages: {len(gold)}  input: outputs/{system}.json.gz")
    print(f"no cleaning   P {raw.precision:.3f}  R {raw.recall:.3f}  F1 {raw.f1:.3f}")
    print(f"clean_text    P {cleaned.precision:.3f}  R {cleaned.recall:.3f}  F1 {cleaned.f1:.3f}")
    print(f"throughput    {len(texts) / elapsed:.0f} pages/s ({elapsed * 1000 / max(len(texts), 1):.2f} ms/page)")
    if verbose:
        for pid in sorted(gold, key=lambda p: score({p: gold[p]}, bodies).f1):
            page = score({pid: gold[pid]}, bodies)
            print(f"  {pid[:12]}  P {page.precision:.2f}  R {page.recall:.2f}  F1 {page.f1:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="scrapinghub_aeb folder")
    parser.add_argument("--system", default="html-text", help="which outputs/<system>.json.gz to clean")
    parser.add_argument("--per-page", action="store_true", help="also print each page's scores, worst first")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a TextCleanerSettings field, e.g. --set fragment_penalty=3")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"skipped: no benchmark data at {args.data} (../shared/eval is not available here)")
        return 0
    overrides = {}
    for item in args.set:
        name, _, value = item.partition("=")
        field_type = type(getattr(TextCleanerSettings(), name))
        overrides[name] = field_type(value)
    settings = TextCleanerSettings(**overrides) if overrides else None
    run(args.data, args.system, settings, args.per_page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
