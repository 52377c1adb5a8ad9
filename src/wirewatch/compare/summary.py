"""Summarise a compared story in a few neutral, cited sentences taken from its articles.

The summary is extractive: every sentence is one claim (a sentence or clause) of an article, so
nothing in it is unsupported, and it cites the sources whose aligned claims state the same
fact. Selection, from a ``StoryComparison``:

1. Candidates are the groups of aligned claims that state a fact: ``corroborated`` and
   ``single-source`` groups. Commentary groups never enter; ``conflict`` groups are left to the
   comparison's own listing, since a summary cannot state a disputed detail as fact.
2. Corroborated groups come first, ranked by independent sources, then outlets, then the
   earliest position of their claims in their articles (news puts what matters first).
   Single-source groups follow, ranked by position; a reported claim beats an attributed one
   at the same position ("prefer reporting over attributed opinions").
3. A group is voiced by one of its claims: a report rather than an attribution, one that does
   not open with a word pointing back ("He said...", "That includes..."), one that adds no
   detail only its own outlet gives (so the citation supports every detail), then the one
   nearest its article's lead, then the earliest article's.
   Once every group has its voice, a corroborated group's other sources may speak too, each by
   its own claim, after the corroborated voices and before the single-source facts: outlets
   reporting one fact each add their own details to it (who else was there, the figures), and
   the redundancy cut below keeps out those that only say it again. A claim cut out of a quote
   by the sentence splitter (quotation marks that do not pair up) never speaks.
4. Length: no more sentences than the story has articles (and never more than five), as an
   editor's roundup of a few outlets is a few sentences long; each further sentence mostly
   dilutes what the first ones said.
5. Candidates are taken in the order of 2 and 3, except that among the corroborated ones (voices
   and other sources alike) a claim opening its article (its lead, where news states the main
   event) is taken before any claim further down. A candidate too close to a sentence already
   chosen is skipped (maximal marginal relevance with a hard redundancy cut): the share of its
   content-word stems already said, or the cosine of the claim vectors when ``vectors`` is
   given. The chosen sentences are then told in the order of 2 and 3, corroborated facts first.
   A group's voice cites all the group's outlets; another source's claim that adds details of
   its own cites its own outlet alone.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wirewatch.compare.claims import Claim
from wirewatch.compare.corroborate import ClaimGroup
from wirewatch.compare.story import StoryComparison

SUMMARY_SENTENCES = 5
# A sentence whose content-word stems are this much (share of the smaller set) in a chosen one
# says the same thing again; for vectors, a cosine at which MiniLM puts paraphrases.
REDUNDANT_OVERLAP = 0.6
REDUNDANT_COSINE = 0.8
# Claims shorter than this (content-word stems) state too little to summarise a story.
MIN_TERMS = 3
# Claims longer than this (words) are run-ons that crowd a five-sentence summary.
MAX_WORDS = 60
SUMMARY_STATUSES = ("corroborated", "single-source")
_KIND_RANK = {"report": 0, "attributed": 1, "commentary": 2}
# First words that point back to an earlier sentence: out of its article, such a sentence reads
# as a riddle ("He underlined..."), so a group is voiced by a self-contained claim when it has one.
DANGLING = frozenset({"he", "she", "it", "they", "his", "her", "its", "their", "this", "that", "these", "those",
                      "him", "them"})


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary: the article's words, the sources that state it, its group's status.

    article_id/index: the claim the text is taken from (its article and position there).
    """

    text: str
    outlets: tuple[str, ...]
    group_status: str
    article_id: str = ""
    index: int = 0
    group: int = -1

    @property
    def cited(self) -> str:
        """The text followed by its citation: "... [Harbor Ledger, Delta Morning Post]"."""
        return f"{self.text} [{', '.join(self.outlets)}]" if self.outlets else self.text


def voice_of(group: ClaimGroup, order: dict[str, int] | None = None) -> Claim:
    """The claim that states the group's fact (in a summary, a report): see the module docstring, 3.

    order: article id -> its position in the story (earlier articles win ties).
    """
    order = order or {}
    facts = [c for c in group.claims if c.is_fact] or list(group.claims)
    return min(facts, key=lambda c: (_KIND_RANK[c.kind], dangling(c), own_details(c, group), c.index,
                                     order.get(c.article_id, 0)))


def own_details(claim: Claim, group: ClaimGroup) -> int:
    """How many of the claim's amounts, dates, places and quotes only its own source gives."""
    details = set(group.single_source_details)
    texts = [q.text for q in claim.numbers] + [d.text for d in claim.dates] + list(claim.places)
    texts += [f"“{q}”" for q in claim.quotes]
    return sum(t in details for t in texts)


