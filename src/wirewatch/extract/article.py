"""Everything the extract stage finds in one article: actor mentions, coded events (with their
dates and places), direct quotes, quantities and the article's claims (``compare.claims``: computed
here from the parse the stage already has, so that comparing a story need not parse it again).

`extract_article` is pure: a spaCy Doc of the article's clean body in, records out, offsets
into that body. An event keeps its sentence's date; an undated event takes the date of the
nearest dated event of the same source actor in the article when that one lies before
publication ("Kim visited factories over the weekend" ... "Kim ordered" → the weekend), else
it stays undated and the story-level merge falls back to the date of the first report.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from wirewatch.compare.claims import Claim, claims_of_doc
from wirewatch.extract.cameo import root_of
from wirewatch.extract.coder import CodedClause, SentenceCoder
from wirewatch.extract.merge import SYMMETRIC_ROOTS
from wirewatch.extract.mentions import ActorMention, actor_mentions
from wirewatch.extract.participants import Participants
from wirewatch.extract.places import places as find_places
from wirewatch.extract.quantities import quantities as find_quantities
from wirewatch.extract.quotes import quotes as find_quotes
from wirewatch.extract.timex import sentence_time, time_spans
from wirewatch.model import Place, Quantity, Quote, SentenceEvent

# Longest date range that still dates an event (a month: "in August", "August 21-31").
MAX_EVENT_SPAN_DAYS = 31
# Words before a place that make it where the action happened ("drills in the Yellow Sea").
LOCATIVE_WORDS = frozenset({"in", "at", "near", "across", "over", "outside", "inside", "off", "along", "into"})


@dataclass(frozen=True)
class ArticleExtraction:
    article_id: str
    actors: tuple[ActorMention, ...]
    events: tuple[SentenceEvent, ...]
    quotes: tuple[Quote, ...]
    quantities: tuple[Quantity, ...]
    places: tuple[Place, ...]
    # Claims without an outlet (the stage does not know it; compare sets it), dates resolved
    # against the article's own publication date (none when it has none).
    claims: tuple[Claim, ...] = ()


def _action_place(sentence, found: list[Place]) -> Place | None:
    # The sentence's own text: Doc.text joins the whole article's tokens on every access.
    text, offset = sentence.text, sentence.start_char
    for place in found:
        if sentence.start_char <= place.start < sentence.end_char:
            before = [w.lower() for w in text[max(0, place.start - 12 - offset) : place.start - offset].split()]
            if before[-1:] == ["the"]:  # "in the Yellow Sea"
                before = before[:-1]
            if before and before[-1] in LOCATIVE_WORDS:
                return place
    return None


def _pairs(clause: CodedClause) -> list[tuple]:
    """(source, target) pairs; "A and B held talks" (cooperation between equals, no target) is A with B."""
    if not clause.targets and len(clause.sources) >= 2 and root_of(clause.code) in SYMMETRIC_ROOTS:
        first = clause.sources[0]
        return [(first, other) for other in clause.sources[1:]]
    return [(s, t) for s in (list(clause.sources) or [None]) for t in (list(clause.targets) or [None])]


def _events_of(article_id: str, clause: CodedClause, sentence, day, place: Place | None) -> list[SentenceEvent]:
    events = []
    for source, target in _pairs(clause):
        events.append(SentenceEvent(
            article_id, sentence.start_char, sentence.end_char,
            source.code if source else None, source.name if source else None,
            target.code if target else None, target.name if target else None,
            clause.code, clause.verb, clause.negated, clause.hypothetical, clause.reported_by,
            day.first if day else None, day.last if day else None,
            place.name if place else None, place.country if place else None,
            place.latitude if place else None, place.longitude if place else None))
    return events


def _event_day(span, published: date | None):
    """A sentence's date when it can date an event: at most a month long ("in 2030", "this
    year" say when, not what day) and not far from publication (a deadline, "by 2030", or a
    history, "in 1953", is not the event's date)."""
    if span is None or (span.last - span.first).days > MAX_EVENT_SPAN_DAYS:
        return None
    if published is not None and not (published - timedelta(days=366) <= span.first
                                      and span.last <= published + timedelta(days=92)):
        return None
    return span


def _date_from_source(events: list[SentenceEvent], published: date | None) -> list[SentenceEvent]:
    dated = [(i, e) for i, e in enumerate(events) if e.date_first and e.source]
    result = []
    for i, event in enumerate(events):
        if event.date_first is None and event.source and not event.hypothetical:
            same = [(abs(i - j), other) for j, other in dated if other.source == event.source and
                    (published is None or other.date_last <= published)]
            if same:
                nearest = min(same, key=lambda pair: pair[0])[1]
                event = replace(event, date_first=nearest.date_first, date_last=nearest.date_last)
        result.append(event)
    return result


def extract_article(doc, article_id: str, published: date | None,
                    coder_factory=SentenceCoder) -> ArticleExtraction:
    """The extraction of one article; `doc` is spaCy's analysis of its clean body."""
    mentions = actor_mentions(doc)
    coder = coder_factory(Participants(mentions))
    spans = time_spans(doc, published) if published else []
    found_places = find_places(doc)
    events: list[SentenceEvent] = []
    for sentence in doc.sents:
        clauses = [c for c in coder.code(sentence) if c.sources or c.targets]
        if not clauses:
            continue
        day = _event_day(sentence_time(sentence, spans, reports=False), published)
        place = _action_place(sentence, found_places)
        for clause in clauses:
            events.extend(_events_of(article_id, clause, sentence, day, place))
    said = find_quotes(doc, mentions)
    amounts = find_quantities(doc)
    claims = claims_of_doc(doc, article_id, None, published, mentions=mentions, amounts=amounts, spans=spans,
                           found_places=found_places, said=said)
    return ArticleExtraction(
        article_id, tuple(mentions), tuple(_date_from_source(events, published)),
        tuple(said), tuple(amounts), tuple(found_places), tuple(claims))
