"""End-to-end coding with PETRARCH-format dictionaries written for the tests (spaCy parses)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wirewatch.extract.petrarch import PetrarchCoder, PetrarchDictionaries, PetrarchEvent

PETRARCH2 = Path("/work/shared/eval/events/petrarch2")

VERBS = """\
&BONDS
+TRADE
+CULTURAL

--- SEVER  [---]  ---
SEVER
- * &BONDS TIES  [161]
- % HAVE *  [164:164]

--- PRAISE [051] ---
PRAISE

--- CONDEMN [122] ---
CONDEMN

--- MEET [036:036] ---
MEET {MET}

--- BELIEVE [023] ---
BELIEVE
"""

ACTORS = """\
LINDOR [LIN]
+LINDORIAN
KARSK [KAR]
TARVEL [TAR]
RHOVAN
\t[RHO < 19900101]
\t[RHV]
"""

AGENTS = """\
POLICE {} [~COP]
MINISTER [~GOV]
"""


@pytest.fixture(scope="module")
def coder(tmp_path_factory) -> PetrarchCoder:
    folder = tmp_path_factory.mktemp("petrarch")
    (folder / "PETR.Validate.verbs.txt").write_text(VERBS)
    (folder / "PETR.Validate.actors.txt").write_text(ACTORS)
    (folder / "PETR.Validate.agents.txt").write_text(AGENTS)
    (folder / "PETR.Validate.discards.txt").write_text("FOOTBALL\n")
    return PetrarchCoder(PetrarchDictionaries.from_folder(folder))


def triples(events: list[PetrarchEvent]) -> set[tuple]:
    return {(e.source, e.target, e.code) for e in events}


def code_one(coder: PetrarchCoder, text: str, when: date | None = date(2001, 5, 1)) -> list[PetrarchEvent]:
    return coder.code([text], [when])[0]


def test_subject_verb_object_gives_one_event(coder):
    events = code_one(coder, "Lindor praised Karsk on Monday.")
    assert triples(events) == {("LIN", "KAR", "051")}
    assert events[0].verb == "praised" and not events[0].negated


def test_compound_subject_gives_an_event_per_actor(coder):
    assert triples(code_one(coder, "Lindor and Tarvel condemned Karsk.")) == {
        ("LIN", "KAR", "122"), ("TAR", "KAR", "122")}


def test_agents_are_appended_to_their_actor(coder):
    assert triples(code_one(coder, "Karsk police condemned the Lindorian minister.")) == {("KARCOP", "LINGOV", "122")}


def test_passive_voice_takes_the_source_from_the_by_phrase(coder):
    assert triples(code_one(coder, "Karsk was condemned by Lindor.")) == {("LIN", "KAR", "122")}


def test_negation_is_flagged(coder):
    events = code_one(coder, "Lindor did not praise Karsk.")
    assert triples(events) == {("LIN", "KAR", "051")} and events[0].negated


def test_pattern_with_synset_sets_the_code(coder):
    assert triples(code_one(coder, "Lindor severed trade ties with Karsk.")) == {("LIN", "KAR", "161")}


def test_block_without_code_codes_only_through_patterns(coder):
    assert code_one(coder, "Lindor severed the old rope near Karsk.") == []


def test_compound_pattern_codes_each_actor_against_the_other(coder):
    assert triples(code_one(coder, "Lindor and Karsk have severed their old agreement.")) == {
        ("LIN", "KAR", "164"), ("KAR", "LIN", "164")}


def test_two_part_code_adds_the_reverse_event(coder):
    assert triples(code_one(coder, "Lindor met Karsk.")) == {("LIN", "KAR", "036"), ("KAR", "LIN", "036")}


def test_date_restricted_actor_codes_use_the_sentence_date(coder):
    assert triples(code_one(coder, "Rhovan praised Karsk.", date(1985, 3, 1))) == {("RHO", "KAR", "051")}
    assert triples(code_one(coder, "Rhovan praised Karsk.", date(2003, 3, 1))) == {("RHV", "KAR", "051")}


def test_target_from_a_clausal_complement(coder):
    assert triples(code_one(coder, "Lindor believes Karsk can win.")) == {("LIN", "KAR", "023")}


def test_no_known_verb_or_no_target_gives_no_event(coder):
    assert code_one(coder, "Lindor visited Karsk.") == []
    assert code_one(coder, "Lindor praised the weather.") == []


def test_discard_phrase_skips_the_sentence(coder):
    assert code_one(coder, "Lindor praised Karsk after the football final.") == []


def test_texts_and_dates_must_pair_up(coder):
    with pytest.raises(ValueError, match="2 texts but 1 dates"):
        coder.code(["Lindor praised Karsk.", "Karsk met Lindor."], [None])


def test_petrarch_unit_test_demo_record_codes_as_documented():
    if not (PETRARCH2 / "PETR.Validate.verbs.txt").is_file():
        pytest.skip("PETRARCH 2 data not available")
    coder = PetrarchCoder(PetrarchDictionaries.from_folder(PETRARCH2))
    # the unit tests' "first light" sentence, read from the data at run time
    text = (PETRARCH2 / "PETR.UnitTest.records.xml").read_text(encoding="utf-8")
    start = text.index('id="DEMO-00"')
    sentence = " ".join(text[text.index("<Text>", start) + 6:text.index("</Text>", start)].split())
    assert triples(coder.code([sentence], [date(1995, 1, 1)])[0]) == {("ARN", "GON", "064")}