def dangling(claim: Claim) -> bool:
    """Whether the claim opens with a word that points back to an earlier sentence."""
    first = claim.text.split(maxsplit=1)[:1]
    word = first[0].strip("“\"'‘(,").casefold().replace("’", "'").split("'")[0] if first else ""
    return word in DANGLING


def _position(group: ClaimGroup) -> int:
    return min(c.index for c in group.claims if c.is_fact)


def _rank_key(group: ClaimGroup, voice: Claim, order: dict[str, int]) -> tuple:
    if group.status == "corroborated":
        return (0, -len(group.independent_outlets), -len(group.outlets), _position(group),
                _KIND_RANK[voice.kind], order.get(voice.article_id, 0))
    return (1, _position(group), _KIND_RANK[voice.kind], order.get(voice.article_id, 0), voice.index)


def _pick_order(item: tuple[int, tuple]) -> tuple[bool, bool]:
    """Order of picking a (rank position, candidate): corroborated candidates (voices and other
    sources) before single-source ones, and among them articles' leads first; otherwise rank
    order (the sort is stable)."""
    _, (key, _, _, voice) = item
    return key[0] == 1, voice.index > 0


def _usable(claim: Claim) -> bool:
    words = claim.text.split()
    return (claim.is_fact and len(claim.terms) >= MIN_TERMS and len(words) <= MAX_WORDS
            and not claim.text.rstrip().endswith("?") and not broken_quote(claim.text))


def broken_quote(text: str) -> bool:
    """Whether the text opens or closes a quotation it does not contain whole: a piece of a quote
    that the sentence splitter cut ("“I thought there's no time to wait."), which out of its
    article misquotes the speaker."""
    curly = text.count("“") != text.count("”")
    return curly or text.count('"') % 2 == 1


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def summarize_story(comparison: StoryComparison, *, sentences: int = SUMMARY_SENTENCES,
                    vectors=None) -> list[SummarySentence]:
    """At most `sentences` neutral sentences of the story's articles, and no more than it has
    articles, corroborated facts first, each cited (see the module docstring).

    vectors: a ``ClaimVectors`` (the comparer's, whose cache holds the claims already) to judge
        redundancy by cosine as well as by word overlap; without it, word overlap alone.
    """
    order = {a.id: i for i, a in enumerate(comparison.articles)}
    ranked, voices = [], {}
    for number, group in enumerate(comparison.groups):
        if group.status not in SUMMARY_STATUSES:
            continue
        voice = voices[number] = voice_of(group, order)
        if _usable(voice):
            ranked.append((_rank_key(group, voice, order), number, group, voice))
        if group.status == "corroborated":
            ranked += [((0.5, *_rank_key(group, other, order)[1:]), number, group, other)
                       for other in group.claims
                       if other.article_id != voice.article_id and other.is_fact and _usable(other)]
    ranked.sort(key=lambda item: (item[0], item[1]))
    budget = min(sentences, len(comparison.articles) or sentences)
    chosen: list[tuple[int, Claim, SummarySentence]] = []    # (rank position, claim, sentence)
    rows = None
    if vectors is not None and ranked:
        rows = dict(zip((item[3].text for item in ranked), vectors.vectors([item[3].text for item in ranked])))
    for place, (_, number, group, voice) in sorted(enumerate(ranked), key=_pick_order):
        if len(chosen) >= budget:
            break
        if any(_overlap(voice.terms, said.terms) >= REDUNDANT_OVERLAP
               or (rows is not None and float(rows[voice.text] @ rows[said.text]) >= REDUNDANT_COSINE)
               for _, said, _ in chosen):
            continue
        outlets = tuple(group.outlets)
        if voice.outlet in outlets and own_details(voice, group) and voice is not voices[number]:
            outlets = (voice.outlet,)  # a further voice of the group: its own details rest on its outlet alone
        chosen.append((place, voice, SummarySentence(voice.text, outlets, group.status, voice.article_id,
                                                     voice.index, number)))
    chosen.sort(key=lambda item: item[0])
    return [sentence for _, _, sentence in chosen]


def summary_as_dicts(summary: Sequence[SummarySentence]) -> list[dict]:
    """The summary as JSON-ready rows."""
    return [{"text": s.text, "outlets": list(s.outlets), "status": s.group_status, "article_id": s.article_id,
             "index": s.index, "group": s.group, "cited": s.cited} for s in summary]
