"""From a raw document to a clean article: body, title, byline, outlet, language, date, id."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import PurePath

from wirewatch.clean.dates import resolve_text_date
from wirewatch.clean.html import extract_html
from wirewatch.clean.language import detect_language, load_language_model
from wirewatch.clean.text import TextAnalysis, analyse_text, finish_text
from wirewatch.clean.text_cues import load_cues
from wirewatch.ingest.fields import date_in_name, outlet_from_url
from wirewatch.model import Article, CleanedText, RawDocument, Skip

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalize_body(body: str) -> str:
    """The body as it is hashed: Unicode-normalized, case-folded, plain quotes, single spaces."""
    text = unicodedata.normalize("NFKC", body)
    if not text.isascii():  # the quotes and dashes _QUOTES maps are not ASCII
        text = text.translate(_QUOTES)
    return " ".join(text.casefold().split())  # str.split() splits on the same whitespace as \s


def warm_up() -> None:
    """Load what cleaning loads on first use (cue tables, language model); cheap once done."""
    load_cues()
    load_language_model()


def article_id(outlet: str | None, body: str) -> str:
    """16 hex digits of SHA-256 over outlet and normalized body: the same article gets the same id."""
    key = f"{(outlet or '').casefold().strip()}\n{normalize_body(body)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class CleanedDocument:
    """A document cleaned for the store.

    analysis: for text, its lines as the line cues judged them; ``reclean_text`` reuses it to
        remove the outlet's repeated lines without judging every line again.
    """

    result: Article | Skip
    analysis: TextAnalysis | None = None


def clean_document(raw: RawDocument, *, outlet: str | None = None, today: date | None = None) -> Article | Skip:
    """Clean one raw document into an article, or say why it has no article text.

    outlet: the user's ``--outlet``; it overrides what the document says.
    today: the reference date when the document has no crawl date (defaults to today, UTC).
    """
    return prepare_document(raw, outlet=outlet, today=today).result


def prepare_document(raw: RawDocument, *, outlet: str | None = None, today: date | None = None) -> CleanedDocument:
    """``clean_document``, keeping a text's line analysis for a second cleaning (see CleanedDocument)."""
    analysis = None
    if raw.kind == "html":
        extraction = extract_html(raw.content, url=raw.url)
        cleaned = CleanedText(body=extraction.body, title=extraction.title, author=extraction.author)
        found_date, date_source = extraction.published, "html"
        sitename, language = extraction.sitename, extraction.language
    else:
        analysis = analyse_text(raw.content, title_first_line=_title_is_first_line(raw))
        cleaned = finish_text(analysis)
        found_date, date_source = _text_date(raw, today)
        sitename, language = None, None
    if not cleaned.body.strip():
        return CleanedDocument(Skip(raw.source, "no article text left after cleaning"))
    if raw.published:
        found_date, date_source = raw.published, "field"
    chosen_outlet = outlet or raw.outlet or sitename or outlet_from_url(raw.url)
    article = Article(
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
    return CleanedDocument(article, analysis)


def _text_date(raw: RawDocument, today: date | None) -> tuple[date | None, str | None]:
    """The publication date a text gives, else the day in its file name, with where it came from."""
    if raw.published:
        return None, None  # the document's own field decides; reading the text would be wasted
    reference = raw.fetched.date() if raw.fetched else (today or datetime.now(timezone.utc).date())
    found = resolve_text_date(raw.content, reference)
    if found is not None:
        return found, "text"
    saved = saved_day(raw)
    return (saved, "fetched") if saved is not None else (None, None)


def saved_day(raw: RawDocument) -> date | None:
    """The day in a text file's name (``2023-08-10_slug.txt``) when the reader took it as the fetch date.

    Scrapers name files by the day they saved the page, so it stands in for a publication date
    the text does not give. A file's own time does not: a copy or a checkout resets it.
    """
    if raw.fetched is None:
        return None
    named = date_in_name(PurePath(raw.source).name)
    # The reader sets ``fetched`` to exactly this value when, and only when, it came from the name.
    return named.date() if named == raw.fetched else None


def _title_is_first_line(raw: RawDocument) -> bool:
    """Take the first line as the headline unless the document names its title elsewhere."""
    if raw.title is None:
        return True
    first = next((line.strip() for line in raw.content.splitlines() if line.strip()), "")
    return first == raw.title.strip()


def reclean_text(
    raw: RawDocument, article: Article, repeated_lines: frozenset[str], analysis: TextAnalysis | None = None
) -> Article:
    """The text article cleaned again with its outlet's repeated lines removed; its id is kept.

    The id stays that of the first cleaning, so it does not depend on what else was ingested.
    analysis: the first cleaning's line analysis (``prepare_document``); without it every
        line is judged again.
    """
    if analysis is None:
        analysis = analyse_text(raw.content, title_first_line=_title_is_first_line(raw))
    cleaned = finish_text(analysis, repeated_lines=repeated_lines)
    return replace(article, body=cleaned.body, removed=cleaned.removed)
