"""RSS and Atom feed files: each entry is an article."""
from __future__ import annotations

import io

from typing import Iterator

import feedparser
import lxml.html
from lxml.etree import ParserError

from wirewatch.ingest.fields import outlet_from_feed, parse_published
from wirewatch.ingest.sources import InputFile
from wirewatch.model import RawDocument, Skip

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section", "article"}


def read_feed(item: InputFile, data: bytes) -> Iterator[RawDocument | Skip]:
    """Yield an article per feed entry that carries text; report a feed that cannot be parsed."""
    # A stream, never bytes: feedparser reads bytes that spell a path or URL as that file or URL.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        reason = f"malformed feed ({problem})" if problem else "feed has no entries"
        yield Skip(item.source, reason)
        return
    # The feed's own title names the outlet better than its URL's host does, once its section is cut.
    feed = parsed.get("feed") or {}
    outlet = outlet_from_feed(feed.get("title"), feed.get("link"))
    for index, entry in enumerate(entries, start=1):
        source = f"{item.source}#entry{index}"
        text = _entry_text(entry)
        if not text:
            yield Skip(source, "feed entry has no content or summary")
            continue
        yield RawDocument(
            source=source,
            content=text,
            kind="text",
            title=(entry.get("title") or "").strip() or None,
            url=entry.get("link"),
            outlet=outlet,
            published=parse_published(entry.get("published_parsed") or entry.get("updated_parsed")),
            author=(entry.get("author") or "").strip() or None,
            language=_language(entry, parsed),
            fetched=item.modified,
        )


def _entry_text(entry) -> str:
    """The fullest HTML the entry has (content, else summary) as paragraphs of plain text."""
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    return html_fragment_to_text(best) if best.strip() else ""


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph a line (feed bodies are already main text)."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _language(entry, parsed) -> str | None:
    detail = entry.get("title_detail") or entry.get("summary_detail") or {}
    language = detail.get("language") or (parsed.get("feed") or {}).get("language")
    return language.split("-")[0].lower() if language else None
