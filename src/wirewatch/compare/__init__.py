"""Compare the sources of a story: claims, fact vs. commentary, alignment across articles, corroboration.

    from wirewatch.compare import compare_story, comparison_as_dict
    comparison = compare_story(conn, story_id)
    for group in comparison.groups: group.status, group.outlets, group.independent_outlets, group.claims

Modules: ``claims`` (split articles into claims), ``commentary`` (report / attributed /
commentary scorer), ``align`` (claims stating the same fact), ``facts`` (do details agree),
``corroborate`` (group statuses and source independence), ``story`` (the store adapter).
"""
from wirewatch.compare.align import ALIGN_THRESHOLD, Alignment, ClaimVectors, align_claims
from wirewatch.compare.claims import ArticleText, Claim, article_claims, claims_of_doc
from wirewatch.compare.commentary import SentenceScore, sentence_kind, sentence_score
from wirewatch.compare.corroborate import ArticleInfo, ClaimGroup, families, mark_group
from wirewatch.compare.story import (
    ClaimMark,
    Comparer,
    StoryComparison,
    compare_articles,
    compare_story,
    comparison_as_dict,
)

__all__ = [
    "ALIGN_THRESHOLD", "Alignment", "ArticleInfo", "ArticleText", "Claim", "ClaimGroup", "ClaimMark",
    "ClaimVectors", "Comparer", "SentenceScore", "StoryComparison", "align_claims", "article_claims",
    "claims_of_doc", "compare_articles", "compare_story", "comparison_as_dict", "families", "mark_group",
    "sentence_kind", "sentence_score",
]
