"""Telling what an input is from its first bytes, with the file name only as a hint."""
from __future__ import annotations

import re
from typing import Literal

Format = Literal["warc", "jsonl", "feed", "html", "text", "binary", "empty", "xml"]

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEAD = 8192


def sniff_format(head: bytes, name: str = "") -> Format:
    """Guess the format from the first bytes of the (decompressed) content."""
    lowered = name.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return "empty"
    if stripped.startswith(b"WARC/"):
        return "warc"
    if b"\x00" in head[:_HEAD] and not head.startswith(_UTF16_BOMS):
        return "binary"
    if stripped.startswith(b"{") and (lowered.endswith((".jsonl", ".ndjson", ".json")) or b"\n{" in stripped):
        return "jsonl"
    if stripped.startswith(b"{") and stripped.rstrip().endswith(b"}") and b"\n" not in stripped.strip():
        return "jsonl"
    if stripped.startswith(b"<"):
        window = stripped[:_HEAD]
        if _FEED_ROOT.search(window) and not re.search(rb"<html[\s>]", window, re.IGNORECASE):
            return "feed"
        if _HTML_START.search(window) or lowered.endswith((".html", ".htm", ".xhtml")):
            return "html"
        return "xml"
    if lowered.endswith((".html", ".htm")) and _HTML_START.search(stripped[:_HEAD]):
        return "html"
    if _looks_binary(stripped[:_HEAD]):
        return "binary"
    return "text"


def _looks_binary(sample: bytes) -> bool:
    """Many control characters (other than whitespace) mean this is not text in any encoding."""
    if not sample:
        return False
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.05
