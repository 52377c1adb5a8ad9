"""WARC and WARC.gz archives: each HTML response (or resource) record is a page."""
from __future__ import annotations

from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from wirewatch.clean.encoding import UndecodableInput, decode_bytes
from wirewatch.ingest.fields import parse_timestamp
from wirewatch.ingest.sources import InputFile
from wirewatch.model import RawDocument, Skip

_PAGE_RECORDS = {"response", "resource"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(item: InputFile, *, max_bytes: int) -> Iterator[RawDocument | Skip]:
    """Yield the HTML pages of an archive; other records are passed over, broken ones reported."""
    # warcio reads the gzip members itself, which lets it stop cleanly at a truncated one.
    with item.open_raw() as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        index = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                unread = _size(item) - records.offset
                if unread > 0:
                    # warcio also stops quietly at a record header cut short: say what was left.
                    yield Skip(f"{item.source}#record{index + 1}", f"{unread} bytes at the end are not a readable WARC record")
                return
            except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
                yield Skip(f"{item.source}#record{index + 1}", f"malformed WARC record, rest of file not read ({exc})")
                return
            index += 1
            if record.rec_type not in _PAGE_RECORDS:
                continue
            yield _page(record, f"{item.source}#record{index}", max_bytes)


def _page(record, source: str, max_bytes: int) -> RawDocument | Skip:
    url = record.rec_headers.get_header("WARC-Target-URI")
    located = f"{source} {url}" if url else source
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return Skip(located, f"HTTP status {status}")
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type and not content_type.lower().startswith(_HTML_TYPES):
        return Skip(located, f"not an HTML page ({content_type.split(';')[0]})")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Skip(located, f"record larger than the {max_bytes:,}-byte limit (--max-bytes)")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        # warcio hands out a cut-off last record without complaint; its unread length tells.
        return Skip(located, f"truncated WARC record ({missing} bytes missing)")
    if not body.strip():
        return Skip(located, "empty record")
    try:
        html = decode_bytes(body, declared=_charset(content_type))
    except UndecodableInput as exc:
        return Skip(located, str(exc))
    return RawDocument(
        source=source,
        content=html,
        kind="html",
        url=url,
        fetched=parse_timestamp(record.rec_headers.get_header("WARC-Date")),
    )


def _size(item: InputFile) -> int:
    return len(item.data) if item.data is not None else item.path.stat().st_size


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
