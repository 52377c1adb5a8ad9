"""`PetrarchCoder`: codes who-did-what-to-whom events with PETRARCH dictionaries over spaCy parses.

For each verb of a sentence that the verb dictionary knows (deepest clauses first):
1. the block's patterns are tried, most specific first; the first that matches gives the code
   (else the verb's own code, else its block's; ``---`` codes nothing);
2. the source is the pattern's ``$`` phrase, else the verb's subject (inherited through
   infinitives, conjoined verbs and pronouns; the ``by`` phrase of a passive verb);
3. the target is the pattern's ``+`` phrase, else the first actor among the verb's objects and
   prepositional phrases, else the subject of an uncoded clausal complement ("believes
   Dagolath can cope"); a ``%`` phrase codes each of its actors against the others;
4. every source is paired with every target (both are required); ``A:B`` codes A from source to
   target and B back. A sentence with a discard phrase gives no events.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wirewatch.extract.petrarch.dictionaries import PetrarchDictionaries
from wirewatch.extract.petrarch.patterns import Match, PatternMatcher
from wirewatch.extract.petrarch.phrases import MODIFIER_DEPS, NOUNS, UNNAMED, PhraseCoder, conjuncts
from wirewatch.extract.petrarch.verbs import NO_CODE, Verb

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
# dependents of a verb that are not where its target is
_NOT_OBJECTS = SUBJECTS | {"expl", "conj", "cc", "advcl", "relcl", "punct", "mark", "parataxis", "aux",
                           "auxpass", "neg", "agent", "intj", "prt"}
# clauses whose missing subject is their governor's
_INHERITS_SUBJECT = {"xcomp", "conj", "advcl", "ccomp", "pcomp", "acomp", "dep", "oprd"}
_VERB_POS = {"VERB", "AUX"}
_SENTENCE_ENDS = {".", "!", "?"}


@dataclass(frozen=True)
class PetrarchEvent:
    """One coded event: actor codes (None when absent), the event code and the verb that gave it."""

    source: str | None
    target: str | None
    code: str
    verb: str
    negated: bool


class PetrarchCoder:
    """Codes sentences with PETRARCH dictionaries; see the module docstring for the method."""

    def __init__(self, dictionaries: PetrarchDictionaries, batch_size: int = 64):
        self.dictionaries = dictionaries
        self.phrases = PhraseCoder(dictionaries)
        self.patterns = PatternMatcher(dictionaries.verbs)
        self.batch_size = batch_size

    def code(self, texts: Sequence[str], dates: Sequence[date | None]) -> list[list[PetrarchEvent]]:
        """The events of each text, in order; `dates` (one per text) select date-restricted actor codes."""
        if len(texts) != len(dates):
            raise ValueError(f"{len(texts)} texts but {len(dates)} dates")
        from wirewatch.extract.nlp import analyse

        return [self.code_doc(doc, when) for doc, when in zip(analyse(texts, self.batch_size), dates)]

    def code_doc(self, doc, when: date | None) -> list[PetrarchEvent]:
        """The events of one parsed text."""
        if self._discarded(doc):
            return []
        chunks, chunk_ends = {}, {}
        for chunk in doc.noun_chunks:
            for i in range(chunk.start, chunk.end):
                chunks.setdefault(i, (i, chunk.end, chunk.root))
                chunk_ends.setdefault(i, (chunk.start, i + 1, chunk.root))
        found = [(t, unit) for t in doc if (unit := self._verb_unit(t)) is not None]
        found.sort(key=lambda item: -sum(1 for _ in item[0].ancestors))
        coded: set[int] = set()
        events: list[PetrarchEvent] = []
        for token, (verb, first, last) in found:
            new = self._code_verb(token, verb, first, last, when, coded, chunks, chunk_ends)
            if new:
                coded.add(token.i)
                events.extend(new)
        return list(dict.fromkeys(events))

    # --- finding verbs ---

    def _discarded(self, doc) -> bool:
        discards = self.dictionaries.discards
        if not discards.sentence and not discards.story:
            return False
        words = f" {' '.join(t.text.upper() for t in doc)} "
        return any(f" {phrase} " in words for phrase in discards.sentence | discards.story)

    def _verb_unit(self, token) -> tuple[Verb, int, int] | None:
        """The dictionary verb `token` is (the longest multi-word one), with its first and last token."""
        if not (token.tag_.startswith("VB") or token.pos_ == "VERB"):
            return None
        candidates = self.dictionaries.verbs.verbs_for(token.text)
        lemma = token.lemma_.upper()
        if not candidates and not _regular_spelling(token.text.upper(), lemma):
            candidates = self.dictionaries.verbs.verbs_for(lemma)
        best = None
        doc = token.doc
        for verb in candidates:
            first, last = token.i - len(verb.before), token.i + len(verb.after)
            if first < 0 or last >= len(doc):
                continue
            if any(doc[first + k].text.upper() != w for k, w in enumerate(verb.before)):
                continue
            if any(doc[token.i + 1 + k].text.upper() != w for k, w in enumerate(verb.after)):
                continue
            if best is None or last - first > best[2] - best[1]:
                best = (verb, first, last)
        return best

    # --- coding one verb ---

    def _code_verb(self, token, verb: Verb, first: int, last: int, when: date | None, coded: set[int],
                   chunks: dict, chunk_ends: dict) -> list[PetrarchEvent]:
        doc = token.doc
        start, end = _sentence(token)
        block = self.dictionaries.verbs.blocks[verb.block]
        excluded = {t.i for c in token.children if c.dep_ == "conj" and c.pos_ in _VERB_POS for t in c.subtree}
        before = [doc[i] for i in range(first - 1, start - 1, -1)]
        after = [doc[i] for i in range(last + 1, end) if i not in excluded]
        named: dict[int, bool] = {}

        def names_actor(root) -> bool:
            if root.i not in named:
                named[root.i] = bool(self.phrases.group_codes(root, when))
            return named[root.i]

        match = next((m for p in block.patterns if (m := self.patterns.match(
            p, before, after, chunks, chunk_ends, names_actor)) is not None), None)
        code = match.pattern.code if match else (verb.code or block.code)
        if not code or code == NO_CODE:
            return []
        negated = any(c.dep_ == "neg" for c in token.children)
        pairs = self._pairs(token, match, when, coded, after, chunks)
        primary, _, reverse = code.partition(":")
        label = " ".join(t.text for t in doc[first:last + 1])
        events = []
        for source, target in pairs:
            if primary.strip():
                events.append(PetrarchEvent(source, target, primary.strip(), label, negated))
            if reverse.strip():
                events.append(PetrarchEvent(target, source, reverse.strip(), label, negated))
        return events

    def _pairs(self, token, match: Match | None, when: date | None, coded: set[int], after: list,
               chunks: dict) -> list[tuple[str, str]]:
        slots = match.slots if match else {}
        group = self.phrases.group_codes
        compound_before = match is not None and any(e.kind == "compound" for e in match.pattern.before)
        if compound_before:
            members = group(slots["compound"], when)
            if len(members) >= 2:
                return [(a, b) for a in members for b in members if a != b]
        subjects, passive_agent = self._subjects(token)
        target_slot = slots.get("target") if "target" in slots else (
            slots.get("compound") if not compound_before else None)
        if "source" in slots:
            sources = group(slots["source"], when)
        elif passive_agent is not None:
            sources = group(passive_agent, when)
        elif target_slot is not None and any(_same_phrase(s, target_slot) for s in subjects):
            # the subject is the target ("NOTED + *"): the source is the governing clause's subject
            sources = self._codes(self._subjects(token.head)[0] if token.head != token else [], when)
        else:
            sources = self._codes(subjects, when)
        if target_slot is not None:
            targets = group(target_slot, when)
        elif passive_agent is not None and subjects:
            targets = self._codes(subjects, when)
        else:
            targets = self._default_targets(token, when, coded, avoid=slots.get("source"))
            if not targets and not _ends_clause(token):
                targets = self._targets_across_split(after, chunks, when)
        return [(s, t) for s in sources for t in targets if s != t]

    def _codes(self, heads, when: date | None) -> list[str]:
        return list(dict.fromkeys(c for h in heads for c in self.phrases.group_codes(h, when)))

    def _subjects(self, token):
        """(subject heads, passive agent head) of the verb's clause, climbing to the governing
        clause for infinitives, conjoined verbs and pronoun subjects."""
        verb = token
        for _ in range(8):
            agent = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
            # the parser sometimes hangs the subject on an auxiliary ("Philippines <- was criticized")
            children = [c for a in verb.children if a.dep_ in ("aux", "auxpass") for c in a.children]
            children += list(verb.children)
            subjects = [c for c in children if c.dep_ in SUBJECTS and c.pos_ != "PRON"]
            pronoun = any(c.dep_ in SUBJECTS and c.pos_ == "PRON" for c in children)
            if subjects:
                passive = any(c.dep_ == "nsubjpass" for c in subjects)
                return subjects, agent if passive else None
            if verb.dep_ == "relcl" and verb.head.pos_ in NOUNS and not pronoun:
                return [verb.head], None
            if (verb.dep_ in _INHERITS_SUBJECT or pronoun) and verb.head != verb:
                verb = verb.head
                continue
            return [], None
        return [], None

    def _default_targets(self, token, when: date | None, coded: set[int], avoid=None) -> list[str]:
        region: list = []
        clauses: list = []
        for child in token.children:
            if child.dep_ in _NOT_OBJECTS and not (child.dep_ == "advcl" and _infinitive(child)):
                continue
            if child.pos_ in _VERB_POS and child.dep_ in ("ccomp", "xcomp", "pcomp", "advcl"):
                if any(t.i in coded for t in child.subtree):
                    continue
                if any(c.dep_ in SUBJECTS for c in child.children):
                    if child.i > token.i:
                        clauses.append(child)
                    continue
            region.extend(self._object_tokens(child, coded, clauses))
        unnamed: list[str] = []
        for head in sorted(region, key=lambda t: (t.i < token.i, t.i)):
            if head.pos_ not in NOUNS or head.dep_ in MODIFIER_DEPS or head.dep_ == "conj" or head == avoid:
                continue
            codes = self.phrases.group_codes(head, when)
            if any(not c.startswith(UNNAMED) for c in codes):
                return codes
            unnamed = unnamed or codes
        for clause in sorted(clauses, key=lambda t: t.i):
            codes = self._codes([c for c in clause.children if c.dep_ in SUBJECTS], when)
            if codes:
                return codes
        return unnamed

    def _targets_across_split(self, after: list, chunks: dict, when: date | None) -> list[str]:
        """Where the parser cut the sentence short after the verb, the first actor phrase that
        follows the verb in the text."""
        for token in after:
            if token.text in _SENTENCE_ENDS:
                break
            chunk = chunks.get(token.i)
            if chunk is not None and chunk[0] == token.i:
                codes = self.phrases.group_codes(chunk[2], when)
                if any(not c.startswith(UNNAMED) for c in codes):
                    return codes
        return []

    def _object_tokens(self, child, coded: set[int], clauses: list) -> list:
        """Tokens of `child`'s subtree, without nested clauses that are coded or have their own
        subject (those, when uncoded, are added to `clauses`)."""
        out, stack = [], [child]
        while stack:
            token = stack.pop()
            if token != child and token.pos_ in _VERB_POS:
                if token.i in coded or token.dep_ in ("relcl", "conj"):
                    continue
                if any(c.dep_ in SUBJECTS for c in token.children):
                    if not any(t.i in coded for t in token.subtree):
                        clauses.append(token)
                    continue
            out.append(token)
            stack.extend(token.children)
        return out


def _sentence(token) -> tuple[int, int]:
    """Token range of the sentence around `token`, cut at sentence-final punctuation (the parser's
    own sentence boundaries sometimes fall inside a sentence)."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start - 1].text not in _SENTENCE_ENDS:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end - 1].text not in _SENTENCE_ENDS:
        end += 1
    return start, end


def _ends_clause(token) -> bool:
    """Whether the parser's sentence around `token` ends with punctuation (was not cut short)."""
    sent = token.sent
    return sent.end >= len(token.doc) or token.doc[sent.end - 1].text in _SENTENCE_ENDS or token.doc[sent.end - 1].is_punct


def _infinitive(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.dep_ in SUBJECTS for c in verb.children)


def _same_phrase(a, b) -> bool:
    """Whether two noun heads belong to one (possibly coordinated) phrase."""
    return a == b or any(a == c for c in conjuncts(b)) or any(b == c for c in conjuncts(a))


def _regular_spelling(text: str, lemma: str) -> bool:
    """Whether `text` looks like a regular inflection of `lemma` (so a dictionary without that form
    means the form is not a verb the dictionary knows, as PETRARCH reads it)."""
    stem = lemma[:-1] if lemma.endswith(("E", "Y")) else lemma
    return text.startswith(stem)
