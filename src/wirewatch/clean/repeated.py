"""Lines that repeat across many articles of one outlet: footers, slogans, app prompts.

A line is boilerplate for an outlet once it appears in ``MIN_ARTICLES`` of that outlet's
articles (counting the store and the batch being stored). It is taken out of the body after
the article's id is computed, so the id does not depend on what else was ingested before.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Sequence

from wirewatch.clean.article import with_removed_lines
from wirewatch.clean.text import line_key
from wirewatch.model import Article, RawDocument, RemovedLine
from wirewatch.store.articles import outlet_line_counts

MIN_ARTICLES = 3
MAX_LINE_CHARS = 200
REASON = "repeated-in-outlet"


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
        repeated = {key for key, n in batch_counts.items() if n + stored.get(key, 0) >= MIN_ARTICLES}
        if not repeated:
            continue
        for raw, article in members:
            extra = _removals(raw, article, repeated)
            if extra:
                changed[article.id] = with_removed_lines(article, extra)
    return changed


def _removals(raw: RawDocument, article: Article, repeated: set[str]) -> tuple[RemovedLine, ...]:
    body_lines = {line.strip() for line in article.body.split("\n")}
    already = {line.line_no for line in article.removed}
    found = []
    for number, line in enumerate(raw.content.splitlines()):
        stripped = line.strip()
        if number not in already and stripped in body_lines and len(stripped) <= MAX_LINE_CHARS and line_key(stripped) in repeated:
            found.append(RemovedLine(number, stripped, REASON))
    return tuple(found)
