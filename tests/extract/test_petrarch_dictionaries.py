"""Reading PETRARCH-format dictionaries: verbs, synonym sets, patterns, actors, agents, discards."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wirewatch.extract.petrarch import DictionaryError, DictionaryNotFound, PetrarchDictionaries
from wirewatch.extract.petrarch.actors import (
    read_actor_dictionary, read_agent_dictionary, read_discards)
from wirewatch.extract.petrarch.phrases import combine
from wirewatch.extract.petrarch.verbs import read_ontology, read_verb_dictionary

PETRARCH2 = Path("/work/shared/eval/events/petrarch2")
UNIVERSAL = Path("/work/shared/eval/events/universal_petrarch")

VERBS = """\
<!-- a tiny verb dictionary for the tests -->
&BONDS
+TRADE
+CULTURAL
+&MONEYWORDS

&MONEYWORDS_
+CROWNS
+SILVER MARKS

--- SEVER  [---]  ---
SEVER {SEVERS SEVERED}   # a comment
+CUT_OFF {+CUTS_OFF +CUT_OFF}
- * &BONDS TIES  [161]
- * DIPLOMATIC_TIES [162]  # adjacent words
- + * FROM $  [163]
- % HAVE *  [164:164]

--- PRAISE [051] ---
PRAISE
LAUD [052]
- NOT_* [111]
"""

ACTORS = """\
LINDOR [LIN]
+LINDORIAN
KARSK_ [KAR]
THE_TWIN_CITIES [TWA/TWB]
RHOVAN
+RHOVANI
\t[RHO < 900101]
\t[RHVGOV 19900101 - 19991231]
\t[RHV]
NOBODY [---]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN
MINISTER [~GOV]
POLICE {} [~COP]
GOOSE {GEESE} [~GSE]
CHARITY {} [NGO~]
HARBOUR!PERSON! [~DOC]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_verb_blocks_keep_their_codes_verbs_and_forms(tmp_path):
    verbs = read_verb_dictionary(write(tmp_path, "v.txt", VERBS))
    assert set(verbs.blocks) == {"SEVER", "PRAISE"}
    assert verbs.blocks["SEVER"].code is None and verbs.blocks["PRAISE"].code == "051"
    assert [v.block for v in verbs.verbs_for("severed")] == ["SEVER"]
    assert verbs.verbs_for("lauds")[0].code == "052"
    assert verbs.verbs_for("praising")[0].word == "PRAISE"


def test_multi_word_verbs_mark_the_verb_word_with_a_plus(tmp_path):
    verbs = read_verb_dictionary(write(tmp_path, "v.txt", VERBS))
    cut = next(v for v in verbs.verbs_for("cuts") if v.after)
    assert (cut.before, cut.word, cut.after) == ((), "CUT", ("OFF",))


def test_synsets_expand_nested_sets_and_multi_word_members(tmp_path):
    verbs = read_verb_dictionary(write(tmp_path, "v.txt", VERBS))
    assert set(verbs.synset_words("BONDS")) == {("TRADE",), ("CULTURAL",), ("CROWNS",), ("SILVER", "MARKS")}


def test_patterns_record_slots_adjacency_and_codes(tmp_path):
    verbs = read_verb_dictionary(write(tmp_path, "v.txt", VERBS))
    patterns = {p.code: p for p in verbs.blocks["SEVER"].patterns}
    assert [e.kind for e in patterns["161"].after] == ["synset", "word"]
    assert [e.joined for e in patterns["162"].after] == [False, True]
    assert [e.kind for e in patterns["163"].before] == ["target"]
    assert [e.kind for e in patterns["163"].after] == ["word", "source"]
    assert [e.kind for e in patterns["164:164"].before] == ["word", "compound"]
    assert verbs.blocks["PRAISE"].patterns[0].before[0].joined  # NOT_* : adjacent to the verb


def test_malformed_verb_lines_raise_with_file_and_line_in_strict_mode(tmp_path):
    path = write(tmp_path, "bad.txt", "--- SEVER [---] ---\nSEVER\n- DIPLOMATIC TIES [161]\n")
    with pytest.raises(DictionaryError, match=r"bad\.txt, line 3: .*exactly one '\*'") as caught:
        read_verb_dictionary(path, strict=True)
    assert caught.value.line_number == 3


def test_malformed_pattern_is_skipped_with_a_warning_by_default(tmp_path, caplog):
    path = write(tmp_path, "bad.txt", "--- SEVER [---] ---\nSEVER\n- * TIES\n- * TRADE [161]\n")
    verbs = read_verb_dictionary(path)
    assert [p.code for p in verbs.blocks["SEVER"].patterns] == ["161"]
    assert "line 3" in caplog.text


def test_pattern_outside_a_block_is_an_error(tmp_path):
    with pytest.raises(DictionaryError, match="line 1: pattern outside a verb block"):
        read_verb_dictionary(write(tmp_path, "v.txt", "- * TIES [161]\n"))


def test_actor_names_synonyms_and_multiple_codes(tmp_path):
    actors = read_actor_dictionary(write(tmp_path, "a.txt", ACTORS))
    by_name = {name: actor for actor in actors for name in actor.names}
    assert by_name["LINDORIAN"].codes_on(None) == ["LIN"]
    assert by_name["KARSK"].codes_on(None) == ["KAR"]
    assert by_name["THE TWIN CITIES"].codes_on(None) == ["TWA", "TWB"]
    assert by_name["NOBODY"].codes_on(None) == []


