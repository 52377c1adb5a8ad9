"""From a raw document to a clean article: body, title, byline, outlet, language, date, id."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timezone

from wirewatch.clean.dates import resolve_text_date
from wirewatch.clean.html import extract_html
from wirewatch.clean.language import detect_language
from wirewatch.clean.text import clean_text
from wirewatch.ingest.fields import outlet_from_url
from wirewatch.model import Article, CleanedText, RawDocument, Skip

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_SPACE = re.compile(r"\s+")


def normalize_body(body: str) -> str:
    """The body as it is hashed: Unicode-normalized, case-folded, plain quotes, single spaces."""
    text = unicodedata.normalize("NFKC", body).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def article_id(outlet: str | None, body: str) -> str:
    """16 hex digits of SHA-256 over outlet and normalized body: the same article gets the same id."""
    key = f"{(outlet or '').casefold().strip()}\n{normalize_body(body)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def clean_document(raw: RawDocument, *, outlet: str | None = None, today: date | None = None) -> Article | Skip:
    """Clean one raw document into an article, or say why it has no article text.

    outlet: the user's ``--outlet``; it overrides what the document says.
    today: the reference date when the document has no crawl date (defaults to today, UTC).
    """
    if raw.kind == "html":
        extraction = extract_html(raw.content, url=raw.url)
        cleaned = CleanedText(body=extraction.body, title=extraction.title, author=extraction.author)
        found_date, date_source = extraction.published, "html"
        sitename, language = extraction.sitename, extraction.language
    else:
        cleaned = clean_text(raw.content, title_first_line=_title_is_first_line(raw))
        reference = raw.fetched.date() if raw.fetched else (today or datetime.now(timezone.utc).date())
        found_date, date_source = resolve_text_date(raw.content, reference), "text"
        sitename, language = None, None
    if not cleaned.body.strip():
        return Skip(raw.source, "no article text left after cleaning")
    if raw.published:
        found_date, date_source = raw.published, "field"
    chosen_outlet = outlet or raw.outlet or sitename or outlet_from_url(raw.url)
    return Article(
        id=article_id(chosen_outlet, cleaned.body),
        body=cleaned.body,
        title=raw.title or cleaned.title,
        author=raw.author or cleaned.author,
        outlet=chosen_outlet,
        url=raw.url,
        published=found_date,
        language=raw.language or language or detect_language(cleaned.body),
        source=raw.source,
        kind=raw.kind,
        removed=cleaned.removed,
        date_source=date_source if found_date else None,
    )


def _title_is_first_line(raw: RawDocument) -> bool:
    """Take the first line as the headline unless the document names its title elsewhere."""
    if raw.title is None:
        return True
    first = next((line.strip() for line in raw.content.splitlines() if line.strip()), "")
    return first == raw.title.strip()


def reclean_text(raw: RawDocument, article: Article, repeated_lines: frozenset[str]) -> Article:
    """The text article cleaned again with its outlet's repeated lines removed; its id is kept.

    The id stays that of the first cleaning, so it does not depend on what else was ingested.
    """
    cleaned = clean_text(raw.content, repeated_lines=repeated_lines, title_first_line=_title_is_first_line(raw))
    return replace(article, body=cleaned.body, removed=cleaned.removed)
