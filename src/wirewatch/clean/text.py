"""Line-level boilerplate cleaner for plain article text (scraped text or whole-page text).

Every non-blank input line ends up in exactly one place: the body, the title,
or ``removed`` with a reason, so nothing is lost silently. Lines are judged in
two passes:

1. Line cues: a line that is a byline, a known kind of boilerplate (share
   bar, "READ ALSO" teaser, player debris... see ``data/boilerplate_cues.toml``),
   a repeat of the title, or a line the caller saw repeat across the outlet's
   articles is removed wherever it stands, with the cue's name as reason.
2. Article block: the remaining lines are scored as prose or fragments and the
   contiguous run with the largest score is the article (``text_lines``). On a
   clean article that run is the whole text; on whole-page text it cuts away
   menus, teaser lists, comments and footers around the story. Lines outside
   it are removed as ``navigation`` (short) or ``outside-article``.

Reasons used: the cue families' names, ``byline``, ``title-repeat``,
``repeated-in-outlet``, ``short-fragment`` (no letter or digit at all),
``navigation`` and ``outside-article``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from wirewatch.clean.byline import (
    headline_variants,
    is_bare_byline_word,
    looks_like_headline,
    parse_byline,
)
from wirewatch.clean.text_cues import BoilerplateCues, load_cues
from wirewatch.clean.text_lines import (
    DEFAULT_SETTINGS,
    LineShape,
    TextCleanerSettings,
    best_block,
    discount_after_endings,
    discount_isolated_prose,
    escalate_long_gaps,
    line_shape,
    page_has_stopwords,
    prose_value,
    start_after_headline,
)
from wirewatch.model import CleanedText, RemovedLine

__all__ = ["clean_text", "analyse_text", "finish_text", "line_key", "TextAnalysis", "TextCleanerSettings"]

# A count after the words of a line with no other digit: "share 87", "comments (12", "shares: 1.2k".
_TRAILING_COUNTER = re.compile(r"(?P<head>\D*[^\W\d_])[\s:]*[(\[]?(?P<count>\d[\d,.]*)\s*[km]?\+?")
_COUNTER_ENDS = frozenset("0123456789km+")
_YEAR = re.compile(r"(?:19|20)\d\d")
# "Aug 10" is a day, not a count.
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_EDGE_PUNCT = " \t.,;:!?|-–—•·*\"'“”‘’()[]"
_NO_ALNUM = re.compile(r"^[\W_]*$")
_BYLINE_PENALTY = 1.0
_REPEAT_PENALTY = 3.0


def line_key(line: str) -> str:
    """Normalize a line for matching repeats across an outlet's articles.

    NFKC, casefold, whitespace collapsed, punctuation trimmed at both ends, and a
    trailing counter dropped ("Share 1,204", "Comments (12)"): such lines repeat
    with a different count on every page. Other numbers stay, so datelines and
    stamps of different days ("SEOUL, Aug 10", "Friday, August 4, 2023 | 13:10")
    are different lines.
    """
    text = " ".join(unicodedata.normalize("NFKC", line).casefold().split()).strip(_EDGE_PUNCT)
    if text and text[-1] in _COUNTER_ENDS:
        counted = _TRAILING_COUNTER.fullmatch(text)
        if counted and not _YEAR.fullmatch(counted["count"]) and counted["head"].rsplit(" ", 1)[-1] not in _MONTHS:
            text = counted["head"].strip(_EDGE_PUNCT)
    return text


@dataclass(slots=True)
class _Line:
    """One non-blank input line while it is being judged."""

    no: int
    text: str
    shape: LineShape
    reason: str | None = None  # set once a line cue has removed it
    penalty: float = 0.0
    barrier: bool = False
    ends_article: bool = False
    author: str | None = None
    repeats_headline: bool = False  # the page's headline again: the story starts near it
    open: bool = False  # no cue judged it: a repeat across the outlet would remove it
    key: str | None = None  # line_key(text), once needed


def _headline_candidate(lines: list[tuple[int, str]], cues: BoilerplateCues) -> tuple[int | None, str | None]:
    """The first non-blank line when it reads as a headline (not a cue, not a byline)."""
    no, text = lines[0]
    if not looks_like_headline(text) or parse_byline(text, cues)[0]:
        return None, None
    if cues.classify(text, len(re.findall(r"\w+", text))) is not None:
        return None, None
    return no, text


def _is_between_paragraphs(lines: list[_Line], i: int) -> bool:
    """True when both neighbours of line ``i`` are long sentences: it sits inside the story."""
    if i == 0 or i + 1 >= len(lines):
        return False
    return all(n.shape.terminal and n.shape.words >= 10 for n in (lines[i - 1], lines[i + 1]))


def _mark_bylines(lines: list[_Line], cues: BoilerplateCues) -> None:
    """Remove byline lines (and a bare "By" with its name line) and keep the names."""
    for i, line in enumerate(lines):
        if line.reason:
            continue
        if is_bare_byline_word(line.text, cues) and i + 1 < len(lines):
            name_line = lines[i + 1]
            is_byline, author = parse_byline(f"{line.text} {name_line.text}", cues)
            if is_byline and name_line.shape.words <= 6:
                line.reason, line.penalty, line.author = "byline", _BYLINE_PENALTY, author
                name_line.reason, name_line.penalty = "byline", _BYLINE_PENALTY
            continue
        is_byline, author = parse_byline(line.text, cues)
        # A capitalised line such as "Von Häfen und Märkten" between two
        # paragraphs is a subheading (German capitalises nouns), not a byline.
        if is_byline and not _is_between_paragraphs(lines, i):
            line.reason, line.penalty, line.author = "byline", _BYLINE_PENALTY, author


def _mark_line_cues(lines: list[_Line], cues: BoilerplateCues, headline: str | None, title_taken: bool) -> None:
    """Remove lines that are boilerplate on their own, wherever they stand.

    headline: the first line when it reads as a headline; its repeats anchor the
        story's start. They are removed as ``title-repeat`` only when that line
        was taken as the title (otherwise the caller said it is not one).
    Lines no cue judges are marked ``open``: the outlet's repeated lines are
    matched against those only (``finish_text``), since a cue names what a line
    is and "repeated" only says it recurs.
    """
    headline_keys = {line_key(v) for v in headline_variants(headline)} if headline else set()
    for line in lines:
        if headline_keys:  # line_key is the costly part of this pass
            line.key = line_key(line.text)
            line.repeats_headline = line.key in headline_keys
        if line.reason:
            continue
        if title_taken and line.repeats_headline:
            line.reason, line.penalty = "title-repeat", _BYLINE_PENALTY
        elif family := cues.classify(line.text, line.shape.words):
            line.reason, line.penalty = family.reason, family.penalty
            line.barrier, line.ends_article = family.barrier, family.ends_article
        else:
            line.open = True
            if _NO_ALNUM.match(line.text):
                line.reason, line.penalty = "short-fragment", 0.0


def _demote_comment_buttons(lines: list[_Line], cues: BoilerplateCues) -> None:
    """A "Comments" line inside a share bar is a button, not the start of a comment thread."""
    share = cues.family("share")
    if share is None:
        return
    for i, line in enumerate(lines):
        if line.reason != "comments":
            continue
        neighbours = lines[max(0, i - 1) : i] + lines[i + 1 : i + 2]
        if any(n.reason == share.reason for n in neighbours):
            line.reason, line.penalty = share.reason, share.penalty
            line.barrier = line.ends_article = False


def _select_block(
    lines: list[_Line], reasons: list[str | None], penalties: list[float], settings: TextCleanerSettings
) -> tuple[int, int] | None:
    """Bounds (indices into ``lines``) of the article's run of lines, or None when no line is prose."""
    use_stopwords = page_has_stopwords([l.shape for l, r in zip(lines, reasons) if not r], settings)
    raw = [-penalty if reason else prose_value(line.shape, settings, use_stopwords)
           for line, reason, penalty in zip(lines, reasons, penalties)]
    paragraphs = [value >= settings.paragraph_value for value in raw]
    values = discount_isolated_prose(raw, [bool(reason) for reason in reasons], settings.isolated_factor)
    values = escalate_long_gaps(values, paragraphs, settings.gap_growth)
    barriers = [line.barrier for line in lines]
    values = discount_after_endings(values, [line.ends_article for line in lines], barriers, settings)
    block = best_block(values, barriers)
    if block is None:
        return None
    headlines = [line.repeats_headline for line in lines]
    return start_after_headline(values, block, headlines, settings.min_article_value)


