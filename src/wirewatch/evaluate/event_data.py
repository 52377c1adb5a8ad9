"""What event coders see and answer in evaluation, and the readers of the event-coding sets:
PETRARCH validation records, the PLOVER GSR and ConfliBERT's CAMEO classes, recognised from a
folder's layout (the DEV copy in ../shared/eval/events or the sealed one).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wirewatch.evaluate.common import DataMissing, decode_page

PETRARCH = "petrarch"
PLOVER = "plover"
CONFLIBERT = "conflibert_cameo"

# The sealed PETR-2 GSR first: a folder that has it is scored on it.
PETRARCH_FILES = ("PETR2_GSR_validation.xml", "PETR.UnitTest.records.xml")
PETRARCH_DEV_ONLY = ("PETR.Internal.Coding.Ontology.txt", "PETR.Validate.verbs.2.0.txt")
PLOVER_FILE = "PLOVER_GSR_CAMEO.txt"
CONFLIBERT_FILE = "cameo_class.tsv"

LAYOUTS = {
    PETRARCH: " or ".join(PETRARCH_FILES) + " (<Sentence> records)",
    PLOVER: PLOVER_FILE + " (JSON array)",
    CONFLIBERT: CONFLIBERT_FILE + " (sentence<TAB>label)",
}


@dataclass(frozen=True)
class EventSentence:
    """One sentence to code. date: the story's date where the data set gives one."""

    id: str
    text: str
    date: date | None = None


@dataclass(frozen=True)
class CodedEvent:
    """Who did what to whom: CAMEO actor codes (None when absent) and a CAMEO event code."""

    source: str | None
    target: str | None
    code: str


@dataclass(frozen=True)
class PetrarchItem:
    """A PETRARCH record: its gold events, none when `no_events`.

    error: the error PETRARCH is expected to raise instead of coding ("dateline",
        "storydiscard"...); such a record expects no event either.
    """

    sentence: EventSentence
    events: tuple[CodedEvent, ...]
    no_events: bool
    category: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class PloverActor:
    """One gold PLOVER actor: country (or IGO, NGO...) code and sector, as the GSR writes them."""

    code: str | None
    sector: str | None
    text: str = ""


@dataclass(frozen=True)
class PloverItem:
    """A PLOVER GSR record: its event type (PLOVER 0.5b1 names), mode and actors."""

    sentence: EventSentence
    event_type: str
    mode: str | None
    sources: tuple[PloverActor, ...]
    targets: tuple[PloverActor, ...]


@dataclass(frozen=True)
class PentaclassItem:
    """A ConfliBERT sentence with its gold pentaclass (0-4)."""

    sentence: EventSentence
    label: int


@dataclass
class EventSet:
    """A loaded data set: which one, the gold file read, its items in file order, and notes."""

    dataset: str
    path: Path
    items: list[Any]
    notes: list[str] = field(default_factory=list)


# --- layout ---


def _layouts_text() -> str:
    return "; ".join(f"{name}: {layout}" for name, layout in LAYOUTS.items())


def detect_event_dataset(data: Path) -> str:
    """Name the data set of a folder from its layout (never from its name), or raise DataMissing."""
    data = Path(data)
    if not data.is_dir():
        raise DataMissing(f"evaluation data folder {str(data)!r} not found; expected one of: {_layouts_text()} "
                          f"(the DEV data lives under ../shared/eval/events/)")
    if any((data / name).is_file() for name in PETRARCH_FILES):
        return PETRARCH
    if (data / PLOVER_FILE).is_file():
        return PLOVER
    if (data / CONFLIBERT_FILE).is_file():
        return CONFLIBERT
    if any((data / name).is_file() for name in PETRARCH_DEV_ONLY):
        raise DataMissing(f"{str(data)!r} holds the PETR-2 dictionaries but not the gold records: "
                          f"PETR2_GSR_validation.xml is sealed; develop against ../shared/eval/events/petrarch2")
    raise DataMissing(f"{str(data)!r} is not a known event-coding data set; expected one of: {_layouts_text()}")


