"""Fact or commentary: a transparent scorer for the kind of one sentence (or clause).

A sentence is ``report`` (the outlet states a happening), ``attributed`` (reported speech with
a definite source) or ``commentary`` (analysis, opinion, speculation, advocacy in the outlet's
own voice). The cue lists and weights are in ``data/commentary_cues.toml``, which documents
the rules; in short:

1. Attribution first. A verb of saying ("said", "stated", "accused", "emphasised") whose
   speaker, or an "according to X" / "as reported by X" whose X, is a named entity, a role noun
   ("officials", "state media", "the leader") or a personal pronoun standing for one makes the
   sentence ``attributed``: the opinion is the source's, the outlet only reports it.
   An unnamed collective ("critics say", "analysts warn") is not a source: it is scored as a
   commentary cue instead. This is the decision for "critics say": commentary, because nobody
   could be asked to stand behind it.
2. Otherwise cues add up: phrases of advocacy, evaluation, framing, speculation and evaluative
   words, plus parse features (a modal of speculation in a sentence without a date, first
   person, a question), all outside direct quotes. A score at or above the threshold (1.0)
   makes the sentence ``commentary``; below it, ``report``.

``sentence_score`` exposes the score and the cues that fired, so the scorer can be measured
and its mistakes explained.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

Kind = Literal["report", "attributed", "commentary"]
KINDS: tuple[Kind, ...] = ("report", "attributed", "commentary")

# Entity labels that make a speaker definite.
SOURCE_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# Heads of an unnamed collective speaker: attribution to them is a commentary cue.
VAGUE_HEADS = {"critic", "analyst", "expert", "observer", "some", "many", "people", "commentator", "pundit"}
# Advocacy cues that are bare modals of obligation, discounted where the obligation is reported.
OBLIGATION_MODALS = frozenset({"must", "should"})
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")


@dataclass(frozen=True)
class SentenceScore:
    """The kind of a sentence and why.

    score: the commentary score (sum of the weights of the cues that fired).
    attributed_to: the words naming the source of an attributed sentence.
    cues: the cues that fired, as ``category:phrase`` (``feature:modal:may``, ``attribution:said``).
    """

    kind: Kind
    score: float
    attributed_to: str | None
    cues: tuple[str, ...]


@dataclass(frozen=True)
class _Cues:
    threshold: float
    speech_verbs: frozenset[str]
    source_phrases: tuple[str, ...]
    source_roles: frozenset[str]
    pronouns: frozenset[str]
    categories: tuple[tuple[str, float, re.Pattern], ...]
    modals: frozenset[str]
    modal_weight: float
    first_person: frozenset[str]
    first_person_weight: float
    question_weight: float
    reporting_verbs: frozenset[str]    # speech_verbs and obligation_reporters: their complement is reported
    version: int


# "…" in a cue phrase: up to three words in between.
_GAP = r"(?:\s+[\w’'-]+){0,3}"


def _phrase_regex(phrase: str) -> str:
    parts = [re.escape(part.strip()).replace(r"\ ", r"\s+") for part in phrase.split("…")]
    return (_GAP + r"\s+").join(parts)


def _phrase_pattern(phrases: list[str]) -> re.Pattern:
    words = sorted({p.casefold() for p in phrases}, key=len, reverse=True)
    body = "|".join(_phrase_regex(w) for w in words)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def commentary_cues() -> _Cues:
    """The shipped cue table, loaded once."""
    data = tomllib.loads(resources.files("wirewatch.data").joinpath("commentary_cues.toml").read_text("utf-8"))
    features = data["features"]
    return _Cues(
        threshold=float(data["threshold"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        source_phrases=tuple(data["source_phrases"]),
        source_roles=frozenset(data["source_roles"]),
        pronouns=frozenset(data["pronouns"]),
        categories=tuple((name, float(c["weight"]), _phrase_pattern(c["phrases"]))
                         for name, c in data["cues"].items()),
        modals=frozenset(features["modal"]),
        modal_weight=float(features["modal_weight"]),
        first_person=frozenset(features["first_person"]),
        first_person_weight=float(features["first_person_weight"]),
        question_weight=float(features["question_weight"]),
        reporting_verbs=frozenset(data["obligation_reporters"]) | frozenset(data["speech_verbs"]),
        version=int(data["version"]),
    )


def _quoted_ranges(span) -> list[tuple[int, int]]:
    """Character ranges (in the doc) of direct quotes inside the span."""
    base = span.start_char
    return [(base + m.start(), base + m.end()) for m in _QUOTED.finditer(span.text)]


def _outside(token, ranges) -> bool:
    return not any(s <= token.idx < e for s, e in ranges)


def _speaker_phrase(token) -> str:
    # The span's own text: doc.text would join the whole article's tokens on every call.
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


def _definite_source(token, cues: _Cues) -> bool | None:
    """True for a named or role speaker, False for an unnamed collective, None for neither."""
    words = list(token.subtree)
    if token.lemma_.casefold() in VAGUE_HEADS and not any(t.ent_type_ in SOURCE_LABELS for t in words):
        return False
    if token.lower_ in cues.pronouns and token.pos_ == "PRON":
        return True
    if any(t.ent_type_ in SOURCE_LABELS for t in words) or token.pos_ == "PROPN":
        return True
    if token.lemma_.casefold() in cues.source_roles or token.lower_ in cues.source_roles:
        return True
    return None


def _speakers(verb):
    """The tokens heading the speaker of a verb of saying: its subject, or the agent of a passive."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            yield child
        elif child.dep_ == "agent":
            yield from (c for c in child.children if c.dep_ == "pobj")


