"""Line shapes and the search for the article's block of lines in whole-page text.

A naive scraper's page text is menus, teasers and footers around one run of
article paragraphs. Each line gets a value: positive for prose-like lines
(long, ending like a sentence, rich in function words), negative for
fragments (menu items, headlines of other stories, buttons). The article is
the contiguous run of lines with the largest total value; short subheadings
and ad labels inside it cost little, so the run bridges them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CLOSERS = "\"'”’»)]›」』*"
_SENTENCE_END = ".!?…。！？"


@dataclass(frozen=True)
class TextCleanerSettings:
    """Weights of the article-block search; defaults set on the AEB DEV pages (a flat optimum).

    Line values (``prose_value``):
      long_words: a sentence-ending line this long is a paragraph, worth its size.
      prose_words: a line this long is prose even without a sentence ending,
          worth ``unended_prose_factor`` of its size.
      short_sentence_words, short_sentence_factor: shorter sentence-ending lines.
      fragment_penalty, fragment_word_penalty: the cost of any other line.
      title_case_ratio: a shorter line with this share of Capitalised content words
          is a headline (of another story), not a sentence.
      min_stop_ratio, low_stop_factor: prose with few function words (name lists,
          keyword soup) is discounted, on pages whose language has listed
          function words (``page_stop_ratio``).
    Block search:
      isolated_factor: scale for prose with no prose neighbour (teaser summaries).
      gap_growth: each further line of a run of fragments costs this much more;
          a run ends at a line worth ``paragraph_value`` or more.
      after_ending_factor, min_article_value: prose after a comments header counts
          this much once an article worth ``min_article_value`` came before it;
          the same mass must follow a repeated headline for the story to start there.
      navigation_words: lines outside the block this short are named ``navigation``.
    """

    long_words: int = 10
    prose_words: int = 25
    short_sentence_words: int = 5
    short_sentence_factor: float = 0.5
    unended_prose_factor: float = 0.6
    fragment_penalty: float = 2.0
    fragment_word_penalty: float = 0.3
    title_case_ratio: float = 0.7
    min_stop_ratio: float = 0.12
    low_stop_factor: float = 0.3
    page_stop_ratio: float = 0.1
    isolated_factor: float = 0.4
    gap_growth: float = 0.5
    paragraph_value: float = 5.0
    after_ending_factor: float = 0.1
    min_article_value: float = 30.0
    navigation_words: int = 4


DEFAULT_SETTINGS = TextCleanerSettings()


class LineShape(NamedTuple):
    """Surface features of one line that tell prose from page furniture.

    A named tuple: one is made for every line of every page, and sent between processes.
    """

    words: int
    size: float
    terminal: bool
    full_stop: bool  # ends with "." (not "?", "!" or "...")
    stop_ratio: float
    title_ratio: float


def ends_like_sentence(line: str) -> bool:
    """True when the line ends with sentence punctuation, maybe inside quotes or brackets."""
    core = line.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def line_shape(line: str, stopwords: frozenset[str]) -> LineShape:
    """Measure a stripped line; size counts CJK characters as half-words (no spaces there)."""
    if line.isascii():
        # Lower-casing ASCII keeps every token's bounds: one pass instead of a casefold per token.
        tokens, lowered, n_cjk = _WORD.findall(line), _WORD.findall(line.lower()), 0
    else:
        tokens = _WORD.findall(line)
        lowered = [t.casefold() for t in tokens]
        n_cjk = len(_CJK.findall(line))
    n_tokens = len(tokens)
    size = max(float(n_tokens), n_cjk / 2.0)
    core = line.rstrip().rstrip(_CLOSERS)
    terminal = bool(core) and core[-1] in _SENTENCE_END
    if not tokens:
        return LineShape(0, size, terminal, False, 0.0, 0.0)
    stop_ratio = sum(map(stopwords.__contains__, lowered)) / n_tokens
    # Title Case is judged on content words after the first: "Man Bites Dog In Park".
    n_cased = n_upper = 0
    for token, low in zip(tokens[1:], lowered[1:]):
        first = token[0]
        if low not in stopwords and first.isalpha() and (first.isupper() or first.islower()):
            n_cased += 1
            n_upper += first.isupper()
    title_ratio = n_upper / n_cased if n_cased else 0.0
    full_stop = core.endswith(".") and not core.endswith("..")
    return LineShape(n_tokens, size, terminal, full_stop, stop_ratio, title_ratio)


def page_has_stopwords(shapes: list[LineShape], settings: TextCleanerSettings) -> bool:
    """True when the page's long lines use the known function words (a language we list)."""
    long_lines = [s for s in shapes if s.words >= settings.long_words]
    if not long_lines:
        return False
    mean_ratio = sum(s.stop_ratio for s in long_lines) / len(long_lines)
    return mean_ratio >= settings.page_stop_ratio


