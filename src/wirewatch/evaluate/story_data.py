"""Read the story-grouping evaluation sets into `StoryDoc`s with gold stories, from any folder
that has one of their layouts (the DEV copy in ../shared/eval or the sealed one).

Each loader returns a `StorySet`: one or more grouping runs (docs in arrival order, each with its
gold labels at one or more levels) or, for SemEval, labelled pairs.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wirewatch.evaluate.common import DataMissing, decode_page
from wirewatch.model import StoryDoc

BASIL = "basil"
ECBPLUS = "ecbplus"
MSTREAM = "googlenews_mstream"
SEMEVAL = "semeval2022_task8"
NEUS = "neus_allsides"
NEWSWCL50 = "newswcl50"

MSTREAM_FILES = ("News-T.jsonl", "News.jsonl")  # News-T first: it is the headline figure
SEMEVAL_TEXT = "train_sample_en_en_with_text.csv"
SEMEVAL_NO_TEXT = "eval_gold_labels.csv"
NEUS_RAW = Path("data") / "raw_crawled"
NEWSWCL50_ARTICLES = "1-raw-articles"
# Files of a NewsWCL50 folder besides the articles: the DEV copy has only some of these.
NEWSWCL50_MARKERS = ("Codebook.pdf", "Annotations.csv", "urls.tsv", "2-matched", "3-data")

LAYOUTS = {
    BASIL: "articles/YYYY/<story-uuid>_<n>.json",
    ECBPLUS: "docs/<subtopic>/<doc>.json",
    MSTREAM: "News-T.jsonl and/or News.jsonl",
    SEMEVAL: SEMEVAL_TEXT,
    NEUS: "data/raw_crawled/*.jsonl",
    NEWSWCL50: "1-raw-articles/event_<e>/<e>_<o>.txt",
}

_BASIL_NAME = re.compile(r"^(?P<story>.+)_(?P<n>\d+)$")
_ECB_SUBTOPIC = re.compile(r"^(?P<topic>\d+)ecb(?:plus)?$")
_WCL_EVENT = re.compile(r"^event_(?P<event>.+)$")
NEUS_SIDES = ("left", "center", "right")


@dataclass(frozen=True)
class StoryItem:
    """One doc to group: what the system sees, its gold labels by level, and its README item id.

    gold: level name -> gold story; the first level is the one headline scores use.
    side: the outlet slot within a NeuS record (the README id is the record's), else None.
    """

    doc: StoryDoc
    gold: dict[str, str]
    item_id: str
    side: str | None = None


@dataclass(frozen=True)
class GroupingRun:
    """Docs fed to the system in one go, in arrival order; `name` says which file or order."""

    name: str
    items: list[StoryItem]
    order: str


@dataclass(frozen=True)
class PairItem:
    """One SemEval pair; `overall` is the gold 1 (same story) .. 4 (very different) rating."""

    pair_id: str
    first: StoryDoc
    second: StoryDoc
    overall: float


@dataclass
class StorySet:
    """A loaded data set: grouping runs (the first is the headline) or similarity pairs."""

    dataset: str
    runs: list[GroupingRun] = field(default_factory=list)
    pairs: list[PairItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- layout ---


def _layouts_text() -> str:
    return "; ".join(f"{name}: {layout}" for name, layout in LAYOUTS.items())


def detect_story_dataset(data: Path) -> str:
    """Name the data set of a folder from its layout (never from its name), or raise DataMissing."""
    data = Path(data)
    if not data.is_dir():
        raise DataMissing(f"evaluation data folder {str(data)!r} not found; expected one of: {_layouts_text()} "
                          f"(the DEV data lives under ../shared/eval/stories/ and ../shared/eval/clustering/)")
    if (data / "articles").is_dir():
        return BASIL
    if (data / "docs").is_dir():
        return ECBPLUS
    if any((data / name).is_file() for name in MSTREAM_FILES):
        return MSTREAM
    if (data / SEMEVAL_TEXT).is_file() or (data / SEMEVAL_NO_TEXT).is_file():
        return SEMEVAL
    if (data / "data").is_dir() and ((data / NEUS_RAW).is_dir() or any((data / "data").glob("*roundup*"))):
        return NEUS
    if (data / NEWSWCL50_ARTICLES).is_dir() or any((data / m).exists() for m in NEWSWCL50_MARKERS):
        return NEWSWCL50
    raise DataMissing(f"{str(data)!r} is not a known story-grouping data set; expected one of: {_layouts_text()}")


def load_story_set(data: Path) -> StorySet:
    """Detect the data set of a folder and load it."""
    data = Path(data)
    loaders = {BASIL: load_basil, ECBPLUS: load_ecbplus, MSTREAM: load_mstream, SEMEVAL: load_semeval,
               NEUS: load_neus, NEWSWCL50: load_newswcl50}
    return loaders[detect_story_dataset(data)](data)


# --- arrival order ---


def arrival_order(items: Iterable[StoryItem]) -> list[StoryItem]:
    """Dated docs in time order, stable by doc id within a day; undated ones after, as given."""
    items = list(items)
    dated = sorted((i for i in items if i.doc.published is not None), key=lambda i: (i.doc.published, i.doc.id))
    return dated + [i for i in items if i.doc.published is None]


def _order_name(items: list[StoryItem], otherwise: str) -> str:
    return "published date, then id" if any(i.doc.published for i in items) else otherwise


# --- text helpers ---


def _flatten(value: Any) -> Iterator[str]:
    """Strings of an arbitrarily nested list (BASIL paragraphs are lists of sentences)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for part in value:
            yield from _flatten(part)


def _paragraphs(value: Any) -> str:
    """A body from a string, a list of paragraphs, or a list of paragraphs given as sentence lists."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, (list, tuple)):
        return ""
    paragraphs = (" ".join(s.strip() for s in _flatten(p) if s.strip()) for p in value)
    return "\n".join(p for p in paragraphs if p)


def _day(value: Any) -> date | None:
    """The calendar day of 'YYYY-MM-DD…' (the local day of a timestamp), else None."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(1-based line number, record) for each non-blank line; a broken line is a DataMissing."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataMissing(f"{str(path)!r} line {number} is not JSON: {exc}") from None


# --- loaders ---


def load_basil(data: Path) -> StorySet:
    """BASIL: one doc per articles/YYYY/<uuid>_<n>.json, gold = the story uuid (= triplet-uuid)."""
    paths = sorted(Path(data).glob("articles/*/*.json"))
    if not paths:
        raise DataMissing(f"{str(data)!r} has no article in {LAYOUTS[BASIL]}")
    items = []
    for path in paths:
        match = _BASIL_NAME.match(path.stem)
        if not match:
            raise DataMissing(f"{str(path)!r} is not named <story-uuid>_<n>.json")
        record = _read_json(path)
        outlet = str(record.get("source") or "").strip().lower() or None
        doc = StoryDoc(path.stem, str(record.get("title") or ""), _paragraphs(record.get("body-paragraphs")),
                       _day(record.get("date")), outlet)
        items.append(StoryItem(doc, {"story": match.group("story")}, path.stem))
    items = arrival_order(items)
    return StorySet(BASIL, [GroupingRun("articles", items, _order_name(items, "doc id"))])


def load_ecbplus(data: Path) -> StorySet:
    """ECB+: one doc per docs/<sub>/<doc>.json; gold = the subtopic folder, and its topic number.

    The files have no usable date or outlet, so docs arrive sorted by doc id.
    """
    items = []
    for path in Path(data).glob("docs/*/*.json"):
        subtopic = path.parent.name
        match = _ECB_SUBTOPIC.match(subtopic)
        topic = match.group("topic") if match else subtopic
        record = _read_json(path)
        doc = StoryDoc(path.stem, str(record.get("title") or "").strip(), str(record.get("text") or "").strip())
        items.append(StoryItem(doc, {"subtopic": subtopic, "topic": topic}, path.stem))
    if not items:
        raise DataMissing(f"{str(data)!r} has no document in {LAYOUTS[ECBPLUS]}")
    items.sort(key=lambda i: i.doc.id)
    return StorySet(ECBPLUS, [GroupingRun("docs", items, "doc id")])


def load_mstream(data: Path) -> StorySet:
    """Google News (MStream): each of News-T.jsonl / News.jsonl present is its own run, in line order.

    The text (`textCleaned`, a stemmed headline) becomes the doc's title; there is no body or date.
    """
    runs = []
    for name in MSTREAM_FILES:
        path = Path(data) / name
        if not path.is_file():
            continue
        items = []
        for number, record in _jsonl(path):
            if "Id" not in record or "clusterNo" not in record:
                raise DataMissing(f"{str(path)!r} line {number} lacks Id or clusterNo")
            doc = StoryDoc(str(record["Id"]), str(record.get("textCleaned") or ""), "")
            items.append(StoryItem(doc, {"story": str(record["clusterNo"])}, str(record["Id"])))
        if not items:
            raise DataMissing(f"{str(path)!r} holds no document")
        runs.append(GroupingRun(name, items, "file line order"))
    if not runs:
        raise DataMissing(f"{str(data)!r} has neither of {', '.join(MSTREAM_FILES)}")
    return StorySet(MSTREAM, runs)


def _pair_doc_ids(pair_id: str) -> tuple[str, str]:
    parts = pair_id.split("_")
    return (parts[0], parts[1]) if len(parts) == 2 and parts[0] != parts[1] else (f"{pair_id}:1", f"{pair_id}:2")


def load_semeval(data: Path) -> StorySet:
    """SemEval-2022 task 8: the English pairs with text; each text is title + body in one string."""
    path = Path(data) / SEMEVAL_TEXT
    notes = []
    if (Path(data) / SEMEVAL_NO_TEXT).is_file():
        notes.append(f"{SEMEVAL_NO_TEXT} is ignored: it has URLs and scores but no article text")
    if not path.is_file():
        raise DataMissing(f"{str(data)!r} has no {SEMEVAL_TEXT}, the only SemEval file with article text"
                          + (f" ({notes[0]})" if notes else ""))
    csv.field_size_limit(1 << 30)
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                overall = float(row["Overall"])
            except (KeyError, TypeError, ValueError):
                raise DataMissing(f"{str(path)!r}: pair {row.get('pair_id')!r} has no numeric Overall") from None
            first_id, second_id = _pair_doc_ids(row["pair_id"])
            pairs.append(PairItem(row["pair_id"], StoryDoc(first_id, "", (row.get("text1") or "").strip()),
                                  StoryDoc(second_id, "", (row.get("text2") or "").strip()), overall))
    if not pairs:
        raise DataMissing(f"{str(path)!r} holds no pair")
    return StorySet(SEMEVAL, pairs=pairs, notes=notes)


def load_neus(data: Path) -> StorySet:
    """NeuS AllSides raw crawl: each record is a story; its left/center/right articles are the items.

    Doc ids are `<record id>:<side>`; the gold story is the record id; date = the record's day.
    """
    paths = sorted((Path(data) / NEUS_RAW).glob("*.jsonl"))
    if not paths:
        raise DataMissing(f"{str(data)!r} has no {LAYOUTS[NEUS]} (the probe roundup files carry no "
                          f"per-outlet items to group)")
    items = []
    for path in paths:
        for number, record in _jsonl(path):
            record_id = str(record.get("id", f"{path.stem}:{number}"))
            published = _day(record.get("date"))
            for side in NEUS_SIDES:
                news = (record.get("news") or {}).get(side)
                if not isinstance(news, dict):
                    continue
                doc = StoryDoc(f"{record_id}:{side}", str(news.get("newsTitle") or "").strip(),
                               _paragraphs(news.get("newBody")), published,
                               str(news.get("newsSource") or "").strip() or None)
                items.append(StoryItem(doc, {"story": record_id}, record_id, side))
    if not items:
        raise DataMissing(f"{str(data)!r}: the records in {LAYOUTS[NEUS]} have no left/center/right news item")
    items = arrival_order(items)
    return StorySet(NEUS, [GroupingRun("raw_crawled", items, _order_name(items, "file order"))])


def load_newswcl50(data: Path) -> StorySet:
    """NewsWCL50 (sealed layout): 1-raw-articles/event_<e>/<e>_<o>.txt, one paragraph a line,
    the headline first; gold = the event number, outlet = the orientation code <o>.

    No dates: docs arrive sorted by event folder, then file name.
    """
    folder = Path(data) / NEWSWCL50_ARTICLES
    paths = sorted(folder.glob("event_*/*.txt")) if folder.is_dir() else []
    if not paths:
        raise DataMissing(f"no articles in this folder: {str(data)!r} has no {LAYOUTS[NEWSWCL50]} "
                          f"(NewsWCL50's DEV copy holds only the codebook and licence; the articles are in "
                          f"the sealed copy)")
    items = []
    for path in paths:
        match = _WCL_EVENT.match(path.parent.name)
        event = match.group("event") if match else path.parent.name
        lines = [line.strip() for line in decode_page(path.read_bytes()).splitlines() if line.strip()]
        outlet = path.stem.split("_", 1)[1] if "_" in path.stem else None
        doc = StoryDoc(path.stem, lines[0] if lines else "", "\n".join(lines[1:]), None, outlet)
        items.append(StoryItem(doc, {"story": event}, path.stem))
    return StorySet(NEWSWCL50, [GroupingRun("1-raw-articles", items, "event folder, then file name")])