def _attribution(span, ranges, cues: _Cues) -> tuple[str | None, list[str], bool]:
    """(source words, cues fired, vague) for the span's attribution, if any."""
    fired: list[str] = []
    vague = False
    lowered = span.text.casefold()
    for phrase in cues.source_phrases:
        at = lowered.find(phrase)
        if at < 0:
            continue
        after = span.doc.char_span(span.start_char + at, span.start_char + at + len(phrase), alignment_mode="expand")
        if after is None:
            continue
        # The source is the object of the phrase's last preposition ("according to X", "reported by X").
        for token in after:
            for child in token.children:
                if child.dep_ == "pobj" and _definite_source(child, cues):
                    return _speaker_phrase(child), [f"attribution:{phrase}"], False
    for token in span:
        if token.lemma_.casefold() not in cues.speech_verbs or token.pos_ not in ("VERB", "AUX"):
            continue
        if not _outside(token, ranges):
            continue
        for speaker in _speakers(token):
            definite = _definite_source(speaker, cues)
            if definite:
                return _speaker_phrase(speaker), [f"attribution:{token.lower_}"], False
            if definite is False:
                vague = True
                fired.append(f"vague_sources:{speaker.lower_} {token.lower_}")
    return None, fired, vague


def sentence_score(span) -> SentenceScore:
    """Score one sentence or clause (a spaCy Span) for its kind; see the module docstring."""
    cues = commentary_cues()
    ranges = _quoted_ranges(span)
    source, fired, vague = _attribution(span, ranges, cues)
    if source is not None:
        return SentenceScore("attributed", 0.0, source, tuple(fired))
    score = cues.threshold if vague else 0.0
    text = span.text
    base = span.start_char
    # Blank out direct quotes so that the source's words are not scored as the outlet's.
    unquoted = "".join(" " if any(s <= base + i < e for s, e in ranges) else ch for i, ch in enumerate(text)) \
        if ranges else text
    for name, weight, pattern in cues.categories:
        for phrase in sorted({m.group().casefold() for m in pattern.finditer(unquoted)}):
            if name == "advocacy" and phrase in OBLIGATION_MODALS and _reported_obligation(span, phrase, ranges, cues):
                continue
            score += weight
            fired.append(f"{name}:{phrase}")
    dated = any(ent.label_ == "DATE" for ent in span.ents)
    for token in span:
        if not _outside(token, ranges):
            continue
        if token.tag_ == "MD" and token.lower_ in cues.modals and not dated:
            score += cues.modal_weight
            fired.append(f"feature:modal:{token.lower_}")
        elif token.pos_ == "PRON" and token.text.casefold() in cues.first_person and token.text != "US":
            score += cues.first_person_weight
            fired.append(f"feature:first-person:{token.lower_}")
    if unquoted.rstrip().endswith("?"):
        score += cues.question_weight
        fired.append("feature:question")
    kind: Kind = "commentary" if score >= cues.threshold else "report"
    return SentenceScore(kind, round(score, 3), None, tuple(fired))


def _reported_obligation(span, modal: str, ranges, cues: _Cues) -> bool:
    """Whether every `modal` ("must", "should") of the span sits in a clause that reports someone
    else's words or rule: the complement of a verb of saying or of ``obligation_reporters``
    ("saying that vaccinated people should", "declaring that the country must", "ruled that states
    must"). A relative clause is not exempt: "a disgrace that should never have happened" is the
    outlet's judgement, though "the days a person must quarantine" is not."""
    found = [t for t in span if t.lower_ == modal and t.tag_ == "MD" and _outside(t, ranges)]
    return bool(found) and all(_in_reported_clause(t, cues) for t in found)


def _in_reported_clause(token, cues: _Cues) -> bool:
    verb = token.head
    while verb.dep_ != "ROOT" and verb.head is not verb:
        if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.casefold() in cues.reporting_verbs:
            return True
        verb = verb.head
    return False


def sentence_kind(span) -> Kind:
    """``report``, ``attributed`` or ``commentary`` for a sentence or clause (a spaCy Span)."""
    return sentence_score(span).kind


def commentary_cues_version() -> int:
    """The version of the shipped cue table, recorded with results that depend on it."""
    return commentary_cues().version
