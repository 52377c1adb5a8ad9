"""What outlet comparers see and are scored against, and the readers of the two comparison sets:
BASIL's bias spans (sentence-level gold) and the NeuS AllSides roundups, recognised from a
folder's layout (the DEV copy in ../shared/eval/stories or the sealed one).

Every article reaches the system as sentences split here, once, by the harness: each body
paragraph goes through `wirewatch.extract.nlp.analyse` (the paragraphs of an article are joined
with "\\n"), so that the system's marks and the gold refer to the very same sentences.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from wirewatch.evaluate.common import DataMissing

BASIL = "basil"
NEUS = "neus_allsides"
PROBE = Path("data") / "naacl2022_lrc_roundup_random_order_probe"
SOURCE, TARGET = "roundup.source", "roundup.target"
# Upstream's split of the DEV probe file, 1-based inclusive line ranges (eval README).
DEV_LINES = 2759
SPLITS = {"train": (1, 2452), "val": (2453, 2759), "all": (1, DEV_LINES)}
INFORMATIONAL, LEXICAL = "inf", "lex"

LAYOUTS = {
    BASIL: "articles/YYYY/<story-uuid>_<n>.json with annotations/YYYY/<story-uuid>_<n>_ann.json",
    NEUS: f"{PROBE.as_posix()}/{SOURCE} and {TARGET}",
}

Spans = list[list[tuple[int, int]]]
Splitter = Callable[[Sequence[str]], Spans]
_BASIL_NAME = re.compile(r"^(?P<story>.+)_(?P<n>\d+)$")
_TITLED = re.compile(r"^\s*TITLE=>(?P<title>.*?)ARTICLE=>(?P<body>.*)$", re.S)


@dataclass(frozen=True)
class ArticleSentences:
    """One article as a comparer sees it: its sentences as the harness split them."""

    id: str
    outlet: str | None
    title: str
    published: date | None
    sentences: list[str]


@dataclass(frozen=True)
class BiasArticle:
    """A BASIL article and its gold per sentence: the bias types ("inf", "lex") of spans in it."""

    article: ArticleSentences
    bias: list[frozenset[str]]


@dataclass(frozen=True)
class BiasStory:
    """A BASIL story: its three articles (Fox, NYT, HuffPost), by article number."""

    id: str
    articles: list[BiasArticle]


@dataclass(frozen=True)
class RoundupStory:
    """A NeuS probe line: its outlets' leads (in the file's random order) and the editors' roundup.

    reference: the target roundup's title and body, the TITLE=>/ARTICLE=> markers removed.
    """

    id: str
    articles: list[ArticleSentences]
    reference: str


@dataclass
class CompareSet:
    """A loaded data set: which one, the file or folder read, its stories, and notes."""

    dataset: str
    path: Path
    stories: list[Any]
    notes: list[str] = field(default_factory=list)
    split: str | None = None


# --- sentences ---


def spacy_sentences(paragraphs: Sequence[str]) -> Spans:
    """Character spans of the sentences of each paragraph, whitespace trimmed, empty ones dropped."""
    from wirewatch.extract.nlp import analyse  # imported late: loading spaCy takes a moment

    spans = []
    for paragraph, doc in zip(paragraphs, analyse(paragraphs)):
        found = []
        for sentence in doc.sents:
            start, end = sentence.start_char, sentence.end_char
            while start < end and paragraph[start].isspace():
                start += 1
            while end > start and paragraph[end - 1].isspace():
                end -= 1
            if end > start:
                found.append((start, end))
        spans.append(found)
    return spans


def split_articles(bodies: Sequence[Sequence[str]], splitter: Splitter) -> list[list[tuple[int, int]]]:
    """Sentence spans of each article within its paragraphs joined by "\\n" (one splitter call for all)."""
    flat = [paragraph for paragraphs in bodies for paragraph in paragraphs]
    spans = iter(splitter(flat))
    result = []
    for paragraphs in bodies:
        offset, article = 0, []
        for paragraph in paragraphs:
            article.extend((offset + start, offset + end) for start, end in next(spans))
            offset += len(paragraph) + 1
        result.append(article)
    return result


# --- layout ---


def detect_compare_dataset(data: Path) -> str:
    """Name the data set of a folder from its layout (never from its name), or raise DataMissing."""
    data = Path(data)
    expected = "; ".join(f"{name}: {layout}" for name, layout in LAYOUTS.items())
    if not data.is_dir():
        raise DataMissing(f"evaluation data folder {str(data)!r} not found; expected one of: {expected} "
                          f"(the DEV data lives under ../shared/eval/stories/)")
    if (data / "articles").is_dir():
        if not (data / "annotations").is_dir():
            raise DataMissing(f"{str(data)!r} has BASIL articles but no annotations/ folder: the bias gold is "
                              f"read from annotations/YYYY/<story-uuid>_<n>_ann.json")
        return BASIL
    if (data / PROBE).is_dir():
        return NEUS
    if (data / "data" / "raw_crawled").is_dir():
        raise DataMissing(f"{str(data)!r} has the NeuS raw crawl but not the probe roundups ({LAYOUTS[NEUS]}), "
                          f"which hold the gold summaries")
    raise DataMissing(f"{str(data)!r} is not a known comparison data set; expected one of: {expected}")


def load_compare_set(data: Path, *, split: str | None = None, limit: int | None = None,
                     splitter: Splitter = spacy_sentences) -> CompareSet:
    """Detect the data set of a folder and load its first `limit` stories (all when None).

    split: NeuS only, see `load_neus`.
    """
    data = Path(data)
    if detect_compare_dataset(data) == BASIL:
        return load_basil(data, limit=limit, splitter=splitter)
    return load_neus(data, split=split, limit=limit, splitter=splitter)


# --- BASIL ---


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataMissing(f"{str(path)!r} is not a readable JSON file: {exc}") from None


def _basil_sentences(paragraphs: Any) -> list[list[str]]:
    """BASIL's own sentences per paragraph (a paragraph may also be one string); blank ones dropped."""
    result = []
    for paragraph in paragraphs if isinstance(paragraphs, list) else []:
        sentences = [paragraph] if isinstance(paragraph, str) else [s for s in paragraph if isinstance(s, str)]
        sentences = [s for s in sentences if s.strip()]
        if sentences:
            result.append(sentences)
    return result


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

