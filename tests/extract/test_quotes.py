"""Direct quotes and their speakers (invented people and outlets)."""
import pytest

from wirewatch.extract.mentions import actor_mentions
from wirewatch.extract.nlp import english
from wirewatch.extract.quotes import quotes


def read(text):
    doc = english()(text)
    return [(q.text, q.speaker, q.speaker_actor) for q in quotes(doc, actor_mentions(doc))]


def test_quote_then_speaker_said():
    ((words, speaker, _),) = read('"Our patience has limits," Nora Lindqvist, a Swedish diplomat, said.')
    assert words.startswith("Our patience has limits") and speaker == "Nora Lindqvist"


def test_speaker_said_colon_then_quote():
    ((words, speaker, _),) = read('Tomas Brandt said: "The harbour will reopen next spring."')
    assert words == "The harbour will reopen next spring." and speaker == "Tomas Brandt"


def test_said_after_the_quote_with_the_speaker_last_and_a_quote_over_two_sentences():
    ((words, speaker, actor),) = read("“The drills are a rehearsal for war. We will answer them,” said state media outlet KCNA.")
    assert "We will answer them" in words and speaker == "KCNA" and actor == "PRKMED"


def test_according_to_and_told_reporters():
    assert read("The meeting was “long and very productive”, according to Ines Falk, an aide.")[0][1] == "Ines Falk"
    assert read('Rui Tavares told reporters "the ships will sail at dawn."')[0][1] == "Rui Tavares"


def test_a_pronoun_speaker_is_the_last_person_named_and_takes_their_actor():
    found = read("Kim Jong Un toured a factory. “Output must double,” he said. “The enemy is watching.”")
    assert [(s, a) for _, s, a in found] == [("Kim Jong Un", "PRKGOV"), ("Kim Jong Un", "PRKGOV")]


def test_a_bare_title_speaker_is_the_last_person_named():
    ((_, speaker, actor),) = read("Kim Jong Un visited a plant. The leader stated, “Our factories must work day and night.”")
    assert (speaker, actor) == ("Kim Jong Un", "PRKGOV")


def test_short_scare_quotes_are_not_quotes():
    assert read("The plan aims at “overwhelming naval power” and “peace”.") == []


def test_a_quote_without_a_speaker_clause_is_kept_without_speaker():
    ((_, speaker, actor),) = read('The banner read "we will never forget this day" in red letters.')
    assert speaker is None and actor is None


@pytest.mark.parametrize("text", ["", "   \n", "- one item\n- another item\n- a third item",
                                  "Der Minister sagte: „Wir werden das prüfen.“",
                                  " ".join(['and "the troops" moved'] * 1250)])
def test_bad_input_gives_no_quotes_and_no_crash(text):
    assert read(text) == []


def test_an_unclosed_quote_stops_at_the_line_end():
    assert read('He shouted "never again\nThe crowd left.') == []


def test_the_speaker_is_the_one_whose_verb_of_saying_governs_the_quote_not_the_quotes_own_subject():
    ((words, speaker, _),) = read('The harbour authority\'s spokesperson, Mira Castell, said dredging "has not worked '
                                  'for years" and called on the ministry to fund a new breakwater.')
    assert words == "has not worked for years" and speaker == "Mira Castell"


def test_a_title_with_the_name_in_apposition_is_that_person_not_someone_named_before():
    text = ('Port director Henrik Aalto opened the new quay on Monday. The agency\'s spokesperson, Mira Castell, '
            'said: "The quay will take the largest ferries."')
    assert read(text)[-1][1] == "Mira Castell"


def test_a_title_run_into_the_name_is_the_named_person():
    text = ("The ferry was escorted to the port of Seogwipo near Jeju. \"We acted on a tip from our ally,\" "
            "coast guard spokesperson Ahn Ji-seok told reporters.")
    assert read(text)[-1][1] == "Ahn Ji-seok"
