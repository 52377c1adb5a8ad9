"""Code the events of a sentence from its dependency parse: who did what to whom.

For each verb (and event noun) of a sentence the verb dictionary knows:
1. the code comes from the verb and the words it governs (extract/verbs.py);
2. an announced act ("agreed to release", "will withdraw", "is ready to send") becomes intent
   (03x) and a threatened one ("threatened to attack") a threat (13x) (extract/intent.py);
3. the source is the subject (the "by" phrase of a passive), or the subject of the verb it
   depends on ("ordered the army to advance"); for "accused X of doing" the doer is X;
4. the target is the object, the passive subject or the object of with/against/to/on...;
5. flags: negated ("did not"), hypothetical (may, might, could, would, if-clauses), and
   reported_by: the speaker when the act is reported speech ("X said that...", "according
   to X") or an accusation, which are claims, not established happenings.
A verb the dictionary does not know, or a sentence with no actor, codes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from wirewatch.extract.intent import INTENT_ADJECTIVES, INTENT_VERBS, THREAT_VERBS, intent_code, threat_code
from wirewatch.extract.participants import RELATIVE_PRONOUNS, Participant, Participants
from wirewatch.extract.verbs import VerbDictionary, verb_dictionary

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
GOVERNED_DEPS = frozenset({"dobj", "obj", "prt", "prep", "dative", "xcomp", "ccomp", "attr", "acomp", "oprd",
                           "nsubjpass", "npadvmod", "advmod", "agent", "pobj", "pcomp"})
TARGET_PREPS = ("with", "against", "to", "on", "at", "into", "toward", "towards", "from", "for", "over", "in")
INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "ccomp"})
SPEECH_VERBS = frozenset({"say", "tell", "announce", "report", "claim", "state", "add", "insist", "assert",
                          "allege", "write", "confirm", "quote", "maintain", "argue", "suggest", "believe"})
ACCUSING_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "allege", "condemn", "criticize", "criticise"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could", "would", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})


@dataclass(frozen=True)
class CodedClause:
    """One coded verb or event noun of a sentence (before actors are paired into events)."""

    token: int                       # index of the verb/noun in the Doc
    verb: str
    code: str
    sources: tuple[Participant, ...]
    targets: tuple[Participant, ...]
    negated: bool = False
    hypothetical: bool = False
    reported_by: str | None = None


def _governed(token) -> set[str]:
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in GOVERNED_DEPS:
            words.update(t.lemma_.lower() for t in child.subtree)
            words.update(t.lower_ for t in child.subtree)
    return words


def _noun_governed(token) -> set[str]:
    return {t.lemma_.lower() for t in token.subtree if t is not token} | {t.lower_ for t in token.subtree}


def _is_passive(token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in token.children)


class SentenceCoder:
    """Codes sentences of one analysed article (a spaCy Doc) against its actor mentions."""

    def __init__(self, participants: Participants, dictionary: VerbDictionary | None = None):
        self.participants = participants
        self.dictionary = dictionary or verb_dictionary()

    # --- participants ---

    def _subject(self, token, depth: int = 0) -> list[Participant]:
        if depth > 6:
            return []
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                    return self.participants.of_phrase(token.head)
                return self.participants.of_phrase(child)
        if _is_passive(token):
            for child in token.children:
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return self.participants.of_phrase(objects[0])
            return []
        head = token.head
        if head.i == token.i or token.dep_ not in INHERIT_DEPS:
            return []
        # "accused X of supplying": the doer is X, the accused.
        if token.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_.lower() in ACCUSING_VERBS:
            objects = [c for c in head.head.children if c.dep_ in ("dobj", "obj")]
            if objects:
                return self.participants.of_phrase(objects[0])
        if token.dep_ == "pcomp":
            head = head.head
        if token.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            # "issued an order to accelerate": the one who issued it
            if token.dep_ == "relcl":
                return self.participants.of_phrase(head)
            return self._subject(head.head, depth + 1) if head.head.i != head.i else []
        return self._subject(head, depth + 1)

    def _objects(self, token) -> list[Participant]:
        if _is_passive(token):
            for child in token.children:
                if child.dep_ in PASSIVE_SUBJECT_DEPS:
                    found = self.participants.of_phrase(child)
                    if found:
                        return found
        for child in token.children:
            if child.dep_ in ("dobj", "obj", "dative"):
                found = self.participants.of_phrase(child)
                if found:
                    return found
        for prep in TARGET_PREPS:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == prep:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.participants.of_phrase(pobj)
                            if found:
                                return found
        return []

    def _noun_actors(self, noun) -> tuple[list[Participant], list[Participant]]:
        """Actors of an event noun: "drills between A and B", "A's talks with B", "the attack by A on B"."""
        sources: list[Participant] = []
        targets: list[Participant] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and not sources:
                sources = self.participants.of_phrase(child)
            elif child.dep_ == "prep":
                pobjs = [c for c in child.children if c.dep_ == "pobj"]
                if not pobjs:
                    continue
                found = self.participants.of_phrase(pobjs[0])
                if child.lower_ == "between" and len(found) >= 2 and not sources:
                    sources, targets = found[:1], found[1:]
                elif child.lower_ in ("by", "of") and not sources:
                    sources = found
                elif child.lower_ in ("with", "against", "on", "to", "in") and not targets:
                    targets = found
        return sources, targets

    # --- flags ---

    def _reported_by(self, token, sentence) -> str | None:
        node = token
        while node.head.i != node.i and node.dep_ != "relcl":
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in SPEECH_VERBS:
                speaker = self._subject(node.head)
                return speaker[0].code if speaker else (node.head.lemma_.lower())
            if node.dep_ in ("pcomp", "xcomp") and node.head.dep_ == "prep" and \
                    node.head.head.lemma_.lower() in ACCUSING_VERBS:
                accuser = self._subject(node.head.head)
                return accuser[0].code if accuser else node.head.head.lemma_.lower()
            node = node.head
        for word in sentence:
            if word.lower_ == "according" and word.dep_ == "prep":
                for to in word.children:
                    for pobj in to.children:
                        if pobj.dep_ == "pobj":
                            found = self.participants.of_phrase(pobj)
                            if found:
                                return found[0].code
        return None

    @staticmethod
    def _negated(token) -> bool:
        return any(c.dep_ == "neg" for c in token.children) or \
            (token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in token.head.children))

    @staticmethod
    def _hypothetical(token) -> bool:
        node = token
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in node.children):
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
                return True
            if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
                return False
            node = node.head
        return False

    def _announced(self, token, code: str) -> str:
        """The code once intent and threats are applied (see extract/intent.py)."""
        head = token.head
        if token.dep_ == "xcomp" and head.lemma_.lower() in THREAT_VERBS:
            return threat_code(code) or code
        if token.dep_ == "xcomp" and (head.lemma_.lower() in INTENT_VERBS or head.lower_ in INTENT_ADJECTIVES):
            return intent_code(code) or code
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in token.children) and not _is_passive(token) and \
                any(c.dep_ in SUBJECT_DEPS for c in token.children):
            return intent_code(code) or code
        return code

    # --- the sentence ---

    def code(self, sentence) -> list[CodedClause]:
        """The coded clauses of a sentence (a spaCy Span), in text order."""
        clauses: list[CodedClause] = []
        for token in sentence:
            if not (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")):
                continue
            code = self.dictionary.code(token.lemma_.lower(), _governed(token))
            if code is not None:
                sources = self._subject(token)
                targets = [t for t in self._objects(token) if all(t.code != s.code for s in sources)]
                clauses.append(self._clause(token, self._announced(token, code), sources, targets, sentence))
        coded = {c.token for c in clauses}
        for token in sentence:
            # An event noun governed by a coded verb ("prepare for drills") is that verb's event.
            if token.pos_ != "NOUN" or any(a.i in coded for a in token.ancestors):
                continue
            code = self.dictionary.code(token.lemma_.lower(), _noun_governed(token), noun=True)
            if code is not None:
                sources, targets = self._noun_actors(token)
                clauses.append(self._clause(token, code, sources, targets, sentence))
        clauses.sort(key=lambda c: c.token)
        return _attribute_denials(_drop_announcers(clauses, sentence.doc))

    def _clause(self, token, code: str, sources, targets, sentence) -> CodedClause:
        return CodedClause(token.i, token.text, code, tuple(sources), tuple(targets), self._negated(token),
                           self._hypothetical(token), self._reported_by(token, sentence))


def _drop_announcers(clauses: list[CodedClause], doc) -> list[CodedClause]:
    """An intent or threat verb coded on its own ("agreed", "threatened") gives way to the
    announced act it governs, which carries the fuller code."""
    by_token = {c.token: c for c in clauses}
    dropped = set()
    for clause in clauses:
        token = doc[clause.token]
        if token.dep_ == "xcomp" and token.head.i in by_token:
            head = token.head.lemma_.lower()
            if head in INTENT_VERBS or head in THREAT_VERBS:
                dropped.add(token.head.i)
    return [c for c in clauses if c.token not in dropped]


DENIAL_CODES = frozenset({"016"})
ACCUSATION_CODES = frozenset({"112"})


def _attribute_denials(clauses: list[CodedClause]) -> list[CodedClause]:
    """A denial with no named denier ("a claim that both nations denied") is the accused's:
    the targets of the accusation in the same sentence and the other parties of the act it
    alleges; its target is the accuser."""
    accusations = [c for c in clauses if c.code in ACCUSATION_CODES and c.sources]
    if not accusations:
        return clauses
    result = []
    for clause in clauses:
        if clause.code in DENIAL_CODES and not clause.sources:
            accusation = accusations[-1]
            accuser = accusation.sources[0].code
            accused = list(accusation.targets)
            for other in clauses:
                if other.reported_by == accuser:
                    accused += [p for p in other.sources + other.targets if p.code != accuser]
            unique = tuple({p.code: p for p in accused}.values())
            clause = CodedClause(clause.token, clause.verb, clause.code, unique, accusation.sources[:1],
                                 clause.negated, clause.hypothetical, None)
        result.append(clause)
    return result