def _mark_outside_block(
    lines: list[_Line], reasons: list[str | None], block: tuple[int, int] | None, settings: TextCleanerSettings
) -> None:
    """Give every still-unjudged line outside the article block a reason (in ``reasons``)."""
    if block is None:
        return  # nothing reads as prose: keep what the cues left rather than guess
    start, end = block
    for i, line in enumerate(lines):
        if reasons[i] or start <= i <= end:
            continue
        short = line.shape.words <= settings.navigation_words and not line.shape.terminal
        reasons[i] = "navigation" if short else "outside-article"


def _pick_author(lines: list[_Line], block: tuple[int, int] | None) -> str | None:
    """The named byline closest to the article's start, preferring one above it."""
    named = [(i, line.author) for i, line in enumerate(lines) if line.author]
    if not named:
        return None
    start = block[0] if block else 0
    above = [item for item in named if item[0] <= start]
    return (above[-1] if above else named[0])[1]


@dataclass(frozen=True)
class TextAnalysis:
    """A text's lines judged by the line cues: everything before the outlet's repeats and the block.

    ``finish_text`` turns it into a ``CleanedText``, as often as needed: cleaning the
    text again with its outlet's repeated lines costs only the block search.
    """

    text: str
    title: str | None
    lines: tuple[_Line, ...]

    def open_keys(self) -> frozenset[str]:
        """``line_key`` of each line no cue judged: the only lines a repeated line can change."""
        return frozenset(_key(line) for line in self.lines if line.open)

    def line_keys(self) -> dict[str, str]:
        """The ``line_key`` of each line whose key was worked out already, by line text."""
        return {line.text: line.key for line in self.lines if line.key is not None}

    def __reduce__(self):
        # Sent back from worker processes with every text article: as rows of plain values,
        # without the line texts (cut from the text again on arrival), it pickles much faster.
        rows = tuple(
            (l.no, *l.shape, l.reason, l.penalty, l.barrier, l.ends_article, l.author, l.repeats_headline,
             l.open, l.key)
            for l in self.lines
        )
        return _unpack_analysis, (self.text, self.title, rows)


