"""Lines that repeat across many articles of one outlet: footers, slogans, app prompts.

A line is boilerplate for an outlet once it appears in ``MIN_ARTICLES`` of that outlet's
articles (counting the store and the batch being stored). Articles holding such a line are
cleaned again with it marked; the id computed before stays, so it does not depend on what
else was ingested before.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Sequence

from wirewatch.clean.article import reclean_text
from wirewatch.clean.text import line_key
from wirewatch.model import Article, RawDocument
from wirewatch.store.articles import outlet_line_counts

MIN_ARTICLES = 3
MAX_LINE_CHARS = 200


def outlet_line_keys(raw: RawDocument) -> set[str]:
    """The distinct keys of a text document's short lines, the candidates for repetition."""
    keys = set()
    for line in raw.content.splitlines():
        stripped = line.strip()
        if stripped and len(stripped) <= MAX_LINE_CHARS:
            keys.add(line_key(stripped))
    keys.discard("")
    return keys


def repeated_line_removals(
    conn: sqlite3.Connection,
    pairs: Sequence[tuple[RawDocument, Article]],
    line_keys: dict[str, set[str]],
) -> dict[str, Article]:
    """For new articles whose body holds a line repeated across their outlet, the article without it."""
    by_outlet: dict[str, list[tuple[RawDocument, Article]]] = defaultdict(list)
    for raw, article in pairs:
        if article.id in line_keys and article.outlet:
            by_outlet[article.outlet].append((raw, article))
    changed: dict[str, Article] = {}
    for outlet, members in by_outlet.items():
        batch_counts: Counter[str] = Counter()
        for _, article in {a.id: (r, a) for r, a in members}.values():
            batch_counts.update(line_keys[article.id])
        stored = outlet_line_counts(conn, outlet, batch_counts)
        repeated = frozenset(key for key, n in batch_counts.items() if n + stored.get(key, 0) >= MIN_ARTICLES)
        for raw, article in members:
            if line_keys[article.id] & repeated:
                changed[article.id] = reclean_text(raw, article, repeated)
    return changed