def locate_span(text: str, sentence_starts: Sequence[tuple[int, str]], phrase: dict) -> tuple[int, int] | None:
    """Where a phrase annotation lies in the article text, or None.

    BASIL's `start` counts within one of its own sentences (which one, it does not say): the
    first sentence holding `txt` at `start` wins; else the first occurrence of `txt` anywhere.
    """
    txt, start = str(phrase.get("txt") or ""), phrase.get("start")
    if not txt.strip():
        return None
    if isinstance(start, int):
        for offset, sentence in sentence_starts:
            if sentence[start:start + len(txt)] == txt:
                return offset + start, offset + start + len(txt)
    found = text.find(txt)
    return (found, found + len(txt)) if found >= 0 else None


def sentence_bias(spans: Sequence[tuple[int, int]], located: Sequence[tuple[tuple[int, int], str]]
                  ) -> list[frozenset[str]]:
    """Gold per sentence: the bias type of every located span that overlaps it."""
    return [frozenset(bias for (begin, end), bias in located if begin < stop and end > start)
            for start, stop in spans]


def load_basil(data: Path, *, limit: int | None = None, splitter: Splitter = spacy_sentences) -> CompareSet:
    """BASIL: stories by (year folder, uuid), each with its articles by number; gold per sentence
    from the phrase-level annotations (`bias` lex|inf, located by `txt`)."""
    data = Path(data)
    stories: dict[str, list[Path]] = {}
    for path in sorted(data.glob("articles/*/*.json")):
        match = _BASIL_NAME.match(path.stem)
        if not match:
            raise DataMissing(f"{str(path)!r} is not named <story-uuid>_<n>.json")
        stories.setdefault(match.group("story"), []).append(path)
    if not stories:
        raise DataMissing(f"{str(data)!r} has no article in {LAYOUTS[BASIL]}")
    chosen = list(stories.items())[:limit] if limit is not None else list(stories.items())
    records, texts = [], []
    for story_id, paths in chosen:
        for path in sorted(paths, key=lambda p: int(_BASIL_NAME.match(p.stem).group("n"))):
            annotation = path.parents[2] / "annotations" / path.parent.name / f"{path.stem}_ann.json"
            if not annotation.is_file():
                raise DataMissing(f"{str(path)!r} has no annotation file {str(annotation)!r}")
            record, annotated = _read_json(path), _read_json(annotation)
            phrases = annotated.get("phrase-level-annotations") if isinstance(annotated, dict) else None
            if not isinstance(record, dict) or not isinstance(phrases, list):
                raise DataMissing(f"{str(path)!r} or its annotation is not a BASIL record "
                                  f"(body-paragraphs, phrase-level-annotations)")
            sentences = _basil_sentences(record.get("body-paragraphs"))
            texts.append([" ".join(p) for p in sentences])
            records.append((story_id, path.stem, record, sentences, phrases))
    counts = {"title": 0, "unlocated": 0, "other": 0, "across": 0}
    built: dict[str, list[BiasArticle]] = {}
    for (story_id, article_id, record, sentences, phrases), paragraphs, spans in zip(
            records, texts, split_articles(texts, splitter)):
        text = "\n".join(paragraphs)
        starts, offset = [], 0
        for paragraph in sentences:
            for sentence in paragraph:
                starts.append((offset, sentence))
                offset += len(sentence) + 1  # the joining space, or the "\n" after a paragraph
        located = []
        for phrase in phrases:
            bias = str(phrase.get("bias") or "").strip().lower() if isinstance(phrase, dict) else ""
            if bias not in (INFORMATIONAL, LEXICAL):
                counts["other"] += 1
                continue
            where = locate_span(text, starts, phrase)
            if where is None:
                title_hit = str(phrase.get("txt") or "") in str(record.get("title") or "")
                counts["title" if title_hit else "unlocated"] += 1
                continue
            counts["across"] += sum(1 for s, e in spans if s < where[1] and e > where[0]) > 1
            located.append((where, bias))
        article = ArticleSentences(article_id, str(record.get("source") or "").strip().lower() or None,
                                   str(record.get("title") or "").strip(), _day(record.get("date")),
                                   [text[s:e] for s, e in spans])
        built.setdefault(story_id, []).append(BiasArticle(article, sentence_bias(spans, located)))
    notes = []
    if counts["title"]:
        notes.append(f"{counts['title']} bias spans lie in a headline, which is not scored (only body sentences are)")
    if counts["unlocated"]:
        notes.append(f"{counts['unlocated']} bias spans were not found in their article's text and are not scored")
    if counts["other"]:
        notes.append(f"{counts['other']} phrase annotations without bias lex|inf were ignored")
    if counts["across"]:
        notes.append(f"{counts['across']} bias spans run across a sentence boundary: every sentence they touch is gold")
    return CompareSet(BASIL, data, [BiasStory(s, a) for s, a in built.items()], notes)


