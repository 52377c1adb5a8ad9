"""Bytes to text: UTF-8 first, then declared or detected charsets."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# A <meta charset> or http-equiv declaration sits in the first few KB of a page.
_META_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Bytes that never occur in text: NUL and most C0 controls (tab, newlines, form feed, ESC allowed).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BINARY_SHARE = 0.01
# Pages labelled latin-1 are in practice cp1252 (as the WHATWG encoding spec prescribes).
_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Charsets by how often web pages use them; breaks near-ties in detection.
_WEB_ORDER = ("utf_8", "cp1252", "cp1251", "cp1250", "iso8859_2", "gb18030", "gbk", "shift_jis", "euc_jp",
              "euc_kr", "big5", "cp1256", "cp1253", "cp1254", "cp1255", "koi8_r", "iso8859_15", "iso8859_9")
_WEB_RANK = {name: rank for rank, name in enumerate(_WEB_ORDER)}
_CHAOS_TIE = 0.02


class UndecodableInput(ValueError):
    """Raised when bytes look binary or no charset decodes them."""


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text, trying UTF-8, then the declared/meta charset, then detection.

    declared: the charset named by an HTTP or WARC header, when there is one.
    """
    if not data:
        return ""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8") or _fail("invalid UTF-8 after a UTF-8 BOM")
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16") or _fail("invalid UTF-16 after a UTF-16 BOM")
    if _looks_binary(data):
        raise UndecodableInput("input looks binary (control bytes), not text")
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    for charset in (declared, meta_charset(data)):
        text = _strict(data, charset) if charset else None
        if text is not None:
            return text
    return _detect(data)


def meta_charset(data: bytes) -> str | None:
    """Charset named by an HTML <meta> tag near the top of the page, if any."""
    match = _META_CHARSET.search(data[:_META_WINDOW])
    return match.group(1).decode("ascii") if match else None


def _strict(data: bytes, charset: str) -> str | None:
    """Text if the charset is known and decodes every byte, else None."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    name = _ALIASES.get(name, name)
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(data: bytes) -> bool:
    """True when the sample holds NULs or more control bytes than text ever has."""
    sample = data[:_META_WINDOW * 2]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls > _BINARY_SHARE * len(sample)


def _detect(data: bytes) -> str:
    """Decode with the most plausible charset, preferring common web charsets on near-ties."""
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableInput("no charset decodes this input")
    least_chaos = min(match.chaos for match in matches)
    # On short texts several single-byte charsets score alike; the common one is the safer bet.
    close = [match for match in matches if match.chaos <= least_chaos + _CHAOS_TIE]
    close.sort(key=lambda match: _WEB_RANK.get(match.encoding, len(_WEB_RANK)))
    return str(close[0])


def _fail(message: str) -> str:
    """Raise UndecodableInput; typed to sit after ``or`` in an expression."""
    raise UndecodableInput(message)
