"""Score the cleaning stage's main-text extraction on the AEB and trafilatura benchmarks."""
from __future__ import annotations

import html as html_lib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirewatch.evaluate import metrics
from wirewatch.evaluate.common import (
    DataMissing,
    Progress,
    RunResult,
    body_of,
    bootstrap_std,
    read_json,
    read_page,
    require_folder,
    rounded,
    run_system,
    write_predictions,
)

AEB = "scrapinghub_aeb"
SNIPPETS = "trafilatura_eval"
AEB_LAYOUT = ("ground-truth.json", "html/<page_id>.html.gz", "outputs/<system>.json.gz")
SNIPPETS_LAYOUT = ("evaldata.json", "html/<file>.gz")
# The naive scraper's whole-page text: the input of mode "text".
HTML_TEXT_OUTPUT = "outputs/html-text.json.gz"
# trafilatura's canonical benchmark settings (README of trafilatura_eval).
TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": True, "include_formatting": False}


@dataclass(frozen=True)
class AebPage:
    """One AEB page: its id (the ground-truth key), url, gold article body and HTML file."""

    id: str
    url: str | None
    gold: str
    html: Path


@dataclass(frozen=True)
class SnippetPage:
    """One trafilatura_eval page: url (the item id), HTML file and gold snippets."""

    url: str
    html: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]


# --- loading ---


def detect_format(data: Path) -> str:
    """Name the data set format of a folder from its index file, or raise DataMissing."""
    data = require_folder(data, f"{' + '.join(AEB_LAYOUT)} ({AEB}) or {' + '.join(SNIPPETS_LAYOUT)} ({SNIPPETS})")
    if (data / "ground-truth.json").is_file():
        return AEB
    if (data / "evaldata.json").is_file():
        return SNIPPETS
    raise DataMissing(
        f"{str(data)!r} is not a known extraction data set: expected ground-truth.json "
        f"({AEB}: {', '.join(AEB_LAYOUT)}) or evaldata.json ({SNIPPETS}: {', '.join(SNIPPETS_LAYOUT)})"
    )


def _missing_pages(paths: Sequence[Path], data: Path) -> None:
    """Raise DataMissing when some referenced HTML pages are absent."""
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise DataMissing(
            f"{len(missing)} HTML page(s) referenced by the index are missing under {str(data)!r}, "
            f"e.g. {str(missing[0])!r}"
        )


def load_aeb(data: Path) -> list[AebPage]:
    """Read an Article Extraction Benchmark folder into pages, in ground-truth order."""
    data = require_folder(data, " + ".join(AEB_LAYOUT))
    truth = read_json(data / "ground-truth.json")
    pages = [
        AebPage(page_id, entry.get("url"), entry.get("articleBody") or "", data / "html" / f"{page_id}.html.gz")
        for page_id, entry in truth.items()
    ]
    _missing_pages([p.html for p in pages], data)
    return pages


def load_snippet_pages(data: Path) -> list[SnippetPage]:
    """Read a trafilatura_eval folder into pages, in evaldata.json order."""
    data = require_folder(data, " + ".join(SNIPPETS_LAYOUT))
    index = read_json(data / "evaldata.json")
    pages = [
        SnippetPage(url, data / "html" / f"{entry['file']}.gz", tuple(entry["with"]), tuple(entry["without"]))
        for url, entry in index.items()
    ]
    _missing_pages([p.html for p in pages], data)
    return pages


def load_system_output(path: Path) -> tuple[dict[str, str | None], str | None]:
    """Bodies by page id from a published AEB output, and its version if the file names one.

    Two layouts exist: ``{page_id: {"articleBody": ...}}`` and ``{"version": v, "output": {...}}``.
    """
    raw = read_json(path)
    version = None
    if isinstance(raw.get("output"), dict) and "version" in raw:
        version, raw = raw["version"], raw["output"]
    bodies = {page_id: (entry or {}).get("articleBody") for page_id, entry in raw.items()}
    return bodies, None if version is None else str(version)


def published_outputs(data: Path) -> dict[str, Path]:
    """Published system outputs present in an AEB folder, by system name."""
    folder = Path(data) / "outputs"
    if not folder.is_dir():
        return {}
    return {p.name[: -len(".json.gz")]: p for p in sorted(folder.glob("*.json.gz"))}


# --- scoring ---


