"""The dictionary coder (extract/coder.py): each test is one sentence written for it and the
clauses it must code. Actors are real countries; no words are put in a real person's mouth."""
import pytest

from wirewatch.extract.coder import SentenceCoder
from wirewatch.extract.mentions import actor_mentions
from wirewatch.extract.nlp import analyse
from wirewatch.extract.participants import Participants


def clauses(text: str):
    (doc,) = list(analyse([text]))
    coder = SentenceCoder(Participants(actor_mentions(doc)))
    return [clause for sent in doc.sents for clause in coder.code(sent)]


def countries(participants) -> list[str]:
    return [p.code[:3] for p in participants]


def main(text: str):
    found = clauses(text)
    assert found, f"nothing coded in {text!r}"
    return found[0]


# --- light verbs: the object noun carries the event ---

@pytest.mark.parametrize("text, code", [
    ("Serbia lodged a formal protest with Albania on Monday.", "114"),
    ("Peru issued an ultimatum to Ecuador over the border raids.", "139"),
    ("Algerian farmers began a hunger strike outside parliament.", "142"),
    ("Kenyan students held rallies in Nairobi against the new tax.", "141"),
])
def test_a_light_verb_takes_the_code_of_its_object_noun(text, code):
    assert main(text).code == code


def test_a_verb_the_tagger_lemmatises_wrongly_is_found_by_its_inflection():
    # the tagger's lemma of "staged" is "stag"
    assert main("Kenyan students staged rallies in Nairobi.").code == "141"


def test_a_light_verb_with_an_unknown_object_codes_nothing():
    assert clauses("Serbia made a sandwich for Albania.") == []


# --- announced, refused and demanded acts ---

def test_refusing_to_meet_is_a_rejection_not_a_meeting():
    clause = main("Chile refused to meet the envoy from Bolivia.")
    assert clause.code == "125" and not clause.negated
    assert countries(clause.sources) == ["CHL"]


def test_declining_to_release_is_declining_to_yield():
    assert [c.code for c in clauses("Norway declined to release the prisoners.")] == ["1243"]


def test_a_negated_cooperative_act_is_a_rejection():
    clause = main("Portugal did not lift the sanctions on Venezuela.")
    assert clause.code == "1244" and not clause.negated


def test_a_negated_hostile_act_keeps_its_code_and_is_flagged():
    clause = main("Chad did not attack Sudan.")
    assert clause.code == "190" and clause.negated


def test_what_a_speaker_says_it_would_do_is_its_intent_not_a_hypothesis():
    clause = main("Hungarian farmers said they would blockade the highway to Austria.")
    assert clause.code == "138" and not clause.hypothetical


def test_a_promise_that_holds_unless_the_other_side_complies_is_a_threat():
    clause = main("Kenya said it will pull its troops out of Somalia unless the fighting stops.")
    assert clause.code.startswith("13")
    assert countries(clause.sources) == ["KEN"]


def test_warning_that_one_will_attack_is_a_threat_and_the_warning_verb_gives_way():
    found = clauses("Iran warned that it would attack Iraq.")
    assert [c.code for c in found] == ["138"]
    assert countries(found[0].sources) == ["IRN"] and countries(found[0].targets) == ["IRQ"]


def test_an_act_another_must_do_is_the_speakers_demand():
    clause = main("Sweden said Denmark must release the detained journalists.")
    assert clause.code == "1053"
    assert countries(clause.sources) == ["SWE"] and countries(clause.targets) == ["DNK"]
    assert clause.reported_by is None


def test_a_must_clause_the_dictionary_does_not_know_is_still_a_demand():
    clause = main("Canada said Mexico must do more.")
    assert clause.code == "100"
    assert countries(clause.sources) == ["CAN"] and countries(clause.targets) == ["MEX"]


def test_an_act_only_urged_is_not_coded_apart_from_the_appeal():
    found = clauses("Japan urged China to release the fishermen.")
    assert [c.code for c in found] == ["025"]


def test_preparing_to_attack_is_force_posture():
    assert main("The army of Ethiopia prepared to attack rebel positions.").code == "150"


def test_being_ready_to_contribute_troops_is_intent_to_give_aid():
    clause = main("Ghana is ready to contribute troops to the peacekeeping force.")
    assert clause.code == "033" and countries(clause.sources) == ["GHA"]


# --- the main event first ---

def test_the_reported_act_comes_before_the_verb_reporting_it():
    found = clauses("Troops from Sudan shelled villages in Chad, a rights group charged on Friday.")
    assert found[0].code == "194"
    assert countries(found[0].sources) == ["SDN"]


def test_the_main_clause_comes_before_a_subordinate_one():
    found = clauses("Ukrainian police arrested twelve men after they attacked a bank in Kyiv.")
    assert found[0].code == "173" and found[0].rank == 0
    assert all(c.rank >= found[0].rank for c in found)


def test_an_accusation_stays_the_main_event_over_the_act_it_alleges():
    found = clauses("Denmark accused Russia of supplying weapons to Belarus.")
    assert [c.code for c in found] == ["112", "072"]
    assert found[1].reported_by == "DNK"


def test_protesting_that_something_is_wrong_is_a_complaint_not_a_street_protest():
    assert main("A rights group protested that Croatia is failing the refugees.").code == "114"


# --- actors ---

def test_nationality_adjectives_the_actor_table_lacks_name_their_countries():
    clause = main("Hungarian and Romanian officials signed a treaty on Wednesday.")
    assert clause.code == "057"
    assert [p.code for p in clause.sources] == ["HUNGOV", "ROUGOV"]


def test_a_plural_nationality_noun_names_its_country():
    clause = main("Palestinians threw stones at the police.")
    assert clause.code == "145" and countries(clause.sources) == ["PSE"]


def test_an_uppercase_word_that_is_no_nationality_names_nobody():
    clause = main("Moderate leaders signed a treaty.")
    assert clause.code == "057" and clause.sources == ()


def test_vowing_to_attack_is_a_threat():
    clause = main("Rebels in Mali have sworn to attack the capital until the government falls.")
    assert clause.code == "138"


def test_saying_another_must_be_ready_to_mediate_demands_mediation():
    clause = main("Egypt said Qatar must be ready to mediate between the two sides.")
    assert clause.code == "108"
    assert countries(clause.sources) == ["EGY"] and countries(clause.targets) == ["QAT"]


def test_natural_hazards_and_abstract_subjects_code_no_event():
    # Subjects that are not actors: the verb's code does not apply.
    assert clauses("Two earthquakes killed hundreds of people across southern Turkey in February.") == []
    assert clauses("The objections of two council members were enough to kill the draft.") == []
    assert main("Russian forces killed three Ukrainian soldiers near Bakhmut.").code.startswith("19")
