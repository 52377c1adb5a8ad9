"""HTML page to main text and metadata: trafilatura on one parsed tree, htmldate on its own parse."""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from lxml.html import HtmlElement
from trafilatura import bare_extraction, html2txt, load_html
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document

from wirewatch.clean.dates import find_html_date
from wirewatch.clean.encoding import decode_bytes
from wirewatch.clean.language import detect_language
from wirewatch.clean.text_cues import load_cues
from wirewatch.model import HtmlExtraction

# trafilatura logs every page it cannot use at WARNING; an empty body already says so.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class HtmlSettings:
    """How main text is chosen; the defaults are the measured best (benchmarks/tune_html_extraction.py).

    favor_precision: trafilatura's precision mode, which leaves out headline, teasers and link lists.
    retry_max_chars, retry_page_share, retry_gain: when the precise text is shorter than
        retry_max_chars and covers less than retry_page_share of the page's text, run the
        balanced mode too and keep its text if it is retry_gain times longer.
    drop_title_line: drop a first line that repeats the title (the title has its own field).
    drop_boilerplate: drop lines that are promotion or navigation ("READ MORE:", "Sign up ...").
    """

    favor_precision: bool = True
    retry_max_chars: int = 2000
    retry_page_share: float = 0.4
    retry_gain: float = 2.0
    drop_title_line: bool = True
    drop_boilerplate: bool = True
    include_tables: bool = True


DEFAULT_SETTINGS = HtmlSettings()


def extract_html(html: str | bytes, *, url: str | None = None,
                 settings: HtmlSettings = DEFAULT_SETTINGS) -> HtmlExtraction:
    """Main text, title, author, publication date, site name, URL and language of an HTML page.

    url: where the page was fetched; used for dates in the URL and as the page's URL.
    The body is "" when the page has no recognisable main text.
    """
    text = decode_bytes(html) if isinstance(html, bytes) else html
    tree = load_html(text) if text.strip() else None
    if tree is None:
        return HtmlExtraction(body="", url=url)
    metadata = page_metadata(tree, url)
    body = tidy_body(main_text(tree, url, settings), metadata.title, settings)
    return HtmlExtraction(
        body=body,
        title=metadata.title or None,
        author=metadata.author or None,
        # htmldate gets its own parse: it reads HTML comments, which trafilatura's parser drops.
        published=find_html_date(text, url=url or metadata.url),
        sitename=metadata.sitename or None,
        url=url or metadata.url,
        language=page_language(body, tree),
    )


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, author, URL and site name as trafilatura's ``extract_metadata`` finds them.

    Its steps for these four fields, in its order; the rest of it (a fast htmldate run,
    categories, tags, licence: a sixth of a page's cleaning time) Wirewatch does not use.
    ``find_html_date`` decides the date. tests/clean/test_html.py holds the two to the same answers.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # trafilatura guards its JSON-LD reader the same way
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (host := META_URL.match(metadata.url)):
        metadata.sitename = host[1]
    metadata.clean_and_trim()
    return metadata


def main_text(tree: HtmlElement, url: str | None, settings: HtmlSettings) -> str:
    """trafilatura's main text, retried in balanced mode when precision mode kept too little."""
    text = _trafilatura_text(tree, url, settings, precision=settings.favor_precision)
    if settings.favor_precision and _needs_balanced_retry(text, tree, settings):
        balanced = _trafilatura_text(tree, url, settings, precision=False)
        if len(balanced) > settings.retry_gain * len(text):
            return balanced
    return text


def _trafilatura_text(tree: HtmlElement, url: str | None, settings: HtmlSettings, *, precision: bool) -> str:
    """Plain main text from one trafilatura pass; the tree is copied, not changed."""
    document = bare_extraction(
        tree,
        url=url,
        favor_precision=precision,
        include_comments=False,
        include_tables=settings.include_tables,
        include_formatting=False,
        include_links=False,
        include_images=False,
        with_metadata=False,
    )
    return (document.text or "") if document is not None else ""


def _needs_balanced_retry(text: str, tree: HtmlElement, settings: HtmlSettings) -> bool:
    """True when the precise text is short and a small share of the page's visible text."""
    # Measuring the page's text costs a pass over a copy of the tree: only for short bodies.
    return len(text) < settings.retry_max_chars and len(text) < settings.retry_page_share * len(html2txt(tree))


# ---------------------------------------------------------------------------
# Body tidying
# ---------------------------------------------------------------------------

def tidy_body(text: str, title: str | None, settings: HtmlSettings) -> str:
    """Body lines without a repeated headline or promotion lines, whitespace trimmed."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if settings.drop_title_line and lines and title and _same_words(lines[0], title):
        lines = lines[1:]
    if settings.drop_boilerplate:
        lines = [line for line in lines if not is_boilerplate_line(line)]
    return "\n".join(lines)


def is_boilerplate_line(line: str) -> bool:
    """True for a short promotion or navigation line such as "READ MORE: ..." or "Sign up ...".

    The patterns are data: ``[html_promo]`` in ``data/boilerplate_cues.toml``.
    """
    return load_cues().html_promo.matches(line)


def _same_words(first: str, second: str) -> bool:
    """True when the two strings have the same words, ignoring case, accents and punctuation."""
    return _word_key(first) == _word_key(second)


def _word_key(text: str) -> str:
    """Lower-case words without accents or punctuation, single-spaced."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"\w+", "".join(c for c in folded if not unicodedata.combining(c))))


# ---------------------------------------------------------------------------
# Language
# ---------------------------------------------------------------------------

def page_language(body: str, tree: HtmlElement) -> str | None:
    """ISO 639-1 code of the body's language, from the text or else the page's lang attribute."""
    found = detect_language(body)
    if found:
        return found
    declared = tree.get("lang") or tree.get("xml:lang") or ""
    code = declared.split("-")[0].split("_")[0].strip().lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