def score_aeb(pages: Sequence[AebPage], outputs: Mapping[str, str | None]) -> dict[str, float]:
    """AEB scores of one system: macro P/R, F1 of the means, exact-token accuracy, bootstrap std of F1.

    A page absent from `outputs` counts as an empty prediction.
    """
    counts = [metrics.shingle_counts(outputs.get(p.id), p.gold) for p in pages]
    exact = [metrics.exact_match(outputs.get(p.id), p.gold) for p in pages]
    prf = metrics.macro_prf(counts)
    scores = {**prf.as_dict(), "accuracy": sum(exact) / len(exact) if exact else 0.0}
    scores["f1_std"] = bootstrap_std(counts, lambda sample: metrics.macro_prf(sample).f1)
    return rounded(scores)


def score_snippets(pages: Sequence[SnippetPage], outputs: Mapping[str, str | None]) -> dict[str, Any]:
    """Micro snippet scores summed over pages, with the raw counts and a bootstrap std of F1."""
    counts = [metrics.snippet_counts(outputs.get(p.url), p.with_, p.without) for p in pages]
    tp, fp, fn, tn = metrics.sum_counts(counts) or (0, 0, 0, 0)
    scores: dict[str, Any] = metrics.micro_scores(tp, fp, fn, tn)
    scores["f1_std"] = bootstrap_std(counts, lambda s: metrics.micro_scores(*metrics.sum_counts(s))["f1"])
    scores.update(tp=tp, fp=fp, fn=fn, tn=tn)
    return rounded(scores)


# --- systems: the real ones are imported only when used, so this module imports without them ---


def wirewatch_html_extractor() -> Callable[[bytes, str | None], Any]:
    """The system under test in mode html: Wirewatch's HTML extractor, as `(html, url) -> record`."""
    # Imported here, before the run, so a missing module fails once instead of as N page crashes.
    from wirewatch.clean.html import extract_html

    def extract(html: bytes, url: str | None) -> Any:
        return extract_html(html, url=url)

    return extract


def wirewatch_text_cleaner() -> Callable[[str], Any]:
    """The system under test in mode text: Wirewatch's plain-text cleaner, as `(text) -> record`."""
    from wirewatch.clean.text import clean_text

    def clean(text: str) -> Any:
        # A whole-page text begins with navigation, not the headline, so no title is taken from it.
        return clean_text(text, title_first_line=False)

    return clean


def trafilatura_extract(html: bytes, url: str | None = None) -> str | None:
    """trafilatura with its canonical benchmark settings (the url is not passed, as upstream)."""
    import trafilatura

    return trafilatura.extract(html, **TRAFILATURA_OPTIONS)