def _unpack_analysis(text: str, title: str | None, rows: tuple) -> TextAnalysis:
    raw_lines = text.splitlines()
    make_shape, fields = LineShape._make, len(LineShape._fields)
    lines = tuple(_Line(row[0], raw_lines[row[0]].strip(), make_shape(row[1 : fields + 1]), *row[fields + 1 :])
                  for row in rows)
    return TextAnalysis(text, title, lines)


def _key(line: _Line) -> str:
    if line.key is None:
        line.key = line_key(line.text)
    return line.key


def analyse_text(text: str, *, title_first_line: bool = True) -> TextAnalysis:
    """Judge each line of ``text`` by the line cues (first pass of ``clean_text``)."""
    cues = load_cues()
    numbered = [(no, raw.strip()) for no, raw in enumerate(text.splitlines()) if raw.strip()]
    if not numbered:
        return TextAnalysis(text, None, ())
    headline_no, headline = _headline_candidate(numbered, cues)
    title_no, title = (headline_no, headline) if title_first_line else (None, None)
    lines = [_Line(no, t, line_shape(t, cues.stopwords)) for no, t in numbered if no != title_no]
    _mark_bylines(lines, cues)
    _mark_line_cues(lines, cues, headline, title_taken=title is not None)
    _demote_comment_buttons(lines, cues)
    return TextAnalysis(text, title, tuple(lines))


def finish_text(
    analysis: TextAnalysis,
    *,
    repeated_lines: frozenset[str] = frozenset(),
    settings: TextCleanerSettings | None = None,
) -> CleanedText:
    """The article block of an analysed text, with the outlet's repeated lines removed (second pass)."""
    settings = settings or DEFAULT_SETTINGS
    lines = list(analysis.lines)
    if not lines:
        return CleanedText(body="", title=analysis.title)
    reasons = [line.reason for line in lines]
    penalties = [line.penalty for line in lines]
    if repeated_lines:
        for i, line in enumerate(lines):
            if line.open and _key(line) in repeated_lines:
                reasons[i], penalties[i] = "repeated-in-outlet", _REPEAT_PENALTY
    block = _select_block(lines, reasons, penalties, settings)
    _mark_outside_block(lines, reasons, block, settings)
    body = "\n".join(line.text for line, reason in zip(lines, reasons) if not reason)
    removed = tuple(RemovedLine(line.no, line.text, reason) for line, reason in zip(lines, reasons) if reason)
    return CleanedText(body=body, title=analysis.title, author=_pick_author(lines, block), removed=removed)


def clean_text(
    text: str,
    *,
    repeated_lines: frozenset[str] = frozenset(),
    title_first_line: bool = True,
    settings: TextCleanerSettings | None = None,
) -> CleanedText:
    """Split plain text into body, title, author and the removed lines with their reasons.

    The body is the kept lines, stripped of surrounding whitespace, joined by newlines;
    ``RemovedLine.text`` is the stripped line and ``line_no`` its 0-based index in
    ``text.splitlines()``.

    repeated_lines: ``line_key`` values of lines seen across many of the outlet's
        articles; such lines are removed as ``repeated-in-outlet``.
    title_first_line: take the first non-blank line as the title when it reads as a
        headline. The title is metadata: it is neither in ``body`` nor in ``removed``.
    settings: weights of the article-block search (defaults tuned on the benchmark).
    """
    analysis = analyse_text(text, title_first_line=title_first_line)
    return finish_text(analysis, repeated_lines=repeated_lines, settings=settings)
