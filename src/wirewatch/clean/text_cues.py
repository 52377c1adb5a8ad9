"""Boilerplate cues, loaded once from ``data/boilerplate_cues.toml``: plain-text families, HTML promo lines."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

_CUES_FILE = "boilerplate_cues.toml"
_SPACES = re.compile(r"\s+")
_RUNS = re.compile(r"\s\s|[^\S ]")  # whitespace that collapsing would change


@dataclass(frozen=True)
class CueFamily:
    """One kind of boilerplate line (share bar, caption, footer...) and how to spot it.

    penalty: how much such a line counts against the article block around it.
    barrier: the article block never extends across such a line.
    ends_article: prose after such a line (comments, footer) counts for less.
    """

    name: str
    reason: str
    # The family's patterns joined into two alternations: those anchored at the
    # line start (tried there only, which is much faster) and the others.
    anchored: re.Pattern[str] | None
    floating: re.Pattern[str] | None
    max_words: int
    penalty: float
    barrier: bool
    ends_article: bool = False

    def matches(self, line: str, n_words: int) -> bool:
        """True when ``line`` (whitespace-collapsed) is short enough and fits a pattern."""
        if n_words > self.max_words:
            return False
        if self.anchored is not None and self.anchored.match(line):
            return True
        return self.floating is not None and self.floating.search(line) is not None


@dataclass(frozen=True)
class PromoLines:
    """Promotion and navigation lines trimmed from HTML main text ("READ MORE: ...", "Sign up ...")."""

    pattern: re.Pattern[str] | None
    max_chars: int

    def matches(self, line: str) -> bool:
        """True for a line no longer than ``max_chars`` that starts like one of the patterns."""
        return len(line) <= self.max_chars and self.pattern is not None and self.pattern.match(line) is not None


@dataclass(frozen=True)
class BoilerplateCues:
    """Everything the cleaners read from the data file."""

    version: int
    families: tuple[CueFamily, ...]
    byline_prefixes: frozenset[str]
    byline_stop_words: frozenset[str]
    byline_not_names: frozenset[str]
    stopwords: frozenset[str]
    feed_section_words: frozenset[str] = frozenset()
    html_promo: PromoLines = PromoLines(None, 0)

    def family(self, name: str) -> CueFamily | None:
        """The family called ``name`` in the data file, or None."""
        return next((f for f in self.families if f.name == name), None)

    def classify(self, line: str, n_words: int) -> CueFamily | None:
        """The first family (in file order) that ``line`` belongs to, or None."""
        if n_words > self._most_words:
            return None
        collapsed = _SPACES.sub(" ", line).strip() if _RUNS.search(line) else line.strip()
        # CueFamily.matches, unrolled: this runs for every line of every page.
        for max_words, match, search, family in self._checks:
            if n_words <= max_words and (
                (match is not None and match(collapsed)) or (search is not None and search(collapsed))
            ):
                return family
        return None

    @cached_property
    def _checks(self) -> tuple:
        return tuple(
            (f.max_words, f.anchored.match if f.anchored else None, f.floating.search if f.floating else None, f)
            for f in self.families
        )

    @cached_property
    def _most_words(self) -> int:
        return max((f.max_words for f in self.families), default=-1)

def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _family_from_table(name: str, table: dict) -> CueFamily:
    patterns = table["patterns"]
    return CueFamily(
        name=name,
        reason=table.get("reason", name),
        anchored=_alternation([p[1:] for p in patterns if p.startswith("^")]),
        floating=_alternation([p for p in patterns if not p.startswith("^")]),
        max_words=int(table.get("max_words", 12)),
        penalty=float(table.get("penalty", 2.0)),
        barrier=bool(table.get("barrier", False)),
        ends_article=bool(table.get("ends_article", False)),
    )


def _promo_lines(table: dict) -> PromoLines:
    starts = table.get("line_starts", [])
    # Up to 3 non-word characters (a bullet, quotes, "--") may come before the start.
    pattern = re.compile(r"^\W{0,3}(?:" + "|".join(f"(?:{p})" for p in starts) + ")", re.IGNORECASE) if starts else None
    return PromoLines(pattern, int(table.get("max_chars", 0)))


def parse_cues(document: dict) -> BoilerplateCues:
    """Build the cue tables from a parsed TOML document (the data file's layout)."""
    families = tuple(_family_from_table(name, table) for name, table in document["families"].items())
    byline = document.get("byline", {})
    stopwords = frozenset(word for words in document.get("stopwords", {}).values() for word in words)
    return BoilerplateCues(
        version=int(document.get("version", 0)),
        families=families,
        byline_prefixes=frozenset(w.casefold() for w in byline.get("prefixes", ["by"])),
        byline_stop_words=frozenset(w.casefold() for w in byline.get("stop_words", [])),
        byline_not_names=frozenset(w.casefold() for w in byline.get("not_names", [])),
        stopwords=stopwords,
        feed_section_words=frozenset(w.casefold() for w in document.get("feed_titles", {}).get("section_words", [])),
        html_promo=_promo_lines(document.get("html_promo", {})),
    )


@lru_cache(maxsize=1)
def load_cues() -> BoilerplateCues:
    """The packaged cue tables, parsed and compiled on first use, then cached."""
    text = resources.files("wirewatch").joinpath("data", _CUES_FILE).read_text(encoding="utf-8")
    return parse_cues(tomllib.loads(text))
