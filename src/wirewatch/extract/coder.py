"""Code the events of a sentence from its dependency parse: who did what to whom.

For each verb (and event noun) of a sentence the verb dictionary knows:
1. the code comes from the verb and the words it governs (extract/verbs.py); a light verb
   ("staged a protest", "issued an ultimatum") takes the code of its object noun;
2. an announced act ("agreed to release", "will withdraw", "said it would send") becomes intent
   (03x), a threatened one ("threatened to attack", "will withdraw unless") a threat (13x), a
   refused or negated cooperative one ("refused to meet", "did not release") a rejection (12x),
   one required of another ("said X must withdraw") a demand (10x), and getting ready for
   violence ("prepared to attack") force posture (150) (extract/intent.py);
3. the source is the subject (the "by" phrase of a passive), or the subject of the verb it
   depends on ("ordered the army to advance"); for "accused X of doing" the doer is X;
4. the target is the object, the passive subject or the object of with/against/to/on...;
5. flags: negated ("did not"), hypothetical (may, might, could, would, if-clauses), and
   reported_by: the speaker when the act is reported speech ("X said that...", "according
   to X") or an accusation, which are claims, not established happenings.
Acts only asked for or denied ("urged X to release", "denied attacking") are not coded apart
from the appeal or denial. Clauses come main event first (`_main_first`; `rank` counts the
subordinating links). A verb the dictionary does not know, or a sentence with no actor, codes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from wirewatch.extract.cameo import root_of
from wirewatch.extract.denials import attribute_denials
from wirewatch.extract.intent import (INTENT_ADJECTIVES, INTENT_VERBS, POSTURE_VERBS, REFUSAL_VERBS, THREAT_VERBS,
                                      conditional_code, demand_code, drop_announcers, posture_code, refusal_code,
                                      threat_code)
from wirewatch.extract.participants import RELATIVE_PRONOUNS, Participant, Participants
from wirewatch.extract.verbs import CLAUSE_CUE, VerbDictionary, verb_dictionary

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
GOVERNED_DEPS = frozenset({"dobj", "obj", "prt", "prep", "dative", "xcomp", "ccomp", "attr", "acomp", "oprd",
                           "nsubjpass", "npadvmod", "advmod", "agent", "pobj", "pcomp"})
TARGET_PREPS = ("with", "against", "to", "on", "at", "into", "toward", "towards", "from", "for", "over", "in")
INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "ccomp", "acomp"})
SPEECH_VERBS = frozenset({"say", "tell", "announce", "report", "claim", "state", "add", "insist", "assert",
                          "allege", "write", "confirm", "quote", "maintain", "argue", "suggest", "believe",
                          "declare", "reiterate", "stress", "repeat", "emphasize", "emphasise",
                          "indicate", "reply", "respond", "explain", "signal", "warn", "vow", "promise"})
CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})
# Links that do not subordinate an act: coordination, reported speech, "agreed/ordered to".
MAIN_DEPS = frozenset({"ROOT", "conj", "ccomp", "parataxis", "xcomp"})
# Acts only asked for or denied: what such a clause governs did not happen (yet).
REQUEST_ROOTS = frozenset({"02", "10"})
DENIAL_ONLY = frozenset({"016"})
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
    rank: int = 0                    # subordinating links from the sentence's main clause


def _governed(token) -> set[str]:
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in GOVERNED_DEPS:
            words.update(t.lemma_.lower() for t in child.subtree)
            words.update(t.lower_ for t in child.subtree)
        if child.dep_ in CLAUSE_DEPS:
            words.add(CLAUSE_CUE)
    return words


def _has_aux(token, words) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in token.children)


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
            for pobj in (p for c in token.children if c.dep_ == "prep" and c.lower_ == prep for p in c.children):
                found = self.participants.of_phrase(pobj) if pobj.dep_ == "pobj" else []
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
        # "did not agree to meet", "refused to meet"
        return any(c.dep_ == "neg" for c in token.children) or (token.dep_ == "xcomp" and (
            any(c.dep_ == "neg" for c in token.head.children) or token.head.lemma_.lower() in REFUSAL_VERBS))

    def _reported_future(self, token) -> bool:
        """"X said it (they) would Y": a reported "will" of the speaker, not a hypothesis."""
        if not _has_aux(token, {"would", "'d"}):
            return False
        node = token
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ not in CLAUSE_DEPS or node.head.lemma_.lower() not in SPEECH_VERBS:
            return False
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
            return False
        subject = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        return bool(subject) and (subject[0].pos_ == "PRON" or self._same_actor(token, node.head))

    def _hypothetical(self, token) -> bool:
        node = token
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in node.children) and \
                    not self._reported_future(node):
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
                return True
            if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
                return False
            node = node.head
        return False

    def _announced(self, token, code: str) -> str:
        """The code once intent, threats and posture are applied (see extract/intent.py)."""
        head = token.head
        lemma = head.lemma_.lower()
        # "have sworn to fight" is at times parsed as an adverbial clause
        to_clause = token.dep_ == "advcl" and _has_aux(token, {"to"}) and all(c.dep_ != "mark" for c in token.children)
        dep = "xcomp" if to_clause else token.dep_
        if dep == "xcomp" and lemma in THREAT_VERBS:
            return threat_code(code) or code
        if dep == "ccomp" and lemma in THREAT_VERBS and self._same_actor(token, head):
            return threat_code(code) or code
        if dep == "xcomp" and lemma in POSTURE_VERBS:
            return posture_code(code) or code
        if dep == "xcomp" and (lemma in INTENT_VERBS or head.lower_ in INTENT_ADJECTIVES):
            return conditional_code(code, (token, head))
        if (_has_aux(token, FUTURE_AUX) and not _is_passive(token) and
                any(c.dep_ in SUBJECT_DEPS for c in token.children)) or self._reported_future(token):
            return conditional_code(code, (token,))
        return code

    def _same_actor(self, token, other) -> bool:
        return bool({p.code for p in self._subject(token)} & {p.code for p in self._subject(other)})

    def _demanded(self, token):
        """For an act required of another ("X said Y must withdraw"): (X, Y), else None."""
        node = token
        for _ in range(3):
            if _has_aux(node, {"must"}):
                break
            if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
                return None
            node = node.head
        else:
            return None
        if node.dep_ not in CLAUSE_DEPS or not any(c.dep_ in SUBJECT_DEPS for c in node.head.children):
            return None
        speakers = self._subject(node.head)
        return speakers, [p for p in self._subject(node) if all(p.code != s.code for s in speakers)]

    def _light_code(self, token) -> str | None:
        """The code of a light verb's object noun ("staged rallies", "undertook a mediation mission")."""
        for child in (c for c in token.children if c.dep_ in ("dobj", "obj")):
            for noun in [child] + [c for c in child.children if c.dep_ == "compound"]:
                code = self.dictionary.object_code(noun.lemma_.lower(), _noun_governed(child) | _governed(token))
                if code is not None:
                    return code
        return None

    # --- the sentence ---

    def code(self, sentence) -> list[CodedClause]:
        """The coded clauses of a sentence (a spaCy Span), main event first (see the module docstring)."""
        clauses: list[CodedClause] = []
        for token in sentence:
            if not (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")):
                continue
            if _subject_lemma(token) in self.dictionary.non_agents:
                continue  # a quake, an accident, an objection: not an actor, no event
            lemma = self.dictionary.known_lemma(token.lemma_, token.text)
            code = self.dictionary.code(lemma, _governed(token))
            if code is None and self.dictionary.is_light(lemma):
                code = self._light_code(token)
            demanded = self._demanded(token)
            if demanded is not None:
                # "said Y must withdraw": the speaker's demand, whatever the act
                clauses.append(CodedClause(token.i, token.text, demand_code(code), *map(tuple, demanded)))
            elif code is not None:
                clauses.append(self._act(token, code, sentence))
        coded = {c.token for c in clauses}
        for token in sentence:
            # An event noun governed by a coded verb ("prepare for drills") is that verb's event.
            if token.pos_ != "NOUN" or any(a.i in coded for a in token.ancestors):
                continue
            code = self.dictionary.code(token.lemma_.lower(), _noun_governed(token), noun=True)
            if code is not None:
                sources, targets = self._noun_actors(token)
                clauses.append(self._clause(token, code, sources, targets, sentence))
        # "must be ready to mediate": the demand for the act it governs stands for a bare one
        demands = [sentence.doc[c.token] for c in clauses if root_of(c.code) == "10"]
        clauses = [c for c in clauses if c.code != "100" or not any(sentence.doc[c.token].is_ancestor(d) for d in demands)]
        clauses.sort(key=lambda c: c.token)
        clauses = attribute_denials(drop_announcers(clauses, sentence.doc))
        return _main_first(_drop_requested(clauses, sentence.doc), sentence.doc)

    def _act(self, token, code: str, sentence) -> CodedClause:
        sources = self._subject(token)
        targets = [t for t in self._objects(token) if all(t.code != s.code for s in sources)]
        clause = self._clause(token, self._announced(token, code), sources, targets, sentence)
        refused = refusal_code(clause.code) if clause.negated else None
        # "refused to meet", "will not release": a rejection that did happen
        return replace(clause, code=refused, negated=False) if refused else clause

    def _clause(self, token, code: str, sources, targets, sentence) -> CodedClause:
        return CodedClause(token.i, token.text, code, tuple(sources), tuple(targets), self._negated(token),
                           self._hypothetical(token), self._reported_by(token, sentence))


def _drop_requested(clauses: list[CodedClause], doc) -> list[CodedClause]:
    """Acts governed by an appeal, a demand or a denial ("urged X to release", "demanded a
    meeting to discuss", "denied attacking") were not done: the asking clause stands for them.
    The search stops at clauses of their own ("after", "when", relative clauses)."""
    asking = {c.token for c in clauses if root_of(c.code) in REQUEST_ROOTS or c.code in DENIAL_ONLY}
    if not asking:
        return clauses
    kept = []
    for clause in clauses:
        node = doc[clause.token]
        inside = False
        while node.head.i != node.i and not _own_clause(node):
            node = node.head
            if node.i in asking:
                inside = True
                break
        if not inside:
            kept.append(clause)
    return kept


def _own_clause(token) -> bool:
    if token.dep_ == "relcl":
        return True
    return token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children)


