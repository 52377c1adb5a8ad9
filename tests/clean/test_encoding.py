"""Bytes to text: UTF-8 first, then declared, meta and detected charsets."""
from __future__ import annotations

import codecs

import pytest

from wirewatch.clean.encoding import UndecodableInput, decode_bytes, meta_charset

FRENCH = "Le conseil municipal a voté jeudi la rénovation de la médiathèque, fermée depuis l'été dernier."
RUSSIAN = "Городской совет в четверг одобрил ремонт библиотеки, закрытой с прошлого лета."


def test_utf8_is_decoded_as_is():
    assert decode_bytes(FRENCH.encode("utf-8")) == FRENCH


def test_utf8_byte_order_mark_is_dropped():
    assert decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH


def test_utf16_with_byte_order_mark_is_decoded():
    assert decode_bytes(FRENCH.encode("utf-16")) == FRENCH


def test_empty_input_gives_empty_text():
    assert decode_bytes(b"") == ""


def test_declared_charset_is_used_when_utf8_fails():
    assert decode_bytes(RUSSIAN.encode("cp1251"), declared="windows-1251") == RUSSIAN


def test_meta_charset_is_used_when_nothing_is_declared():
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    assert RUSSIAN in decode_bytes(page.encode("cp1251"))


def test_http_equiv_meta_charset_is_read():
    page = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">'
    assert meta_charset(page) == "ISO-8859-2"


def test_unknown_declared_charset_is_ignored():
    assert decode_bytes(FRENCH.encode("cp1252"), declared="no-such-charset") == FRENCH


def test_latin1_label_decodes_windows_quotes():
    # Pages labelled ISO-8859-1 are cp1252 in practice: 0x93/0x94 are curly quotes, not controls.
    data = "Elle a dit \u201cnon\u201d au projet.".encode("cp1252")
    assert decode_bytes(data, declared="iso-8859-1") == "Elle a dit \u201cnon\u201d au projet."


def test_undeclared_western_text_is_detected():
    assert decode_bytes(FRENCH.encode("cp1252")) == FRENCH


def test_undeclared_cyrillic_text_is_detected():
    assert decode_bytes(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_binary_input_raises_undecodable_input():
    png_header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20
    with pytest.raises(UndecodableInput):
        decode_bytes(png_header)


def test_undecodable_input_is_a_value_error():
    assert issubclass(UndecodableInput, ValueError)


def test_invalid_utf8_after_utf8_bom_raises():
    with pytest.raises(UndecodableInput):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe")