def fragment_cost(shape: LineShape, settings: TextCleanerSettings) -> float:
    """The (negative) value of a line that is not prose."""
    return -(settings.fragment_penalty + settings.fragment_word_penalty * shape.size)


def prose_value(shape: LineShape, settings: TextCleanerSettings, use_stopwords: bool) -> float:
    """How strongly a line looks like article prose: positive for prose, negative for fragments."""
    s = settings
    if shape.terminal and shape.size >= s.long_words:
        value = shape.size
    elif shape.size >= s.prose_words:
        value = shape.size * s.unended_prose_factor
    elif shape.terminal and shape.size >= s.short_sentence_words:
        value = shape.size * s.short_sentence_factor
    else:
        return fragment_cost(shape, s)
    if shape.title_ratio >= s.title_case_ratio and shape.size < s.prose_words and not shape.full_stop:
        # A headline of another story, not a sentence. Lines ending in a full
        # stop are spared: German capitalises every noun in plain prose.
        return fragment_cost(shape, s)
    if use_stopwords and shape.stop_ratio < s.min_stop_ratio:
        value *= s.low_stop_factor  # keyword soup, name lists, tables
    return value


def discount_isolated_prose(values: list[float], neutral: list[bool], factor: float) -> list[float]:
    """Scale down prose lines whose nearest judged neighbours are both fragments.

    Teaser lists alternate a headline and a one-paragraph summary; article
    paragraphs mostly sit next to other paragraphs. Neutral lines (ad labels,
    share buttons already removed by a cue) are skipped when looking for neighbours.
    """
    judged = [i for i, is_neutral in enumerate(neutral) if not is_neutral]
    discounted = list(values)
    for pos, i in enumerate(judged):
        if values[i] <= 0:
            continue
        neighbours = [judged[p] for p in (pos - 1, pos + 1) if 0 <= p < len(judged)]
        if not any(values[j] > 0 for j in neighbours):
            discounted[i] = values[i] * factor
    return discounted


def escalate_long_gaps(values: list[float], paragraphs: list[bool], growth: float) -> list[float]:
    """Make each further line of a run of non-prose lines cost more than the one before.

    Inside an article, gaps are short (a subheading, an ad label, a caption);
    between the article and another prose region (a sidebar, a "support us"
    box) they are long. A cost that grows along the run lets the block bridge
    the first kind and stop at the second. Only a paragraph ends a run; a
    stray short sentence ("Share your thoughts.") among menu lines does not.
    """
    escalated, run = [], 0
    for value, paragraph in zip(values, paragraphs):
        if value > 0:
            run = 0 if paragraph else run
            escalated.append(value)
        else:
            escalated.append(value * (1.0 + growth * run))
            run += 1
    return escalated


def discount_after_endings(
    values: list[float], endings: list[bool], barriers: list[bool], settings: TextCleanerSettings
) -> list[float]:
    """Scale down prose that follows an article-ending line (comments header, footer).

    An ending counts only once an article-sized block came before it: a
    "Comments" menu item or a mid-page footer above the story must not
    discount the story itself.
    """
    discounted: list[float] = []
    run_total, best_so_far, ended = 0.0, 0.0, False
    for value, ending, barrier in zip(values, endings, barriers):
        ended = ended or (ending and best_so_far >= settings.min_article_value)
        discounted.append(value * settings.after_ending_factor if ended and value > 0 else value)
        run_total = 0.0 if barrier else max(0.0, run_total) + value
        best_so_far = max(best_so_far, run_total)
    return discounted


def best_block(values: list[float], barriers: list[bool]) -> tuple[int, int] | None:
    """Inclusive bounds of the run of lines with the largest positive total, or None.

    The run never contains or crosses a barrier line.
    """
    best: tuple[float, int, int] | None = None
    run_total, run_start = 0.0, 0
    for i, (value, barrier) in enumerate(zip(values, barriers)):
        if barrier:
            run_total, run_start = 0.0, i + 1
            continue
        if run_total <= 0:
            run_total, run_start = 0.0, i
        run_total += value
        if run_total > 0 and (best is None or run_total > best[0]):
            best = (run_total, run_start, i)
    return (best[1], best[2]) if best else None


def start_after_headline(
    values: list[float], block: tuple[int, int], headlines: list[bool], min_value: float
) -> tuple[int, int]:
    """Move the block's start past the last in-block headline that still has an article after it.

    A page repeats its headline right above the story; prose above that
    repeat inside the block is a teaser list the block search bridged into.
    """
    start, end = block
    for anchor in range(end, start, -1):
        if headlines[anchor] and sum(values[anchor + 1 : end + 1]) >= max(min_value, 1e-9):
            # A positive total guarantees a prose line after the anchor.
            first_prose = next(i for i in range(anchor + 1, end + 1) if values[i] > 0)
            return first_prose, end
    return block
