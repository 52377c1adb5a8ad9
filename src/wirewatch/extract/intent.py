"""Intentions and threats: "agreed to release", "will withdraw", "threatened to attack".

CAMEO codes a promise of a cooperative act as an expression of intent (03x) and a promised
hostile act as a threat (13x), not as the act itself. `intent_code` and `threat_code` map the
code of the governed act to that code; the tables follow the CAMEO 1.1b3 scope notes.
"""
from __future__ import annotations

from wirewatch.extract.cameo import root_of

# Verbs and adjectives that announce the governed act rather than report it.
INTENT_VERBS = frozenset({"agree", "offer", "promise", "pledge", "vow", "plan", "decide", "intend", "want",
                          "undertake", "volunteer", "consent", "commit"})
INTENT_ADJECTIVES = frozenset({"willing", "ready", "prepared", "eager", "determined", "poised", "set"})
THREAT_VERBS = frozenset({"threaten", "warn"})

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
