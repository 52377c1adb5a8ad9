"""Direct quotes in an analysed article and who said them.

A quote is the text between straight ("...") or curly (“...”) double quotes on one line; it
may run over several sentences. Short scare quotes (one to three words and no verb, such as
the “overwhelming military power”) are not quotes. The speaker is read from the clause around
the quote:
    "...," X said / "...", said X / X said: "..." / X told reporters "..." / according to X
A pronoun ("he said") or a bare title ("the minister said") stands for the nearest PERSON named
before the quote; a quote with no speaker clause that follows another in the same paragraph
keeps that quote's speaker. The speaker's actor is the actor of the mention covering the
speaker's words, else of a person mention sharing the speaker's surname.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from wirewatch.model import Quote
from wirewatch.extract.nlp import doc_text

# Lemmas of verbs that introduce direct speech.
SPEECH_VERBS = {
    "say", "tell", "state", "add", "declare", "announce", "warn", "claim", "insist", "note", "write",
    "ask", "reply", "respond", "explain", "urge", "emphasize", "emphasise", "stress", "tweet", "post",
    "argue", "acknowledge", "admit", "vow", "pledge", "promise", "conclude", "continue", "quip", "shout",
    "predict", "assert", "recall", "comment", "remark", "order", "call", "describe",
}
PRONOUNS = {"he", "she", "they", "i", "we"}
MAX_QUOTE_CHARS = 3000
# One line at a time: a quote never crosses a paragraph break, and an unpaired mark stops at the line end.
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{1,%d})[\"”]" % MAX_QUOTE_CHARS)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words inside each pair of double quotes."""
    return [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]


def _is_scare_quote(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in span if not t.is_punct and not t.is_space] if span is not None else []
    return len(words) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in words)


def _phrase(token) -> tuple[int, int]:
    """Character span of a speaker noun phrase: the noun with its compounds, titles, determiner
    and possessor, without appositions or relative clauses ("Kim, the leader, ..." → "Kim")."""
    keep = {"compound", "det", "poss", "amod", "flat", "case", "nmod", "nummod"}
    first, last = token.i, token.i
    for child in token.lefts:
        if child.dep_ in keep:
            first = min(first, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in ("compound", "flat") and child.i == last + 1:
            last = child.i
    doc = token.doc
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    # "North Korean leader Kim Jong Un" → the name itself, when the parser found one
    names = [e for e in doc.ents if e.label_ in ("PERSON", "ORG") and start <= e.start_char and e.end_char <= end]
    return (names[-1].start_char, names[-1].end_char) if names else (start, end)


def _named_apposition(token) -> tuple[int, int] | None:
    """The person named in apposition to a speaker noun ("the ministry's spokesperson, Mira
    Castell, said" → "Mira Castell"), when the parser found one."""
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            entity = next((e for e in token.doc.ents if e.start <= child.i < e.end), None)
            if entity is not None:
                return entity.start_char, entity.end_char
    return None


def _speaker_token(verb):
    """The subject of a verb of speech, or the object of "according to"."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "coast guard spokesperson Ahn Ji-seok told" can parse as two subjects: the person's name wins
    subject = next((c for c in subjects if c.ent_type_ == "PERSON"), subjects[0] if subjects else None)
    if subject is None and verb.dep_ in ("conj", "xcomp") and verb.head.pos_ == "VERB":
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject


def _speech_verb(doc, quote_start: int, quote_end: int):
    """The verb of speech outside the quote that introduces it: first one that governs the quote
    in the parse ("X said the plan 'has failed'"), then, in the sentences the quote starts and
    ends in, one right after the quote, then one before it. A verb whose speaker would be a word
    of the quote itself never counts."""
    first = doc.char_span(quote_start, quote_end, alignment_mode="expand")
    if first is None or len(first) == 0:
        return None

    def speaks(token) -> bool:
        is_verb = token.lemma_.casefold() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX")
        according = token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"
        speaker = _speaker_token(token) if (is_verb or according) else None
        return speaker is not None and not quote_start <= speaker.idx < quote_end

    inside = {t.i for t in first}
    for token in first:
        if token.head.i not in inside:  # a root of the quote: the words that govern it come next
            for ancestor in token.ancestors:
                if ancestor.i not in inside and speaks(ancestor):
                    return ancestor
    start_sent, end_sent = first[0].sent, first[-1].sent
    outside = [t for t in doc[start_sent.start : end_sent.end]
               if not quote_start <= t.idx < quote_end and t.text not in ('"', "“", "”")]
    after = [t for t in outside if t.idx >= quote_end]
    before = [t for t in reversed(outside) if t.idx < quote_start]
    for side in (after, before):
        for token in side[:12]:
            if speaks(token):
                return token
    return None


def _previous_person(doc, before: int) -> tuple[int, int] | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end_char <= before and "\n" not in e.text.strip()]
    return (people[-1].start_char, people[-1].end_char) if people else None


def _titles() -> set[str]:
    from wirewatch.extract.actors import actor_table

    return {word for word in actor_table().roles if " " not in word}


def _actor_for(text: str, start: int, end: int, mentions: Sequence) -> str | None:
    for mention in mentions:
        if mention.start < end and start < mention.end:
            return mention.actor.code
    words = re.findall(r"[\w’'-]+", text[start:end])
    if not words:
        return None
    surname = words[-1].casefold()
    for mention in reversed([m for m in mentions if m.start < start]):
        parts = mention.text.casefold().split()
        if len(parts) > 1 and surname in (parts[0], parts[-1]):
            return mention.actor.code
    return None


def quotes(doc, mentions: Sequence = ()) -> list[Quote]:
    """Every direct quote of a spaCy Doc with its speaker, in text order.

    mentions: the article's ActorMentions (``actor_mentions(doc)``), which give speakers their actor.
    """
    text = doc_text(doc)
    titles = None
    found: list[Quote] = []
    for start, end in _quote_spans(text):
        if not text[start:end].strip() or _is_scare_quote(doc, start, end):
            continue
        speaker_span = None
        verb = _speech_verb(doc, start, end)
        if verb is not None:
            token = _speaker_token(verb)
            named = _named_apposition(token) if token.pos_ == "NOUN" else None
            speaker_span = named or _phrase(token)
            words = text[speaker_span[0] : speaker_span[1]]
            if titles is None:
                titles = _titles()
            bare_title = named is None and token.pos_ == "NOUN" and token.lower_ in titles and not any(
                m.start < speaker_span[1] and speaker_span[0] < m.end for m in mentions)
            if token.lower_ in PRONOUNS or bare_title:
                speaker_span = _previous_person(doc, min(start, speaker_span[0])) or (
                    None if token.lower_ in PRONOUNS else speaker_span)
            elif not words.strip():
                speaker_span = None
        elif found and "\n" not in text[found[-1].end : start]:
            previous = found[-1]
            found.append(Quote(text[start:end], start, end, previous.speaker, previous.speaker_actor))
            continue
        if speaker_span is None:
            found.append(Quote(text[start:end], start, end, None, None))
            continue
        speaker = text[speaker_span[0] : speaker_span[1]]
        found.append(Quote(text[start:end], start, end, speaker, _actor_for(text, *speaker_span, mentions)))
    return found
