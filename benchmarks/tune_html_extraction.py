"""Measure HTML main-text extraction and publication dates on the extraction DEV sets.

Prints, for Wirewatch's ``extract_html`` / ``find_html_date`` and same-run baselines:
- body P/R/F1 on scrapinghub_aeb (4-gram shingles, macro over pages, the benchmark's metric);
- snippet P/R/F1 on trafilatura_eval (micro over with/without snippets);
- date P/R/F1 on htmldate_eval (equal day = TP, other day = FP, none = FN);
- milliseconds per page.

    .venv/bin/python benchmarks/tune_html_extraction.py --data ../shared/eval/extraction
    .venv/bin/python benchmarks/tune_html_extraction.py --only aeb --no-boilerplate   # one variant

Figures are on whatever portion ``--data`` holds (the DEV half in ../shared).
Exits 0 with a message when the data folder is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable

from wirewatch.clean.dates import find_html_date
from wirewatch.clean.encoding import UndecodableInput, decode_bytes
from wirewatch.clean.html import DEFAULT_SETTINGS, HtmlSettings, extract_html
from wirewatch.evaluate.metrics import f1_of, macro_prf, shingle_counts

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "../shared/eval/extraction"


def read_page(path: Path) -> bytes:
    """A gzip-compressed page's bytes."""
    with gzip.open(path, "rb") as fh:
        return fh.read()


def timed(function: Callable, items: list) -> tuple[list, float]:
    """Results of function over items and the milliseconds per item, after one warm-up call."""
    if items:
        function(*items[0])  # model loading and regex compilation are not per-page costs
    started = time.perf_counter()
    results = [function(*item) for item in items]
    return results, (time.perf_counter() - started) * 1000 / max(len(items), 1)


def body_of(extract: Callable) -> Callable:
    """Wrap an extractor so that a crash or None counts as an empty body."""
    def run(html: bytes, url: str | None) -> str:
        try:
            result = extract(html, url)
        except (UndecodableInput, ValueError, TypeError):
            return ""
        return (getattr(result, "body", result) or "") if result is not None else ""
    return run


def trafilatura_body(html: bytes, url: str | None) -> str | None:
    """trafilatura.extract as the benchmark calls it (comments off, tables on)."""
    import trafilatura

    return trafilatura.extract(decode_bytes(html), url=url, include_comments=False, include_tables=True,
                               include_formatting=False)


# --- body: Article Extraction Benchmark --------------------------------------------------------


def score_aeb(data: Path, systems: dict[str, Callable]) -> None:
    """Print shingle P/R/F1 and ms/page for each system on the AEB pages."""
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    items = [(read_page(data / "html" / f"{pid}.html.gz"), rec.get("url")) for pid, rec in gold.items()]
    golds = [rec["articleBody"] for rec in gold.values()]
    print(f"scrapinghub_aeb: {len(items)} pages")
    for name, system in systems.items():
        bodies, ms = timed(body_of(system), items)
        prf = macro_prf([shingle_counts(body, truth) for body, truth in zip(bodies, golds)])
        print(f"  {name:<22} P {prf.precision:.4f}  R {prf.recall:.4f}  F1 {prf.f1:.4f}  {ms:6.1f} ms/page")


# --- body: trafilatura's multilingual benchmark -------------------------------------------------


def _spaced(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def score_snippets(data: Path, systems: dict[str, Callable]) -> None:
    """Print snippet P/R/F1 and ms/page for each system on trafilatura_eval."""
    entries = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    items = [(read_page(data / "html" / f"{rec['file']}.gz"), url) for url, rec in entries.items()]
    print(f"trafilatura_eval: {len(items)} pages")
    for name, system in systems.items():
        bodies, ms = timed(body_of(system), items)
        tp = fp = fn = 0
        for body, rec in zip(bodies, entries.values()):
            text = _spaced(body)
            found_with = sum(_spaced(s) in text for s in rec.get("with", []))
            tp, fn = tp + found_with, fn + len(rec.get("with", [])) - found_with
            fp += sum(_spaced(s) in text for s in rec.get("without", []))
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"  {name:<22} P {p:.4f}  R {r:.4f}  F1 {f1_of(p, r):.4f}  {ms:6.1f} ms/page")


# --- dates ---------------------------------------------------------------------------------------


def htmldate_baseline(html: bytes, url: str | None) -> str | None:
    """htmldate as its own benchmark runs it: extensive search, original date, no url."""
    from htmldate import find_date

    return find_date(decode_bytes(html), extensive_search=True, original_date=True)