# --- NeuS ---


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise DataMissing(f"{str(path)!r} not found; the NeuS probe needs both {SOURCE} and {TARGET}")
    # Split on "\n" only: str.splitlines would also break at the U+2028 and the like inside a story.
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def _titled(text: str) -> tuple[str, str] | None:
    match = _TITLED.match(text)
    return (match.group("title").strip(), match.group("body").strip()) if match else None


def resolve_lines(total: int, split: str | None) -> tuple[str, int, int, list[str]]:
    """(split, first line, last line, notes) for a probe file of `total` lines.

    None: upstream val on the DEV-sized file, all lines on any other (the sealed file is test).
    """
    if split is None:
        if total == DEV_LINES:
            return ("val", *SPLITS["val"], [])
        return ("all", 1, total, [f"the file has {total} lines, not the DEV file's {DEV_LINES}: every line is scored"])
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    if split == "all":
        return ("all", 1, total, [])
    if total != DEV_LINES:
        raise DataMissing(f"the {split} lines {SPLITS[split][0]}-{SPLITS[split][1]} are those of the DEV probe file "
                          f"({DEV_LINES} lines); this one has {total}: use --split all")
    return (split, *SPLITS[split], [])


def load_neus(data: Path, *, split: str | None = None, limit: int | None = None,
              splitter: Splitter = spacy_sentences) -> CompareSet:
    """NeuS probe roundups: story = line (id: its 1-based number), articles = the `[SEP]`-joined
    `TITLE=> … ARTICLE=> …` leads (ids `<line>:<k>`, no outlet or date), reference = the target line.

    split: "val" (2453-2759), "train" (1-2452) or "all"; see `resolve_lines` for None.
    """
    folder = Path(data) / PROBE
    sources, targets = _lines(folder / SOURCE), _lines(folder / TARGET)
    if len(sources) != len(targets):
        raise DataMissing(f"{str(folder)!r}: {SOURCE} has {len(sources)} lines but {TARGET} has {len(targets)}")
    if not sources:
        raise DataMissing(f"{str(folder / SOURCE)!r} holds no story")
    split, first, last, notes = resolve_lines(len(sources), split)
    numbers = list(range(first, last + 1))[:limit] if limit is not None else list(range(first, last + 1))
    parsed = []
    for number in numbers:
        parts = [_titled(part) for part in sources[number - 1].split("[SEP]")]
        if not sources[number - 1].strip() or any(part is None for part in parts):
            raise DataMissing(f"{str(folder / SOURCE)!r} line {number} is not `TITLE=> … ARTICLE=> …` "
                              f"parts joined by [SEP]")
        target = targets[number - 1].strip()
        if not target:
            raise DataMissing(f"{str(folder / TARGET)!r} line {number} is empty: no roundup to score against")
        titled = _titled(target)
        parsed.append((number, parts, " ".join(p for p in titled if p) if titled else target))
    bodies = [[body] for _, parts, _ in parsed for _, body in parts]
    spans = iter(split_articles(bodies, splitter))
    stories = []
    for number, parts, reference in parsed:
        articles = [ArticleSentences(f"{number}:{k}", None, title, None, [body[s:e] for s, e in next(spans)])
                    for k, (title, body) in enumerate(parts, start=1)]
        stories.append(RoundupStory(str(number), articles, reference))
    return CompareSet(NEUS, folder / SOURCE, stories, notes, split)