def test_date_restricted_actor_codes_follow_the_sentence_date(tmp_path):
    actors = read_actor_dictionary(write(tmp_path, "a.txt", ACTORS))
    rhovan = next(a for a in actors if "RHOVANI" in a.names)
    assert rhovan.codes_on(date(1985, 6, 1)) == ["RHO"]
    assert rhovan.codes_on(date(1990, 1, 1)) == ["RHVGOV"]
    assert rhovan.codes_on(date(1999, 12, 31)) == ["RHVGOV"]
    assert rhovan.codes_on(date(2005, 1, 1)) == ["RHV"]
    assert rhovan.codes_on(None) == ["RHV"]


def test_bad_actor_date_is_skipped_or_raised(tmp_path, caplog):
    path = write(tmp_path, "a.txt", "LINDOR\n\t[LIN 1999013-20001231]\n\t[LIN]\n")
    assert read_actor_dictionary(path)[0].codes_on(None) == ["LIN"]
    assert "not a date" in caplog.text
    with pytest.raises(DictionaryError, match=r"a\.txt, line 2"):
        read_actor_dictionary(path, strict=True)


def test_code_block_before_any_actor_is_an_error(tmp_path):
    with pytest.raises(DictionaryError, match="line 1"):
        read_actor_dictionary(write(tmp_path, "a.txt", "\t[LIN]\n"))


def test_agents_with_plurals_substitutions_and_prefix_codes(tmp_path):
    agents = read_agent_dictionary(write(tmp_path, "g.txt", AGENTS))
    assert agents["MINISTERS"].code == "GOV"
    assert "POLICES" not in agents and agents["POLICE"].code == "COP"
    assert agents["GEESE"].code == "GSE" and "GOOSES" not in agents
    assert agents["CHARITY"].prefix
    assert {"HARBOURMAN", "HARBOURMEN", "HARBOURWOMAN"} <= set(agents)


def test_agent_codes_join_the_actor_code_once(tmp_path):
    agents = read_agent_dictionary(write(tmp_path, "g.txt", AGENTS))
    assert combine("LIN", [agents["POLICE"]]) == "LINCOP"
    assert combine("LIN", [agents["CHARITY"], agents["MINISTER"]]) == "NGOLINGOV"
    assert combine("LINGOV", [agents["MINISTER"]]) == "LINGOV"


def test_agent_without_code_is_an_error_in_strict_mode(tmp_path):
    with pytest.raises(DictionaryError, match=r"g\.txt, line 1"):
        read_agent_dictionary(write(tmp_path, "g.txt", "HARBOUR_MASTER\n"), strict=True)


def test_discards_separate_sentence_and_story_phrases(tmp_path):
    discards = read_discards(write(tmp_path, "d.txt", "# comment\nFOOTBALL MATCH\n+Chess_Olympiad  # pas\n"))
    assert discards.sentence == {"FOOTBALL MATCH"} and discards.story == {"CHESS OLYMPIAD"}


def test_ontology_lines(tmp_path):
    table = read_ontology(write(tmp_path, "o.txt", "# header\n010:0x1000#Statement\n120:-0xFFFF#Reject\n"))
    assert table == {"010": "0x1000", "120": "-0xFFFF"}
    with pytest.raises(DictionaryError, match="line 1"):
        read_ontology(write(tmp_path, "bad.txt", "010 0x1000\n"))


def test_from_folder_prefers_the_validation_files(tmp_path):
    write(tmp_path, "PETR.Validate.verbs.txt", VERBS)
    write(tmp_path, "PETR.Validate.actors.txt", ACTORS)
    write(tmp_path, "PETR.Validate.agents.txt", AGENTS)
    write(tmp_path, "Phoenix.Countries.actors.txt", "ELSEWHERE [ELS]\n")
    loaded = PetrarchDictionaries.from_folder(tmp_path)
    assert "ELSEWHERE" not in loaded.actors and "LINDOR" in loaded.actors
    assert loaded.actor_codes("RHOVAN", date(1985, 1, 1)) == ["RHO"]


def test_from_folder_without_verbs_says_what_is_missing(tmp_path):
    with pytest.raises(DictionaryNotFound, match="no PETRARCH verb dictionary"):
        PetrarchDictionaries.from_folder(tmp_path)


def test_real_petrarch2_dictionaries_load_with_plausible_counts():
    if not (PETRARCH2 / "PETR.Validate.verbs.txt").is_file():
        pytest.skip("PETRARCH 2 data not available")
    loaded = PetrarchDictionaries.from_folder(PETRARCH2)
    assert [p.name for p in loaded.files][0] == "PETR.Validate.verbs.txt"
    assert len(loaded.verbs.blocks) > 200 and loaded.verbs.pattern_count > 400
    assert len(loaded.actors) > 150 and len(loaded.agents) > 100
    assert loaded.actor_codes("GOLLUM", date(1992, 1, 2)) == ["HOB"]
    assert loaded.agents["POLICE"].code == "COP"
    assert loaded.discards.story


def test_real_universal_petrarch_verbs_and_ontology_load():
    if not (UNIVERSAL / "PETR.Validate.verbs.2.0.txt").is_file():
        pytest.skip("universal-PETRARCH data not available")
    loaded = PetrarchDictionaries.from_folder(UNIVERSAL)
    assert len(loaded.verbs.blocks) > 50 and loaded.verbs.pattern_count > 300
    assert loaded.ontology["010"] == "0x1000"
