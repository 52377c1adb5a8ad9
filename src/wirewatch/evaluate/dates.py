"""Score the cleaning stage's publication-date finder on htmldate's benchmark."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wirewatch.evaluate import metrics
from wirewatch.evaluate.common import (
    DataMissing,
    Progress,
    RunResult,
    bootstrap_std,
    decode_page,
    read_json,
    read_page,
    require_folder,
    rounded,
    run_system,
    write_predictions,
)

DATASET = "htmldate_eval"
INDEX_FILES = ("eval_default.json", "eval_mediacloud_2020.json")
LAYOUT = ("eval_default.json and/or eval_mediacloud_2020.json", "html/<file>.gz")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class DatePage:
    """One labelled url: the index file it comes from, its HTML file and gold date (may be NaN)."""

    url: str
    index: str
    html: Path
    gold: Any


def load_date_pages(data: Path) -> list[DatePage]:
    """Read every url of the index files present, in file then key order."""
    data = require_folder(data, " + ".join(LAYOUT))
    present = [name for name in INDEX_FILES if (data / name).is_file()]
    if not present:
        raise DataMissing(f"{str(data)!r} has no {' or '.join(INDEX_FILES)}; expected {', '.join(LAYOUT)}")
    pages = []
    for name in present:
        for url, entry in read_json(data / name).items():
            pages.append(DatePage(url, name, data / "html" / f"{entry['file']}.gz", entry.get("date")))
    missing = [p.html for p in pages if not p.html.is_file()]
    if missing:
        raise DataMissing(f"{len(missing)} HTML page(s) missing under {str(data)!r}, e.g. {str(missing[0])!r}")
    return pages


def date_string(value: Any) -> str | None:
    """A system's answer as 'YYYY-MM-DD', or None for no (or an unreadable) answer."""
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value[:10]
    return None


def score_dates(pages: Sequence[DatePage], outputs: Mapping[str, str | None]) -> dict[str, Any]:
    """Micro P/R/F1 and accuracy (share of exactly right days), raw counts and a bootstrap std of F1."""
    counts = [metrics.date_counts(outputs.get(p.url), p.gold) for p in pages]
    tp, fp, fn = metrics.sum_counts(counts) or (0, 0, 0)
    # Each page is exactly one of TP/FP/FN, so micro accuracy with TN=0 is TP/N as upstream.
    scores: dict[str, Any] = metrics.micro_scores(tp, fp, fn)
    scores["f1_std"] = bootstrap_std(counts, lambda s: metrics.micro_scores(*metrics.sum_counts(s))["f1"])
    scores.update(tp=tp, fp=fp, fn=fn)
    return rounded(scores)


# --- systems: imported only when used ---


def wirewatch_date_finder() -> Callable[[str, str | None], Any]:
    """The system under test: Wirewatch's publication-date finder, as `(html, url) -> date | None`."""
    # Imported here, before the run, so a missing module fails once instead of as N page crashes.
    from wirewatch.clean.dates import find_html_date

    def find(html: str, url: str | None) -> Any:
        return find_html_date(html, url=url)

    return find


def htmldate_extensive(html: str, url: str | None = None) -> str | None:
    """htmldate as its own benchmark runs it: original date, extensive search, no url."""
    from htmldate import find_date

    return find_date(html, original_date=True, extensive_search=True)


def htmldate_fast(html: str, url: str | None = None) -> str | None:
    """htmldate's fast mode as its own benchmark runs it: original date, no extensive search, no url."""
    from htmldate import find_date

    return find_date(html, original_date=True, extensive_search=False)


BASELINES: dict[str, Callable[[str, str | None], Any]] = {
    "htmldate-extensive": htmldate_extensive,
    "htmldate-fast": htmldate_fast,
}


# --- harness ---


def _items(pages: Sequence[DatePage]) -> list[tuple[str, Callable[[], tuple]]]:
    """(url, loader) pairs giving each page's decoded HTML and url."""
    return [(p.url, lambda path=p.html, url=p.url: (decode_page(read_page(path)), url)) for p in pages]


def _run(pages: Sequence[DatePage], system: Callable[..., Any], progress: Progress | None = None) -> RunResult:
    """Run a date finder over all pages, answers normalized to 'YYYY-MM-DD' or None."""
    return run_system(_items(pages), system, date_string, progress)


def _per_file(pages: Sequence[DatePage], runs: Mapping[str, RunResult]) -> dict[str, dict[str, Any]]:
    """Scores of the system and each baseline restricted to each index file (default vs mediacloud)."""
    breakdown = {}
    for name in dict.fromkeys(p.index for p in pages):
        subset = [p for p in pages if p.index == name]
        scored = {k: score_dates(subset, r.outputs) for k, r in runs.items()}
        system = scored.pop("system")
        breakdown[name] = {"items": len(subset), "system": system, "baselines": scored}
    return breakdown


def _write_date_predictions(path: Path, pages: Sequence[DatePage], run: RunResult) -> None:
    """One line per url: its date or null, plus the error when the system crashed."""
    rows = []
    for page in pages:
        row: dict[str, Any] = {"id": page.url, "date": run.outputs.get(page.url)}
        if page.url in run.errors:
            row["error"] = run.errors[page.url]
        rows.append(row)
    write_predictions(path, rows)


def evaluate_dates(
    data: Path,
    *,
    predictions: Path | None = None,
    baselines: bool = True,
    progress: Progress | None = None,
    extractor: Callable[..., Any] | None = None,
) -> dict[str, Any]:
    """Score a date finder on an htmldate_eval folder.

    extractor: called as `extractor(html_text, url)`, returning a date, a 'YYYY-MM-DD…' string
        or None; default Wirewatch's `find_html_date`. Pages are decoded UTF-8 first, then by
        charset detection, and every system gets the same text.
    predictions: where to write one JSON line per url, ``{"id", "date"}``.
    baselines: also run htmldate (extensive and fast, its benchmark settings) on the same pages.
    """
    data = Path(data)
    pages = load_date_pages(data)
    run = _run(pages, extractor or wirewatch_date_finder(), progress)
    runs = {"system": run}
    others: dict[str, dict[str, Any]] = {}
    if baselines:
        for name, finder in BASELINES.items():
            runs[name] = baseline_run = _run(pages, finder)
            others[name] = {**score_dates(pages, baseline_run.outputs), "errors": len(baseline_run.errors),
                            **baseline_run.timing()}
    if predictions is not None:
        _write_date_predictions(predictions, pages, run)
    return {
        "dataset": DATASET,
        "data": str(data),
        "mode": "html",
        "items": len(pages),
        "no_gold_date": sum(1 for p in pages if not metrics.is_gold_date(p.gold)),
        "system": score_dates(pages, run.outputs),
        "errors": len(run.errors),
        "baselines": others,
        "files": _per_file(pages, runs),
        **run.timing(),
    }
