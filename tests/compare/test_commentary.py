"""The fact/commentary scorer on invented sentences (invented people and outlets)."""
import pytest

from wirewatch.compare.commentary import sentence_kind, sentence_score
from wirewatch.extract.nlp import english


def _span(text):
    return english()(text)[:]


@pytest.mark.parametrize("text", [
    "The navy of Norway detained a cargo ship off the coast of Bergen on Tuesday.",
    "Port workers halted loading for several hours while police secured the quay.",
])
def test_plain_reporting_is_report(text):
    assert sentence_kind(_span(text)) == "report"


@pytest.mark.parametrize("text", [
    "The coast guard said the search would last until Friday.",
    "According to the Harbor Ledger, the ship carried 14 containers.",
    "Minister Ola Brekkestad told reporters that the ship was bound for Rotterdam.",
])
def test_speech_with_a_named_or_role_source_is_attributed(text):
    scored = sentence_score(_span(text))
    assert scored.kind == "attributed" and scored.attributed_to


@pytest.mark.parametrize("text", [
    "The detention may result in a regional crisis and a higher likelihood of conflict.",
    "The international community must act before the dispute spreads.",
    "It remains to be seen whether the talks will survive the incident.",
    "We believe the inspection was overdue.",
])
def test_speculation_advocacy_and_first_person_are_commentary(text):
    scored = sentence_score(_span(text))
    assert scored.kind == "commentary" and scored.score >= 1.0 and scored.cues


def test_critics_say_without_a_named_source_is_commentary_not_attributed():
    scored = sentence_score(_span("Critics say the government acted far too late."))
    assert scored.kind == "commentary"
    assert any(cue.startswith("vague_sources") for cue in scored.cues)


def test_an_opinion_inside_a_quote_belongs_to_its_speaker():
    assert sentence_kind(_span("Ola Brekkestad said, “We must stop this ship.”")) == "attributed"


def test_a_scheduled_future_is_not_speculation():
    assert sentence_kind(_span("The drills would start on August 21, officials in Oslo confirmed.")) == "attributed"
    assert sentence_score(_span("The drills could start on August 21.")).kind == "report"


@pytest.mark.parametrize("text,cue", [
    ("The detention raises serious new concerns for shipping in the region.", "evaluation:raises serious new concerns"),
    ("The seizure raises concerns for shipping in the region.", "evaluation:raises concerns"),
])
def test_a_cue_with_a_gap_matches_up_to_three_words_in_it(text, cue):
    scored = sentence_score(_span(text))
    assert scored.kind == "commentary" and cue in scored.cues


def test_a_gap_cue_does_not_reach_across_a_long_clause():
    text = "The ship raises its flag each morning while the crew of the old tug concerns itself with repairs."
    assert not any(c.startswith("evaluation:") for c in sentence_score(_span(text)).cues)


@pytest.mark.parametrize("text", [
    "The agency changed its advice on Tuesday, saying that vaccinated travellers should still wear masks.",
    "The court ruled that the port must reopen within a week.",
])
def test_an_obligation_the_sentence_reports_is_not_the_outlets_advocacy(text):
    assert sentence_score(_span(text)).kind == "report"


@pytest.mark.parametrize("text", [
    "The port authority should have acted months ago.",
    "The closure is a failure that should never have been allowed to happen.",
])
def test_an_obligation_in_the_outlets_own_voice_is_advocacy(text):
    scored = sentence_score(_span(text))
    assert scored.kind == "commentary" and "advocacy:should" in scored.cues
