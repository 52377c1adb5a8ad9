"""Reading any supported input into raw documents: the one entry point of the ingest stage."""
from __future__ import annotations

from typing import BinaryIO, Iterator, Sequence

from wirewatch.clean.encoding import UndecodableInput, decode_bytes
from wirewatch.ingest.feeds import read_feed
from wirewatch.ingest.fields import date_in_name
from wirewatch.ingest.jsonl import read_jsonl
from wirewatch.ingest.sniff import sniff_format
from wirewatch.ingest.sources import DEFAULT_MAX_BYTES, CorruptInput, InputFile, TooLarge, iter_input_files
from wirewatch.ingest.warc import read_warc
from wirewatch.model import RawDocument, Skip

_HEAD_BYTES = 8192


def read_documents(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | Skip]:
    """Every article found under ``paths`` (files, folders, ``-`` for standard input), or why not.

    Nothing raises for bad input: each problem becomes a ``Skip`` with a one-line reason.
    """
    for item in iter_input_files(paths, stdin=stdin):
        if isinstance(item, Skip):
            yield item
            continue
        yield from read_input(item, max_bytes=max_bytes)


def read_input(item: InputFile, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Skip]:
    """The documents of one input file, dispatched on its sniffed format."""
    try:
        head = item.head(_HEAD_BYTES)
    except CorruptInput as exc:
        yield Skip(item.source, str(exc))
        return
    except OSError as exc:
        yield Skip(item.source, f"cannot read: {exc.strerror or exc}")
        return
    kind = sniff_format(head, item.name)
    try:
        if kind == "warc":
            yield from read_warc(item, max_bytes=max_bytes)
        elif kind == "jsonl":
            yield from read_jsonl(item, max_bytes=max_bytes)
        elif kind == "empty":
            yield Skip(item.source, "empty file")
        elif kind == "binary":
            yield Skip(item.source, "binary file, not text")
        elif kind == "xml":
            yield Skip(item.source, "XML that is neither a feed nor an HTML page")
        else:
            yield from _read_whole(item, kind, max_bytes)
    except (OSError, EOFError, CorruptInput) as exc:
        # A truncated gzip or an I/O error mid-file: what was read before is kept.
        yield Skip(item.source, f"reading stopped early: {exc}")


def _read_whole(item: InputFile, kind: str, max_bytes: int) -> Iterator[RawDocument | Skip]:
    try:
        data = item.read(max_bytes)
    except (TooLarge, CorruptInput) as exc:
        yield Skip(item.source, str(exc))
        return
    if kind == "feed":
        yield from read_feed(item, data)
        return
    try:
        content = decode_bytes(data)
    except UndecodableInput as exc:
        yield Skip(item.source, str(exc))
        return
    if not content.strip():
        yield Skip(item.source, "empty file")
        return
    yield RawDocument(source=item.source, content=content, kind=kind, fetched=date_in_name(item.name) or item.modified)