def text_as_html(text: str) -> str:
    """Wrap each non-empty line of a plain text in <p>, the least structure an HTML extractor needs."""
    paragraphs = (f"<p>{html_lib.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return "<html><body>" + "\n".join(paragraphs) + "</body></html>"


def trafilatura_on_text(text: str) -> str | None:
    """trafilatura run on a plain text wrapped as minimal HTML paragraphs."""
    return trafilatura_extract(text_as_html(text).encode("utf-8"))


# --- harness ---


def _html_items(pages: Sequence[AebPage] | Sequence[SnippetPage]) -> list[tuple[str, Callable[[], tuple]]]:
    """(id, loader) pairs giving each page's raw bytes and url to an HTML system."""
    items = []
    for page in pages:
        page_id = page.id if isinstance(page, AebPage) else page.url
        url = page.url
        items.append((page_id, lambda path=page.html, url=url: (read_page(path), url)))
    return items


def _text_items(ids: Sequence[str], texts: Mapping[str, str | None]) -> list[tuple[str, Callable[[], tuple]]]:
    """(id, loader) pairs giving each page's whole-page text to a text system."""
    return [(i, lambda text=texts.get(i) or "": (text,)) for i in ids]


def _live_baseline(run: RunResult, scores: dict[str, Any]) -> dict[str, Any]:
    """A baseline run in this process: its scores plus crash count and timing."""
    return {**scores, "errors": len(run.errors), **run.timing()}


def _aeb_html_baselines(data: Path, pages: Sequence[AebPage]) -> dict[str, dict[str, Any]]:
    """Every published output in the folder, scored on the same pages."""
    baselines = {}
    for name, path in published_outputs(data).items():
        bodies, version = load_system_output(path)
        baselines[name] = {**score_aeb(pages, bodies), "source": "published", "version": version}
    return baselines


def _aeb_text_baselines(pages: Sequence[AebPage], texts: Mapping[str, str | None]) -> dict[str, dict[str, Any]]:
    """The whole-page text scored as is, and trafilatura run on that text."""
    baselines: dict[str, dict[str, Any]] = {"no-cleaning": score_aeb(pages, texts)}
    run = run_system(_text_items([p.id for p in pages], texts), trafilatura_on_text, body_of)
    baselines["trafilatura-on-text"] = _live_baseline(run, score_aeb(pages, run.outputs))
    return baselines


def _snippet_baselines(pages: Sequence[SnippetPage]) -> dict[str, dict[str, Any]]:
    """trafilatura with its canonical settings, run on the same pages."""
    run = run_system(_html_items(pages), trafilatura_extract, body_of)
    return {"trafilatura": _live_baseline(run, score_snippets(pages, run.outputs))}


def _text_mode_inputs(data: Path) -> dict[str, str | None]:
    """The html-text output that mode text cleans, or DataMissing if the folder lacks it."""
    path = Path(data) / HTML_TEXT_OUTPUT
    if not path.is_file():
        raise DataMissing(
            f"mode 'text' needs the whole-page texts in {str(path)!r} (the html-text system output "
            f"of the {AEB} data set); this folder does not have it"
        )
    return load_system_output(path)[0]


def _report(
    dataset: str, data: Path, mode: str, items: int, system: dict, baselines: dict, run: RunResult
) -> dict[str, Any]:
    """The JSON-serialisable result of one evaluation."""
    return {
        "dataset": dataset,
        "data": str(data),
        "mode": mode,
        "items": items,
        "system": system,
        "errors": len(run.errors),
        "baselines": baselines,
        **run.timing(),
    }


def _write_text_predictions(path: Path, ids: Sequence[str], run: RunResult) -> None:
    """One line per item: its id and extracted text, plus the error when the system crashed."""
    rows = []
    for item_id in ids:
        row: dict[str, Any] = {"id": item_id, "text": run.outputs.get(item_id) or ""}
        if item_id in run.errors:
            row["error"] = run.errors[item_id]
        rows.append(row)
    write_predictions(path, rows)


def evaluate_clean(
    data: Path,
    *,
    mode: str = "html",
    predictions: Path | None = None,
    baselines: bool = True,
    progress: Progress | None = None,
    extractor: Callable[..., Any] | None = None,
) -> dict[str, Any]:
    """Score the cleaning stage on an extraction data set folder (format detected from its files).

    mode: "html" runs `extractor(html_bytes, url)` on each page; "text" (AEB only) runs
        `extractor(whole_page_text)` on the html-text output. The result's `.body` (or the
        string itself) is scored. Defaults: Wirewatch's `extract_html` / `clean_text`.
    predictions: where to write one JSON line per item, ``{"id", "text"}``.
    baselines: also score the same-run baselines (published outputs, trafilatura).
    """
    data = Path(data)
    dataset = detect_format(data)
    _check_mode(mode, dataset)
    pages = load_aeb(data) if dataset == AEB else load_snippet_pages(data)
    ids = [p.id if isinstance(p, AebPage) else p.url for p in pages]
    texts = _text_mode_inputs(data) if mode == "text" else {}
    if mode == "text":
        run = run_system(_text_items(ids, texts), extractor or wirewatch_text_cleaner(), body_of, progress)
    else:
        run = run_system(_html_items(pages), extractor or wirewatch_html_extractor(), body_of, progress)
    system = score_aeb(pages, run.outputs) if dataset == AEB else score_snippets(pages, run.outputs)
    others = _baselines(dataset, mode, data, pages, texts) if baselines else {}
    if predictions is not None:
        _write_text_predictions(predictions, ids, run)
    return _report(dataset, data, mode, len(ids), system, others, run)


def _check_mode(mode: str, dataset: str) -> None:
    """Refuse a mode the data set cannot serve."""
    if mode not in ("html", "text"):
        raise ValueError(f"unknown mode {mode!r}: expected 'html' or 'text'")
    if mode == "text" and dataset != AEB:
        raise DataMissing(f"mode 'text' is only available on the {AEB} data set (it needs {HTML_TEXT_OUTPUT})")


def _baselines(dataset: str, mode: str, data: Path, pages: Sequence, texts: Mapping[str, str | None]) -> dict:
    """The same-run baselines that fit the data set and mode."""
    if dataset != AEB:
        return _snippet_baselines(pages)
    return _aeb_text_baselines(pages, texts) if mode == "text" else _aeb_html_baselines(data, pages)