def score_dates(data: Path, systems: dict[str, Callable]) -> None:
    """Print date P/R/F1 and ms/page for each system on htmldate_eval."""
    entries = {}
    for name in ("eval_default.json", "eval_mediacloud_2020.json"):
        entries.update(json.loads((data / name).read_text(encoding="utf-8")))
    items = [(read_page(data / "html" / f"{rec['file']}.gz"), url) for url, rec in entries.items()]
    print(f"htmldate_eval: {len(items)} urls")
    for name, system in systems.items():
        found, ms = timed(system, items)
        tp = sum(str(day) == rec["date"] for day, rec in zip(found, entries.values()) if day)
        fp = sum(1 for day in found if day) - tp
        fn = sum(1 for day in found if not day)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"  {name:<22} P {p:.4f}  R {r:.4f}  F1 {2 * tp / max(2 * tp + fp + fn, 1):.4f}  "
              f"(TP {tp} FP {fp} FN {fn})  {ms:6.1f} ms/page")


def wirewatch_date(html: bytes, url: str | None) -> date | None:
    """find_html_date, with an undecodable page counted as no date."""
    try:
        return find_html_date(html, url=url)
    except UndecodableInput:
        return None


# --- throughput ---------------------------------------------------------------------------------


def _extract_page(item: tuple[bytes, str | None]) -> int:
    """Body length of one page; the unit of work for the throughput pool."""
    html, url = item
    return len(extract_html(html, url=url).body)


def measure_throughput(data: Path, workers: int, rounds: int = 3) -> None:
    """Print end-to-end extract_html pages/s over the AEB pages with a pool of worker processes."""
    from multiprocessing import Pool

    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    items = [(read_page(data / "html" / f"{pid}.html.gz"), rec.get("url")) for pid, rec in gold.items()]
    with Pool(workers) as pool:
        pool.map(_extract_page, items, chunksize=4)  # warm-up: imports, regex compilation, models
        started = time.perf_counter()
        for _ in range(rounds):
            pool.map(_extract_page, items, chunksize=4)
        elapsed = time.perf_counter() - started
    pages = len(items) * rounds
    print(f"throughput: {pages / elapsed:.1f} pages/s with {workers} worker(s) "
          f"({elapsed * 1000 * workers / pages:.1f} ms/page per worker), extract_html on scrapinghub_aeb")


# --- command line --------------------------------------------------------------------------------


def settings_from(args: argparse.Namespace) -> HtmlSettings:
    """HtmlSettings with the command line's overrides applied."""
    return replace(
        DEFAULT_SETTINGS,
        favor_precision=not args.balanced,
        drop_title_line=not args.no_title,
        drop_boilerplate=not args.no_boilerplate,
        retry_max_chars=args.retry_max_chars if args.retry_max_chars is not None else DEFAULT_SETTINGS.retry_max_chars,
        retry_page_share=args.retry_share if args.retry_share is not None else DEFAULT_SETTINGS.retry_page_share,
        retry_gain=args.retry_gain if args.retry_gain is not None else DEFAULT_SETTINGS.retry_gain,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding the three sets")
    parser.add_argument("--only", choices=("aeb", "snippets", "dates", "speed"), action="append")
    parser.add_argument("--workers", type=int, default=2, help="processes for the throughput figure")
    parser.add_argument("--no-baselines", action="store_true", help="skip trafilatura/htmldate alone")
    parser.add_argument("--balanced", action="store_true", help="trafilatura balanced mode, not precision")
    parser.add_argument("--no-title", action="store_true", help="keep a first line repeating the title")
    parser.add_argument("--no-boilerplate", action="store_true", help="keep promotion lines")
    parser.add_argument("--retry-max-chars", type=int)
    parser.add_argument("--retry-share", type=float)
    parser.add_argument("--retry-gain", type=float)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"skipped: no evaluation data at {args.data}")
        return 0
    settings = settings_from(args)
    wanted = set(args.only or ("aeb", "snippets", "dates", "speed"))
    bodies = {"wirewatch extract_html": lambda html, url: extract_html(html, url=url, settings=settings)}
    if not args.no_baselines:
        bodies["trafilatura.extract"] = trafilatura_body
    if "aeb" in wanted:
        score_aeb(args.data / "scrapinghub_aeb", bodies)
    if "snippets" in wanted:
        score_snippets(args.data / "trafilatura_eval", bodies)
    if "dates" in wanted:
        finders = {"wirewatch find_html_date": wirewatch_date,
                   "extract_html .published": lambda html, url: extract_html(html, url=url).published}
        if not args.no_baselines:
            finders["htmldate extensive"] = htmldate_baseline
        score_dates(args.data / "htmldate_eval", finders)
    if "speed" in wanted:
        measure_throughput(args.data / "scrapinghub_aeb", args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
