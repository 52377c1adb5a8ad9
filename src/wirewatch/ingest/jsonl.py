"""JSON Lines dumps: one article per line, ``text`` or ``html`` plus optional metadata."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Iterator

from wirewatch.ingest.fields import parse_published
from wirewatch.ingest.sources import InputFile
from wirewatch.model import RawDocument, Skip

OPTIONAL_FIELDS = ("title", "url", "outlet", "language", "author")


def read_jsonl(item: InputFile, *, max_bytes: int) -> Iterator[RawDocument | Skip]:
    """Yield one document per good line; a broken line is skipped with its line number."""
    with item.open() as stream:
        for number, line in enumerate(_lines(stream, max_bytes), start=1):
            source = f"{item.source}:{number}"
            if isinstance(line, Skip):
                yield Skip(source, line.reason)
                continue
            if not line.strip():
                continue
            yield _document_from_line(line, source, item.modified)


def _lines(stream, max_bytes: int) -> Iterator[bytes | Skip]:
    """Lines of the stream; a line over the limit is consumed and reported, not kept in memory."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Skip("", f"line larger than the {max_bytes:,}-byte limit (--max-bytes)")
            continue
        yield line


def _document_from_line(line: bytes, source: str, fetched: datetime) -> RawDocument | Skip:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Skip(source, f"broken JSON line ({exc.msg if hasattr(exc, 'msg') else exc})")
    if not isinstance(record, dict):
        return Skip(source, "JSON line is not an object")
    text, html = record.get("text"), record.get("html")
    if isinstance(html, str) and html.strip():
        content, kind = html, "html"
    elif isinstance(text, str) and text.strip():
        content, kind = text, "text"
    else:
        return Skip(source, "no 'text' or 'html' field with content")
    fields = {name: _string(record.get(name)) for name in OPTIONAL_FIELDS}
    return RawDocument(
        source=source,
        content=content,
        kind=kind,
        published=parse_published(record.get("published")),
        fetched=fetched,
        **fields,
    )


def _string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
