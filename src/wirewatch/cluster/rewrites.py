"""Rewrites: a later article of another outlet that retells one report's facts in new words.

Two outlets reporting the same happening independently share the event but pick different
details; a rewrite of one wire report carries over nearly all of its specifics (names,
places, numbers) and keeps more of its phrasing than an independent report does, though far
less than a copy. Both kinds of evidence are required:
- fact containment: the share of the shorter article's specifics (capitalised names and
  numbers) that the other one also has;
- a common origin: Jaccard similarity of word 3-shingles (well below a copy's), at least
  one run of PASSAGE_WORDS words shared outside quotation marks, or the same named source
  credited by both ("according to state media outlet KCNA" / "as reported by the state
  media KCNA"): then both are reports of one source's story.
The thresholds were set on the synthetic sample archive (samples/MANIFEST.jsonl labels each
article wire, copy, rewrite or independent); see docs/evaluation.md for what they score.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wirewatch.cluster.copies import shingles
from wirewatch.cluster.terms import POSSESSIVE, STOP_WORDS, name_words

MIN_FACT_CONTAINMENT = 0.6
MIN_SHINGLE_JACCARD = 0.08
# A run of this many words that two articles share outside quotation marks is wording taken
# from a common source: independent reporters share quotes, rarely their own phrasing.
PASSAGE_WORDS = 8
# "according to state media outlet KCNA", "as reported by the Yonhap news agency", "Reuters reported".
_SOURCE_BEFORE = re.compile(
    r"\b(?:according to|reported by|citing|quoted by|cited by)\s+(?:the\s+)?"
    r"(?:(?:state|official|local|news|media|outlet|agency|newspaper|broadcaster|wire|daily|service)\s+){0,4}"
    r"([A-Z][\w&-]*(?: [A-Z][\w&-]*){0,3})")
_SOURCE_AFTER = re.compile(r"([A-Z][\w&-]*(?: [A-Z][\w&-]*){0,3}) (?:news agency )?(?:reported|quoted|cited)\b")
_QUOTED = re.compile(r"[\"“][^\"“”]{0,600}[\"”]")
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")


def fact_terms(text: str) -> set[str]:
    """Numbers and names: the specifics of a report (see terms.name_words for what a name is)."""
    numbers = {n.replace(",", "") for n in _NUMBER.findall(text)}
    return numbers | set(name_words(text))


def attributed_sources(text: str) -> set[str]:
    """Named sources the text attributes its report to ("according to ... KCNA")."""
    found = {m.group(1) for m in _SOURCE_BEFORE.finditer(text)}
    found |= {m.group(1) for m in _SOURCE_AFTER.finditer(text)}
    names = set()
    for name in found:
        name = POSSESSIVE.sub("", name).strip(" .").lower()
        if name and name not in STOP_WORDS:
            names.add(name)
    return names


@dataclass(frozen=True)
class RewriteEvidence:
    fact_containment: float
    shingle_jaccard: float
    shared_passages: int
    shared_sources: tuple[str, ...] = ()

    @property
    def is_rewrite(self) -> bool:
        if self.fact_containment < MIN_FACT_CONTAINMENT:
            return False
        return self.shingle_jaccard >= MIN_SHINGLE_JACCARD or self.shared_passages > 0 or bool(self.shared_sources)


@dataclass(frozen=True)
class ReportProfile:
    """What rewrite evidence compares, computed once per article."""

    facts: frozenset[str]
    grams: frozenset[bytes]
    passages: frozenset[bytes]
    sources: frozenset[str]


def report_profile(body: str) -> ReportProfile:
    return ReportProfile(frozenset(fact_terms(body)), frozenset(shingles(body)),
                         frozenset(shingles(_QUOTED.sub(" | ", body), PASSAGE_WORDS)),
                         frozenset(attributed_sources(body)))


def compare_profiles(a: ReportProfile, b: ReportProfile) -> RewriteEvidence:
    smaller = min(len(a.facts), len(b.facts))
    containment = len(a.facts & b.facts) / smaller if smaller else 0.0
    union = len(a.grams | b.grams)
    jaccard = len(a.grams & b.grams) / union if union else 0.0
    return RewriteEvidence(round(containment, 4), round(jaccard, 4), len(a.passages & b.passages),
                           tuple(sorted(a.sources & b.sources)))


def rewrite_evidence(body: str, other_body: str) -> RewriteEvidence:
    return compare_profiles(report_profile(body), report_profile(other_body))