def _links(token) -> int:
    """Subordinating links between a token and its sentence's root (see MAIN_DEPS)."""
    links = 0
    while token.head.i != token.i:
        links += token.dep_ not in MAIN_DEPS
        token = token.head
    return links


def _main_first(clauses: list[CodedClause], doc) -> list[CodedClause]:
    """Clauses main event first: fewest subordinating links, a reporting verb after the act it
    reports ("X abused Y, a group charged"), what is neither negated nor hypothetical first,
    then text order."""
    tokens = {c.token for c in clauses}

    def reports(clause: CodedClause) -> bool:
        token = doc[clause.token]
        if token.lemma_.lower() not in SPEECH_VERBS | ACCUSING_VERBS:
            return False
        return any(t.i in tokens for c in token.children if c.dep_ in CLAUSE_DEPS for t in c.subtree)

    ranked = [replace(c, rank=_links(doc[c.token])) for c in clauses]
    return sorted(ranked, key=lambda c: (c.rank, reports(c),
                                         c.negated or c.hypothetical, c.token))


def _subject_lemma(token) -> str | None:
    """The lemma of a verb's subject, or of the verb it depends on ("were enough to kill it")."""
    for _ in range(3):
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return subject.lemma_.lower()
        if token.dep_ not in ("xcomp", "conj", "acomp") or token.head.i == token.i:
            return None
        token = token.head
    return None