"""A PETRARCH-compatible event coder: PETRARCH's dictionary formats, spaCy's dependency parse."""
from wirewatch.extract.petrarch.coder import PetrarchCoder, PetrarchEvent
from wirewatch.extract.petrarch.dictionaries import PetrarchDictionaries
from wirewatch.errors import DictionaryError, DictionaryNotFound

__all__ = ["DictionaryError", "DictionaryNotFound", "PetrarchCoder", "PetrarchDictionaries", "PetrarchEvent"]
