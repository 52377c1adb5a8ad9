"""Acts announced, threatened, refused or demanded rather than done.

CAMEO codes a promise of a cooperative act as an expression of intent (03x) and a promised
hostile act as a threat (13x), not as the act itself ("agreed to release", "will withdraw",
"threatened to attack"); a refused cooperative act as a rejection (12x: "refused to meet", "did
not release"); an act required of another as a demand (10x: "said X must withdraw"); and
getting ready for a hostile act as force posture (150: "prepared to attack"). The functions
below map the code of the governed act to that code; the tables follow the CAMEO 1.1b3 scope
notes.
"""
from __future__ import annotations

from wirewatch.extract.cameo import root_of

# Verbs and adjectives that announce the governed act rather than report it.
INTENT_VERBS = frozenset({"agree", "offer", "promise", "pledge", "vow", "plan", "decide", "intend", "want",
                          "undertake", "volunteer", "consent", "commit", "swear", "resolve", "aim"})
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "eager", "determined", "poised", "set"})
THREAT_VERBS = frozenset({"threaten", "warn"})
# Verbs refusing the governed act, and verbs of getting ready for it.
REFUSAL_VERBS = frozenset({"refuse", "decline"})
POSTURE_VERBS = frozenset({"prepare", "gear", "mobilize", "mobilise"})

_INTENT_BY_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_INTENT_BY_CODE = {"045": "039", "046": "036", "057": "032", "064": "031", "084": "035", "086": "035",
                   "087": "035", "073": "033", "072": "033", "071": "033"}
_THREAT_BY_ROOT = {"14": "133", "15": "138", "16": "130", "17": "137", "18": "138", "19": "138", "20": "138"}
_THREAT_BY_CODE = {"162": "130", "163": "132", "164": "134", "165": "135", "166": "136", "172": "132",
                   "175": "137"}


def intent_code(code: str) -> str | None:
    """The code of announcing `code`: 03x for cooperation, 13x for hostile acts, None where CAMEO
    codes the announcement as the act itself (statements, demands, criticism...)."""
    if code in _INTENT_BY_CODE:
        return _INTENT_BY_CODE[code]
    root = root_of(code)
    return _INTENT_BY_ROOT.get(root) or threat_code(code)


def threat_code(code: str) -> str | None:
    """The code of threatening to do `code` (13x), None for acts that are not hostile."""
    if code in _THREAT_BY_CODE:
        return _THREAT_BY_CODE[code]
    return _THREAT_BY_ROOT.get(root_of(code))


_REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
_REFUSAL_BY_CODE = {"036": "125", "037": "127", "038": "126", "039": "126", "045": "126", "057": "127",
                    "081": "1241", "082": "1242", "083": "123", "084": "1243", "085": "1244",
                    "086": "1245", "087": "1246"}
_DEMAND_BY_ROOT = {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}
_DEMAND_BY_CODE = {"036": "106", "037": "107", "057": "107", "045": "108", "039": "108", "038": "108",
                   "071": "1031", "072": "1032", "073": "1033", "074": "1034", "081": "1051",
                   "082": "1052", "083": "1041", "084": "1053", "085": "1054", "086": "1055",
                   "087": "1056"}
_HOSTILE_ROOTS = frozenset({"17", "18", "19", "20"})


def refusal_code(code: str) -> str | None:
    """The code of refusing `code` (12x) for cooperative acts (03-08), None for the others."""
    return _REFUSAL_BY_CODE.get(code) or _REFUSAL_BY_ROOT.get(root_of(code))


def demand_code(code: str | None) -> str:
    """The code of demanding that another do `code` (10x); 100 where CAMEO has no finer code."""
    if code is None:
        return "100"
    return _DEMAND_BY_CODE.get(code) or _DEMAND_BY_ROOT.get(root_of(code)) or "100"


def posture_code(code: str) -> str | None:
    """The code of getting ready for `code`: force posture (150) for violence, else intent."""
    if root_of(code) in _HOSTILE_ROOTS:
        return "150"
    return intent_code(code)


def conditional_code(code: str, tokens) -> str:
    """Announcing `code`: intent, or a threat where the promise holds "unless" the other side
    complies ("will withdraw unless..."); `tokens` are the act and its announcing word."""
    for node in tokens:
        for clause in node.children:
            if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "unless" for c in clause.children):
                return threat_code(code) or "130"
    return intent_code(code) or code


def drop_announcers(clauses: list, doc) -> list:
    """An intent, threat, posture or refusal verb coded on its own ("agreed", "threatened",
    "refused") gives way to the act it governs, which carries the fuller code. `clauses` are
    coded clauses (extract/coder.py) of a sentence of `doc`."""
    by_token = {c.token for c in clauses}
    dropped = set()
    for clause in clauses:
        token = doc[clause.token]
        if token.head.i not in by_token or token.dep_ not in ("xcomp", "ccomp"):
            continue
        head = token.head.lemma_.lower()
        announcer = head in INTENT_VERBS or head in THREAT_VERBS or head in POSTURE_VERBS
        if token.dep_ == "xcomp" and (announcer or (head in REFUSAL_VERBS and root_of(clause.code) == "12")):
            dropped.add(token.head.i)
        elif token.dep_ == "ccomp" and head in THREAT_VERBS and root_of(clause.code) == "13":
            dropped.add(token.head.i)
    return [c for c in clauses if c.token not in dropped]
