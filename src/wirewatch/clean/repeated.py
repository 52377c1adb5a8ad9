"""Lines that repeat across many articles of one outlet: footers, slogans, app prompts.

A line is boilerplate for an outlet once it appears in ``MIN_ARTICLES`` of that outlet's
articles (counting the store and the batch being stored). Articles holding such a line are
cleaned again with it marked (``reclean_text``, or round two in ``clean.workers``); the id
computed before stays, so it does not depend on what else was ingested before.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Mapping, Sequence

from wirewatch.clean.text import TextAnalysis, line_key
from wirewatch.model import Article, RawDocument
from wirewatch.store.articles import outlet_line_counts

MIN_ARTICLES = 3
MAX_LINE_CHARS = 200


def outlet_line_keys(raw: RawDocument, analysis: TextAnalysis | None = None) -> set[str]:
    """The distinct keys of a text document's short lines, the candidates for repetition.

    analysis: the document's line analysis, whose lines may carry their keys already.
    """
    known = analysis.line_keys() if analysis is not None else {}
    keys = set()
    for line in raw.content.splitlines():
        stripped = line.strip()
        if stripped and len(stripped) <= MAX_LINE_CHARS:
            key = known.get(stripped)
            keys.add(key if key is not None else line_key(stripped))
    keys.discard("")
    return keys


def repeated_lines_to_remove(
    conn: sqlite3.Connection,
    articles: Sequence[Article],
    line_keys: Mapping[str, frozenset[str]],
    open_keys: Sequence[frozenset[str] | None],
) -> dict[int, frozenset[str]]:
    """Which new text articles hold a line repeated across their outlet, and which lines.

    articles: a batch's articles; line_keys: the keys of each new text article's lines, by
        id (articles without an entry are left alone); open_keys: per position, the keys of
        the lines no cue judged (None: not known), the only lines that can be removed as
        repeated: an article whose repeated lines a cue removed already is not cleaned again.
    Returns, by position in ``articles``, the repeated keys to clean that article again with.
    """
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(articles):
        if article.id in line_keys and article.outlet:
            by_outlet[article.outlet].append(position)
    requests: dict[int, frozenset[str]] = {}
    for outlet, positions in by_outlet.items():
        batch_counts: Counter[str] = Counter()
        for article_id in dict.fromkeys(articles[p].id for p in positions):
            batch_counts.update(line_keys[article_id])
        stored = outlet_line_counts(conn, outlet, batch_counts)
        repeated = frozenset(key for key, n in batch_counts.items() if n + stored.get(key, 0) >= MIN_ARTICLES)
        for position in positions:
            if not line_keys[articles[position].id] & repeated:
                continue
            known_open = open_keys[position]
            keys = repeated if known_open is None else known_open & repeated
            if keys:
                requests[position] = keys
    return requests
