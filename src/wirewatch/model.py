"""Typed records: the only currency passed between Wirewatch stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

DocKind = Literal["text", "html"]


@dataclass(frozen=True)
class RawDocument:
    """One article as a reader found it, before cleaning.

    source: where it came from, precise enough to find it again
        (``path``, ``path:line`` for JSON Lines, ``path#record-id`` for WARC, ``<stdin>``).
    fetched: when it was crawled or saved (WARC date, feed date, file time);
        the reference for resolving dates such as "Monday, August 14".
    """

    source: str
    content: str
    kind: DocKind
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None
    author: str | None = None
    fetched: datetime | None = None


@dataclass(frozen=True)
class Skip:
    """An input that could not become an article, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped; kept so that nothing is silently lost.

    line_no: 0-based index among the input's lines.
    reason: a short cue name such as ``promo``, ``read-also``, ``byline``, ``media-debris``.
    """

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanedText:
    """The plain-text cleaner's result: body paragraphs joined by newlines."""

    body: str
    title: str | None = None
    author: str | None = None
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class HtmlExtraction:
    """Main text and metadata found in an HTML page."""

    body: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready for the store. ``id`` is a hash of outlet + normalized body."""

    id: str
    body: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published: date | None
    language: str | None
    source: str
    kind: DocKind
    removed: tuple[RemovedLine, ...] = field(default=())
    date_source: str | None = None


@dataclass(frozen=True)
class StoryDoc:
    """What story grouping sees of an article: enough to compare it with others.

    published: None when unknown (some evaluation sets have only an arrival order).
    """

    id: str
    title: str
    body: str
    published: date | None = None
    outlet: str | None = None


# --- extraction (extract/) ---


@dataclass(frozen=True)
class TimeSpan:
    """A date expression resolved against the article's date: `start`..`end` inclusive (one day: equal).

    text: the words of the article; start/end: character offsets of those words in the text analysed.
    """

    text: str
    start: int
    end: int
    first: date
    last: date


@dataclass(frozen=True)
class Place:
    """A place named in a text, geocoded offline: country ISO-3 and coordinates where known."""

    text: str
    start: int
    end: int
    name: str
    country: str | None
    latitude: float | None = None
    longitude: float | None = None
    feature: str = "place"            # "country", "city", "region"...


@dataclass(frozen=True)
class Quote:
    """A direct quote, its speaker's words and the speaker's actor code (None when unresolved)."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_actor: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and what it counts: "tens of thousands of troops" → 10000 (at least), troops."""

    text: str
    start: int
    end: int
    value: float | None               # lower bound for vague amounts ("tens of thousands" → 10000)
    approximate: bool
    unit: str | None                  # "%", "km", "USD", ...; None for counts
    counts: str | None                # the noun counted: "troops", "field training programs"


@dataclass(frozen=True)
class SentenceEvent:
    """One coded event in one sentence of one article (before merging across a story's articles).

    source/target: CAMEO actor codes (None when absent); *_name: the words naming them.
    code: a CAMEO code (never a default: a sentence without a recognised event has no SentenceEvent).
    reported_by: the actor code (or words) of whoever the sentence attributes the event to, when it
        is reported speech ("X said that ...", "according to X"); claimed events are marked, not dropped.
    """

    article_id: str
    sentence_start: int
    sentence_end: int
    source: str | None
    source_name: str | None
    target: str | None
    target_name: str | None
    code: str
    verb: str
    negated: bool = False
    hypothetical: bool = False
    reported_by: str | None = None
    date_first: date | None = None
    date_last: date | None = None
    place: str | None = None
    place_country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class EventMention:
    """Where an article reports an event: the sentence's character span in the article's clean body."""

    article_id: str
    sentence_start: int
    sentence_end: int
    sentence: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Event:
    """One happening, merged from every sentence of a story's articles that reports it.

    id: stable for the same story, actors, code and date ("e-" + hash).
    date_first/date_last: when it happened where the articles say so, else the first report's date.
    """

    id: str
    story_id: str | None
    source: str | None
    source_name: str | None
    target: str | None
    target_name: str | None
    code: str
    goldstein: float
    quad_class: int
    negated: bool
    hypothetical: bool
    reported_by: str | None
    date_first: date | None
    date_last: date | None
    place: str | None
    place_country: str | None
    latitude: float | None
    longitude: float | None
    mentions: tuple[EventMention, ...]

    @property
    def num_articles(self) -> int:
        return len({m.article_id for m in self.mentions})

    @property
    def num_sources(self) -> int:
        return len({m.outlet for m in self.mentions if m.outlet}) or (1 if self.mentions else 0)