def load_event_set(data: Path) -> EventSet:
    """Detect the data set of a folder and load it."""
    data = Path(data)
    loaders = {PETRARCH: load_petrarch, PLOVER: load_plover, CONFLIBERT: load_conflibert}
    return loaders[detect_event_dataset(data)](data)


def unique_ids(ids: list[str]) -> list[str]:
    """Ids made unique as the eval README does: the n-th repeat of an id gets '#n' (n >= 2)."""
    seen: dict[str, int] = {}
    result = []
    for item_id in ids:
        seen[item_id] = seen.get(item_id, 0) + 1
        result.append(item_id if seen[item_id] == 1 else f"{item_id}#{seen[item_id]}")
    return result


def _day(value: Any) -> date | None:
    text = str(value or "").strip()
    for pattern, width in (("%Y-%m-%d", 10), ("%Y%m%d", 8)):
        try:
            return datetime.strptime(text[:width], pattern).date()
        except ValueError:
            continue
    return None


# --- PETRARCH records: a tolerant tag scan, since the files are not well-formed XML ---

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SENTENCE = re.compile(r"<Sentence(?=[\s>/])([^>]*)>", re.I)
_SENTENCE_END = re.compile(r"</Sentence\s*>|</Sentences\s*>", re.I)
_CODING = re.compile(r"<EventCoding(?=[\s>/])([^>]*?)/?>", re.I)
_TEXT = re.compile(r"<Text\s*>(.*?)(?:</Text\s*>|(?=<Parse)|\Z)", re.S | re.I)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def tag_attributes(text: str) -> dict[str, str]:
    """Attributes of a tag's inside, with either quote style, spaces around '=' or no quotes;
    names lower-cased, values entity-decoded."""
    return {m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
            for m in _ATTRIBUTE.finditer(text)}


def _sentence_blocks(text: str):
    """(attributes, body) of each <Sentence> record; a record without its closing tag ends at
    the next record."""
    starts = list(_SENTENCE.finditer(text))
    for i, start in enumerate(starts):
        stop = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[start.end():stop]
        end = _SENTENCE_END.search(body)
        yield tag_attributes(start.group(1)), body[: end.start()] if end else body


def _actor(value: str | None) -> str | None:
    # A few unit-test records quote an actor text instead of a code: '"INJURY TOLL"'.
    value = (value or "").strip().strip('"').strip()
    return value or None


def load_petrarch(data: Path) -> EventSet:
    """PETRARCH validation records (the PETR-2 GSR when present, else the unit tests).

    Each <Sentence> gives an item; its <EventCoding> tags give the gold triples, or none when
    one says noevents="True" or error="...", or when the record has no EventCoding at all.
    """
    path = next((Path(data) / name for name in PETRARCH_FILES if (Path(data) / name).is_file()), None)
    if path is None:
        raise DataMissing(f"{str(data)!r} has none of {', '.join(PETRARCH_FILES)}")
    text = _COMMENT.sub(" ", decode_page(path.read_bytes()))
    records, uncoded, partial = [], [], 0
    for attributes, body in _sentence_blocks(text):
        raw_id = attributes.get("id") or f"record-{len(records) + 1}"
        codings = [tag_attributes(m.group(1)) for m in _CODING.finditer(body)]
        if not codings:
            uncoded.append(raw_id)
        events, no_events, error = [], False, None
        for coding in codings:
            if coding.get("noevents", "").strip().lower() == "true":
                no_events = True
            elif coding.get("error"):
                error = coding["error"].strip()
            elif coding.get("eventcode", "").strip():
                events.append(CodedEvent(_actor(coding.get("sourcecode")), _actor(coding.get("targetcode")),
                                         coding["eventcode"].strip()))
            else:
                partial += 1
        match = _TEXT.search(body)
        sentence_text = " ".join(html.unescape(match.group(1)).split()) if match else ""
        records.append((raw_id, attributes, sentence_text, tuple(events), error))
    items = []
    for item_id, (_, attributes, sentence_text, events, error) in zip(
            unique_ids([r[0] for r in records]), records):
        sentence = EventSentence(item_id, sentence_text, _day(attributes.get("date")))
        items.append(PetrarchItem(sentence, events, not events, attributes.get("category"), error))
    if not items:
        raise DataMissing(f"{str(path)!r} holds no <Sentence> record with an <EventCoding>")
    notes = []
    errors = sum(1 for item in items if item.error)
    if errors:
        notes.append(f"{errors} records expect a PETRARCH error (discard, dateline, bad parse) instead of "
                     f"events; they are scored as no-event sentences")
    if uncoded:
        # As PETRARCH's own validation reads them: no coding given, no event expected.
        notes.append(f"{len(uncoded)} records without an EventCoding are scored as no-event sentences: "
                     f"{', '.join(uncoded[:5])}")
    if partial:
        notes.append(f"{partial} EventCoding tags without an eventcode were ignored")
    return EventSet(PETRARCH, path, items, notes)


