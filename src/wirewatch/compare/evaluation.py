"""Wirewatch's outlet comparer as a system of the ``evaluate compare`` harness (no store).

The harness gives each story's articles as sentences it split itself (``ArticleSentences``),
and scores marks per *those* sentences. So each given sentence is analysed on its own: its
claims (one, or two when a sentence states two facts; none for a heading or fragment) are cut
from it alone, renumbered in article order and placed at the sentence's offset in the joined
body, and a sentence's marks are the union of its claims' marks. The claims are then aligned
and marked exactly as ``compare_story`` does (``compare_articles``).

Marks per sentence: the status of each of its claims' groups ("corroborated", "single-source",
"conflict", "commentary"), plus "commentary" or "attributed" from the claim's own kind (a
commentary clause inside a corroborated group is still commentary).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from wirewatch.compare.claims import Claim, claims_of_doc
from wirewatch.compare.corroborate import ArticleInfo
from wirewatch.compare.story import Comparer, StoryComparison, compare_articles
from wirewatch.compare.summary import SUMMARY_SENTENCES, summarize_story
from wirewatch.evaluate.compare_data import ArticleSentences


def sentence_claims(articles: Sequence[ArticleSentences], batch_size: int = 64) -> dict[str, list[list[Claim]]]:
    """Per article, per given sentence, the claims cut from that sentence alone (numbered in article order)."""
    from wirewatch.extract.nlp import analyse

    texts = [s for a in articles for s in a.sentences]
    docs = iter(analyse(texts, batch_size=batch_size))
    found: dict[str, list[list[Claim]]] = {}
    for article in articles:
        per_sentence, offset, index = [], 0, 0
        for sentence in article.sentences:
            claims = []
            for claim in claims_of_doc(next(docs), article.id, article.outlet, article.published):
                claims.append(replace(claim, index=index, start=claim.start + offset, end=claim.end + offset))
                index += 1
            per_sentence.append(claims)
            offset += len(sentence) + 1     # the sentences joined by "\n"
        found[article.id] = per_sentence
    return found


def _infos(articles: Sequence[ArticleSentences]) -> list[ArticleInfo]:
    return [ArticleInfo(a.id, a.outlet, a.title, a.published.isoformat() if a.published else None)
            for a in articles]


class WirewatchComparer:
    """``mark`` and ``summarize`` of the harness protocol, by Wirewatch's comparison stage.

    comparer: holds the embedder and the claim-vector cache; default a fresh ``Comparer``
        (MiniLM). Pass ``Comparer(embedder)`` to use another embedder.
    """

    def __init__(self, comparer: Comparer | None = None, sentences: int = SUMMARY_SENTENCES):
        self.comparer = comparer or Comparer()
        self.sentences = sentences

    def compare(self, articles: Sequence[ArticleSentences]) -> tuple[StoryComparison, dict[str, list[list[Claim]]]]:
        """The comparison of these articles, and their claims per given sentence."""
        per_sentence = sentence_claims(articles)
        claims = {article_id: [c for found in rows for c in found] for article_id, rows in per_sentence.items()}
        story_id = "|".join(a.id for a in articles)
        return compare_articles(story_id, _infos(articles), claims, self.comparer.vectors), per_sentence

    def mark(self, articles: Sequence[ArticleSentences]) -> list[list[set[str]]]:
        comparison, per_sentence = self.compare(articles)
        result = []
        for article in articles:
            status = {m.index: m.status for m in comparison.marks[article.id]}
            rows = []
            for claims in per_sentence[article.id]:
                marks: set[str] = set()
                for claim in claims:
                    marks.add(status[claim.index])
                    if claim.kind in ("commentary", "attributed"):
                        marks.add(claim.kind)
                rows.append(marks)
            result.append(rows)
        return result

    def summarize(self, articles: Sequence[ArticleSentences]) -> list[str]:
        comparison, _ = self.compare(articles)
        return [s.text for s in summarize_story(comparison, sentences=self.sentences,
                                                vectors=self.comparer.vectors)]
