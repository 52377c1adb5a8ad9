"""One event, many mentions: merge the sentence events of a story's articles into events.

Two sentence events report the same happening when they have
- the same CAMEO root code and the same negation;
- compatible actors: the same country on each side where both name one (a missing side
  matches anything); for cooperation between equals (consult, cooperate: roots 03-06)
  the pair is unordered, "KOR with USA" being "USA with KOR";
- compatible dates: overlapping, or one undated.
Each merged event takes the most specific code and actors among its mentions, the dated
mentions' date range (else the first report's publication date), and one mention per
(article, sentence). Its id is stable for the same story, root and first mention.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from wirewatch.extract.actors import country_of
from wirewatch.extract.cameo import event_code, root_of
from wirewatch.model import Event, EventMention, SentenceEvent

SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})


@dataclass(frozen=True)
class ArticleInfo:
    """What a mention shows of its article."""

    body: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None


def _sides(event: SentenceEvent) -> tuple[str | None, str | None]:
    return country_of(event.source), country_of(event.target)


def _same_side(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _actors_match(a: SentenceEvent, b: SentenceEvent) -> bool:
    (a1, a2), (b1, b2) = _sides(a), _sides(b)
    if _same_side(a1, b1) and _same_side(a2, b2) and (a1 or a2) and (a1 == b1 or a2 == b2):
        return True
    if root_of(a.code) in SYMMETRIC_ROOTS:
        known_a, known_b = {x for x in (a1, a2) if x}, {x for x in (b1, b2) if x}
        return bool(known_a & known_b) and (known_a <= known_b or known_b <= known_a)
    return False


def _dates_match(a: SentenceEvent, b: SentenceEvent) -> bool:
    if a.date_first is None or b.date_first is None:
        return True
    return a.date_first <= b.date_last and b.date_first <= a.date_last


@dataclass
class _Group:
    members: list[SentenceEvent] = field(default_factory=list)

    def accepts(self, event: SentenceEvent) -> bool:
        first = self.members[0]
        return (root_of(first.code) == root_of(event.code) and first.negated == event.negated
                and all(_actors_match(m, event) and _dates_match(m, event) for m in self.members))


def group_sentence_events(events: Sequence[SentenceEvent], order: Mapping[str, int]) -> list[list[SentenceEvent]]:
    """Sentence events grouped by happening; `order` ranks articles (first report first)."""
    ranked = sorted(events, key=lambda e: (order.get(e.article_id, len(order)), e.sentence_start))
    groups: list[_Group] = []
    for event in ranked:
        home = next((g for g in groups if g.accepts(event)), None)
        if home is None:
            home = _Group()
            groups.append(home)
        home.members.append(event)
    return [g.members for g in groups]


def _most_specific(values: Sequence[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The most frequent (code, name), longer codes (with a role) first among equals."""
    known = [v for v in values if v[0]]
    if not known:
        return None, None
    counts = Counter(code for code, _ in known)
    best = max(counts, key=lambda code: (counts[code], len(code)))
    return best, next(name for code, name in known if code == best)


def merge_story_events(story_id: str | None, events: Sequence[SentenceEvent],
                       articles: Mapping[str, ArticleInfo]) -> list[Event]:
    """The events of one story (or of an article without a story: story_id None)."""
    order = {aid: rank for rank, aid in enumerate(sorted(
        articles, key=lambda a: (articles[a].published is None, articles[a].published or date.min, a)))}
    merged = []
    for members in group_sentence_events(events, order):
        first = members[0]
        source, source_name = _most_specific([(m.source, m.source_name) for m in members])
        target, target_name = _most_specific([(m.target, m.target_name) for m in members])
        codes = Counter(m.code for m in members)
        code = max(codes, key=lambda c: (codes[c], len(c), c[-1] != "0"))
        dated = [m for m in members if m.date_first]
        reports = [articles[m.article_id].published for m in members if articles.get(m.article_id)]
        first_report = min((d for d in reports if d), default=None)
        date_first = min((m.date_first for m in dated), default=first_report)
        date_last = max((m.date_last for m in dated), default=first_report)
        placed = next((m for m in members if m.place), None)
        mentions, seen = [], set()
        for m in members:
            key = (m.article_id, m.sentence_start)
            if key in seen:
                continue
            seen.add(key)
            info = articles.get(m.article_id) or ArticleInfo("")
            mentions.append(EventMention(m.article_id, m.sentence_start, m.sentence_end,
                                         info.body[m.sentence_start:m.sentence_end].strip(),
                                         info.outlet, info.url, info.published))
        key = "|".join([story_id or "", root_of(code), country_of(source) or "", country_of(target) or "",
                        first.article_id, str(first.sentence_start)])
        cameo = event_code(code)
        merged.append(Event(
            "e-" + hashlib.sha1(key.encode()).hexdigest()[:16], story_id, source, source_name, target, target_name,
            code, cameo.goldstein, cameo.quad_class, first.negated, any(m.hypothetical for m in members)
            and all(m.hypothetical for m in members),
            members[0].reported_by if all(m.reported_by for m in members) else None,
            date_first, date_last, placed.place if placed else None, placed.place_country if placed else None,
            placed.latitude if placed else None, placed.longitude if placed else None, tuple(mentions)))
    return merged
