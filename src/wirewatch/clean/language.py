"""Telling the language of an article's text (py3langid, which ships its model)."""
from __future__ import annotations

MIN_CHARS = 100  # shorter texts are guessed too often wrong to be worth a code
SAMPLE_CHARS = 1000  # plenty to tell a language; the cost grows with the sample


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    import py3langid  # loads its model on import (~0.7 s): only once a text needs it

    return py3langid.classify(sample)[0]


def load_language_model() -> None:
    """Load the language model now rather than on the first text, e.g. before forking workers."""
    import py3langid

    py3langid.classify("model")
