"""Split an article into claims: sentences, and clauses where a sentence clearly states two facts.

A claim carries its character span in the article's clean body, its kind (report, attributed,
commentary: ``compare.commentary``) and what it names: actor codes, quantities, resolved dates
and the places where something happens. Headings and fragments (no verb, no final punctuation)
are not claims.

A sentence is split only at a clear boundary between two facts: a semicolon between two clauses
that each have a verb, or ", while" / ", whereas" opening a clause with its own subject ("Seoul
confirmed the drills, while Pyongyang called them a rehearsal for war"). "while inspecting
plants" (no subject) stays in its sentence.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wirewatch.compare.commentary import Kind, commentary_cues, sentence_score
from wirewatch.extract.nlp import doc_text
from wirewatch.model import Quantity, TimeSpan

# Prepositions that make a place the place where something happens ("drills on the Korean Peninsula").
LOCATIVE = {"in", "at", "near", "on", "off", "across", "along", "inside", "outside", "around", "over", "into",
            "within", "throughout"}
CONTRAST_MARKS = {"while", "whereas"}
# Letters of a lemma kept as its stem: "inspect"/"inspection", "armored"/"armoured" meet.
STEM_CHARS = 4
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
_CLOSERS = ".!?\"”’)'"
# Version of the claim splitter, stored with the claims the extract stage saves: bump it when
# claims_of_doc changes what it finds, and compare parses again instead of reading stale claims.
CLAIMS_VERSION = "claims-1"


@dataclass(frozen=True)
class Claim:
    """One sentence or clause of one article.

    index: the claim's position among its article's claims (0-based).
    start/end: character offsets of ``text`` in the article's clean body.
    actors: actor codes named, in order of first mention; subjects: the actor codes named in the
        main clause's subject ("South Korea and the US prepare..." → KOR, USA).
    numbers/dates: quantities and date expressions inside the claim (dates resolved against the
        article's publication date; none when that is unknown). ``dates`` date what happened;
        a date of the report itself ("KCNA said on Monday") is in ``report_dates``.
    places: canonical names of places where something happens (after in/at/on/near...).
    quotes: direct quotes inside the claim.
    terms: stems of the claim's content words (lower-case lemma, first ``STEM_CHARS`` letters),
        for the word overlap that alignment adds to the vectors' cosine.
    score/cues/attributed_to: the commentary scorer's output (``compare.commentary``).
    """

    article_id: str
    outlet: str | None
    index: int
    start: int
    end: int
    text: str
    kind: Kind
    actors: tuple[str, ...] = ()
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[TimeSpan, ...] = ()
    places: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    report_dates: tuple[TimeSpan, ...] = ()
    quotes: tuple[str, ...] = ()
    score: float = 0.0
    cues: tuple[str, ...] = ()
    attributed_to: str | None = None
    terms: frozenset[str] = frozenset()

    @property
    def is_fact(self) -> bool:
        """Report or attributed claim: commentary is never counted as corroborated fact."""
        return self.kind != "commentary"


@dataclass(frozen=True)
class ArticleText:
    """What claim splitting needs of an article."""

    id: str
    body: str
    outlet: str | None = None
    published: date | None = None


def _has_verb(tokens) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _is_fragment(sent) -> bool:
    """A heading, caption or other line that states nothing."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 3 or not _has_verb(sent):
        return True
    return len(words) < 8 and sent.text.rstrip()[-1:] not in _CLOSERS


def _cut_points(sent) -> list[int]:
    """Token indices (in the doc) where a new clause of the sentence starts."""
    cuts = []
    for token in sent:
        if token.i in (sent.start, sent.end - 1):
            continue
        if token.text == ";":
            left = sent.doc[sent.start : token.i]
            right = sent.doc[token.i + 1 : sent.end]
            if _has_verb(left) and _has_verb(right) and len(right) > 3:
                cuts.append(token.i + 1)
        elif token.lower_ in CONTRAST_MARKS and sent.doc[token.i - 1].text == ",":
            head = token.head
            if token.dep_ == "mark" and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                cuts.append(token.i)
    return cuts


def clause_spans(sent) -> list:
    """The sentence's clauses as spaCy Spans (the sentence itself when it states one fact)."""
    cuts = _cut_points(sent)
    if not cuts:
        return [sent]
    doc = sent.doc
    bounds = [sent.start, *cuts, sent.end]
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        # Leave the separating comma or semicolon out of the clause before it.
        while b - 1 > a and doc[b - 1].text in (",", ";"):
            b -= 1
        if b > a:
            spans.append(doc[a:b])
    return spans


def _inside(start: int, end: int, items):
    return [x for x in items if start <= x.start and x.end <= end]


def _locative(doc, place) -> bool:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    return head.dep_ == "prep" and head.lower_ in LOCATIVE


def _subjects(span, mentions) -> tuple[str, ...]:
    found: list[str] = []
    for child in span.root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            left, right = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
            found.extend(m.actor.code for m in mentions if left <= m.start < right)
    return tuple(dict.fromkeys(found))


def _dates_report(doc, time_span, verbs: frozenset[str]) -> bool:
    """Whether the date hangs off a verb of saying ("said on Monday", "as reported on Monday")."""
    span = doc.char_span(time_span.start, time_span.end, alignment_mode="expand")
    token = span.root if span is not None and len(span) else None
    for _ in range(4):
        if token is None:
            return False
        if token.pos_ == "VERB":
            return token.lemma_.casefold() in verbs
        if token.head is token:
            return False
        token = token.head
    return False


def _terms(span) -> frozenset[str]:
    return frozenset(t.lemma_.casefold()[:STEM_CHARS] for t in span
                     if t.pos_ in CONTENT_POS and not t.is_stop and any(ch.isalnum() for ch in t.text))


def claims_of_doc(doc, article_id: str, outlet: str | None, published: date | None, *,
                  mentions=None, amounts=None, spans=None, found_places=None, said=None) -> list[Claim]:
    """The claims of one article's analysed body (a spaCy Doc of the clean body).

    mentions/amounts/spans/found_places/said: what the extract stage already found in this doc
    (actor mentions, quantities, time spans resolved against `published`, places, quotes), so
    that it is not looked for twice; each found again when not given.
    """
    from wirewatch.extract.mentions import actor_mentions
    from wirewatch.extract.places import places
    from wirewatch.extract.quantities import quantities
    from wirewatch.extract.quotes import quotes
    from wirewatch.extract.timex import time_spans

    mentions = actor_mentions(doc) if mentions is None else list(mentions)
    amounts = quantities(doc) if amounts is None else list(amounts)
    if spans is None:
        spans = time_spans(doc, published) if published else []
    where = [p for p in (places(doc) if found_places is None else found_places) if _locative(doc, p)]
    verbs = commentary_cues().speech_verbs
    reported = {(t.start, t.end) for t in spans if _dates_report(doc, t, verbs)}
    said = quotes(doc, mentions) if said is None else list(said)
    # Doc.text joins every token on each access: read it once, not twice per clause.
    body = doc_text(doc)
    claims: list[Claim] = []
    for sent in doc.sents:
        if _is_fragment(sent):
            continue
        for clause in clause_spans(sent):
            start, end = clause.start_char, clause.end_char
            text = body[start:end].strip()
            if not text:
                continue
            start = body.index(text, start)
            end = start + len(text)
            scored = sentence_score(clause)
            inside_mentions = _inside(start, end, mentions)
            claims.append(Claim(
                article_id=article_id,
                outlet=outlet,
                index=len(claims),
                start=start,
                end=end,
                text=text,
                kind=scored.kind,
                actors=tuple(dict.fromkeys(m.actor.code for m in inside_mentions)),
                numbers=tuple(_inside(start, end, amounts)),
                dates=tuple(t for t in _inside(start, end, spans) if (t.start, t.end) not in reported),
                places=tuple(dict.fromkeys(p.name for p in _inside(start, end, where))),
                subjects=_subjects(clause, inside_mentions),
                report_dates=tuple(t for t in _inside(start, end, spans) if (t.start, t.end) in reported),
                quotes=tuple(q.text for q in said if start <= q.start < end),
                score=scored.score,
                cues=scored.cues,
                attributed_to=scored.attributed_to,
                terms=_terms(clause),
            ))
    return claims


def article_claims(articles: Sequence[ArticleText], batch_size: int = 16) -> dict[str, list[Claim]]:
    """Claims of each article, by article id; the bodies are analysed with spaCy in batches."""
    from wirewatch.extract.nlp import analyse

    found: dict[str, list[Claim]] = {}
    for article, doc in zip(articles, analyse((a.body for a in articles), batch_size=batch_size)):
        found[article.id] = claims_of_doc(doc, article.id, article.outlet, article.published)
    return found
