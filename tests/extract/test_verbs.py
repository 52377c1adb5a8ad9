"""The verb dictionary (extract/verbs.py, data/verbs.toml)."""
import pytest

from wirewatch.extract.cameo import event_code
from wirewatch.extract.verbs import CLAUSE_CUE, VerbDictionary, VerbDictionaryError, verb_dictionary

SMALL = """
light = ["stage", "lodge"]

[verbs]
protest = ["114 to|@clause", "141"]
block = ["144 road|bridge", "191"]

[nouns]
talk = ["040"]

[objects]
rally = ["141"]
protest = ["114 formal|official", "141"]
"""


def test_the_rule_with_most_matching_cues_wins_and_a_clause_is_a_cue():
    verbs = VerbDictionary.from_toml(SMALL)
    assert verbs.code("protest", {"outside", "parliament"}) == "141"
    assert verbs.code("protest", {CLAUSE_CUE}) == "114"
    assert verbs.code("block", {"the", "bridge"}) == "144"


def test_light_verbs_take_their_object_from_nouns_then_objects():
    verbs = VerbDictionary.from_toml(SMALL)
    assert verbs.is_light("stage") and not verbs.is_light("block")
    assert verbs.object_code("rally", {"mass"}) == "141"
    assert verbs.object_code("protest", {"formal"}) == "114"
    assert verbs.object_code("talk", set()) == "040"
    assert verbs.object_code("sandwich", set()) is None
    # [objects] nouns are not coded on their own
    assert verbs.code("rally", {"mass"}, noun=True) is None


def test_an_unknown_lemma_is_found_by_taking_the_ending_off_the_word():
    verbs = VerbDictionary.from_toml(SMALL)
    assert verbs.known_lemma("stag", "staged") == "stage"
    assert verbs.known_lemma("block", "blocked") == "block"
    assert verbs.known_lemma("say", "said") == "say"


def test_a_light_list_that_is_not_a_list_of_words_is_reported():
    with pytest.raises(VerbDictionaryError, match="light"):
        VerbDictionary.from_toml('light = "stage"\n[verbs]\n')


def test_every_shipped_rule_has_a_known_cameo_code():
    verbs = verb_dictionary()
    for table in (verbs.verbs, verbs.nouns, verbs.objects):
        for rules in table.values():
            for rule in rules:
                assert event_code(rule.code).code == rule.code
    assert {"stage", "hold", "issue", "lodge"} <= verbs.light