# --- PLOVER GSR ---


def _plover_actors(value: Any) -> tuple[PloverActor, ...]:
    actors = []
    for actor in value if isinstance(value, list) else []:
        if isinstance(actor, dict):
            code, sector = (str(actor.get(k) or "").strip() or None for k in ("code", "sector"))
            actors.append(PloverActor(code, sector, str(actor.get("actorText") or "")))
    return tuple(actors)


def load_plover(data: Path) -> EventSet:
    """The PLOVER GSR: a JSON array of records; DOCUMENT records are documentation, not items."""
    path = Path(data) / PLOVER_FILE
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataMissing(f"{str(path)!r} is not a readable JSON array: {exc}") from exc
    if not isinstance(records, list):
        raise DataMissing(f"{str(path)!r} is not a JSON array of records")
    records = [r for r in records if isinstance(r, dict) and str(r.get("event", "")).upper() != "DOCUMENT"]
    untyped = [r for r in records if not str(r.get("event") or "").strip()]
    records = [r for r in records if str(r.get("event") or "").strip()]
    ids = unique_ids([str(r.get("id") or f"record-{n}") for n, r in enumerate(records, start=1)])
    items = [PloverItem(EventSentence(item_id, " ".join(str(r.get("text") or "").split()), _day(r.get("date"))),
                        str(r["event"]).strip().upper(), str(r.get("mode") or "").strip() or None,
                        _plover_actors(r.get("source")), _plover_actors(r.get("target")))
             for item_id, r in zip(ids, records)]
    if not items:
        raise DataMissing(f"{str(path)!r} holds no event record")
    notes = [f"{len(untyped)} records without an event type were skipped"] if untyped else []
    return EventSet(PLOVER, path, items, notes)


# --- ConfliBERT CAMEO classes ---


def load_conflibert(data: Path) -> EventSet:
    """ConfliBERT's cameo_class.tsv: `sentence<TAB>label` rows, no header; id = the 1-based row."""
    path = Path(data) / CONFLIBERT_FILE
    items, bad = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        sentence, _, label = line.rpartition("\t")
        if not sentence.strip() or label.strip() not in {"0", "1", "2", "3", "4"}:
            bad.append(number)
            continue
        items.append(PentaclassItem(EventSentence(str(number), sentence.strip()), int(label)))
    if not items:
        raise DataMissing(f"{str(path)!r} holds no `sentence<TAB>label` row with a label 0-4")
    notes = [f"{len(bad)} rows without a label 0-4 were skipped (rows {', '.join(map(str, bad[:5]))})"] if bad else []
    return EventSet(CONFLIBERT, path, items, notes)
