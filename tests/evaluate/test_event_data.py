"""Reading the event sets: layout detection and the three loaders, on invented fixtures."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wirewatch.evaluate.common import DataMissing
from wirewatch.evaluate.event_data import CodedEvent, EventSentence, detect_event_dataset, load_event_set, unique_ids

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "events"
PETR, PLOVER, CONFLIBERT = FIXTURES / "petrarch", FIXTURES / "plover", FIXTURES / "conflibert"


# --- layout and loading ---


@pytest.mark.parametrize("folder, name", [(PETR, "petrarch"), (PLOVER, "plover"), (CONFLIBERT, "conflibert_cameo")])
def test_the_data_set_is_recognised_from_the_folder_layout_not_its_name(folder, name, tmp_path):
    assert detect_event_dataset(folder) == name
    renamed = tmp_path / "anything"
    renamed.symlink_to(folder, target_is_directory=True)
    assert detect_event_dataset(renamed) == name


def test_a_missing_or_unknown_folder_is_a_clear_data_missing_error(tmp_path):
    with pytest.raises(DataMissing, match="not found"):
        detect_event_dataset(tmp_path / "absent")
    with pytest.raises(DataMissing, match="not a known event-coding data set"):
        detect_event_dataset(tmp_path)


def test_the_dev_universal_petrarch_folder_says_its_gold_is_sealed(tmp_path):
    (tmp_path / "PETR.Validate.verbs.2.0.txt").write_text("# verbs\n", encoding="utf-8")
    with pytest.raises(DataMissing, match="sealed"):
        load_event_set(tmp_path)


def test_petrarch_records_are_read_with_a_tolerant_tag_scan():
    event_set = load_event_set(PETR)
    items = {item.sentence.id: item for item in event_set.items}
    # The <Sentence> inside a comment is not a record; a repeated id gets #2.
    assert list(items) == ["DEMO-01", "DEMO-02", "NOEV-01", "ERROR-01", "QUOTE-01", "DEMO-01#2", "PATTERN-01",
                           "SYNSET-01"]
    assert items["DEMO-01"].sentence == EventSentence(
        "DEMO-01", "Freedonia's foreign minister visited Sylvania on Monday for talks on the shared river.",
        date(2015, 3, 2))
    # Spaces around '=', a self-closing tag and an entity.
    assert items["DEMO-02"].events == (CodedEvent("FREGOV", "KEL", "036"), CodedEvent("KEL", "FREGOV", "036"))
    assert "&" in items["DEMO-02"].sentence.text and items["DEMO-02"].sentence.date == date(2015, 3, 3)
    assert items["QUOTE-01"].events == (CodedEvent("RIVER COUNCIL", "SYLMIL", "1711"),)
    # A record without its closing tag ends where the next one starts.
    assert "artillery" not in items["QUOTE-01"].sentence.text
    assert items["DEMO-01#2"].events == (CodedEvent("SYL", "FRE", "190"),)


def test_noevents_error_and_uncoded_petrarch_records_expect_no_event():
    items = {item.sentence.id: item for item in load_event_set(PETR).items}
    for item_id in ("NOEV-01", "ERROR-01", "PATTERN-01"):
        assert items[item_id].no_events and items[item_id].events == ()
    assert items["ERROR-01"].error == "sentencediscard"
    assert not items["DEMO-01"].no_events


def test_the_sealed_gsr_file_is_preferred_when_a_folder_has_both(tmp_path):
    record = ('<Sentence date="20200101" id="GSR-1" category="x">\n<EventCoding sourcecode="FRE" '
              'targetcode="SYL" eventcode="010"/>\n<Text>Freedonia spoke to Sylvania.</Text>\n</Sentence>\n')
    (tmp_path / "PETR2_GSR_validation.xml").write_text(record, encoding="utf-8")
    (tmp_path / "PETR.UnitTest.records.xml").write_text((PETR / "PETR.UnitTest.records.xml").read_text())
    event_set = load_event_set(tmp_path)
    assert event_set.path.name == "PETR2_GSR_validation.xml"
    assert [item.sentence.id for item in event_set.items] == ["GSR-1"]


def test_plover_records_skip_the_document_header_and_number_a_repeated_id():
    items = load_event_set(PLOVER).items
    assert [item.sentence.id for item in items] == ["FIX-AGREE-0001", "FIX-DEMAND-0001", "FIX-FIGHT-0001",
                                                    "FIX-ASSAULT-0001", "FIX-DISAPPROVE-0001", "FIX-AGREE-0001#2"]
    first = items[0]
    assert first.sentence.text == "The Freedonian cabinet agreed to reopen the border with Sylvania."
    assert first.sentence.date == date(2001, 4, 2) and first.event_type == "AGREE"
    assert [(a.code, a.sector) for a in first.sources] == [("FRE", "GOV")]
    assert [(a.code, a.sector) for a in first.targets] == [("SYL", None)]
    assert items[2].mode == "heavy-weapons" and items[4].targets == ()


def test_conflibert_rows_are_numbered_from_one_and_bad_rows_are_skipped_with_a_note(tmp_path):
    items = load_event_set(CONFLIBERT).items
    assert len(items) == 30 and items[0].sentence.id == "1" and items[0].label == 0 and items[29].label == 4
    (tmp_path / "cameo_class.tsv").write_text("Freedonia spoke.\t0\nno label here\nKelland marched.\t9\n"
                                              "Sylvania shelled a post.\t4\n", encoding="utf-8")
    event_set = load_event_set(tmp_path)
    assert [(i.sentence.id, i.label) for i in event_set.items] == [("1", 0), ("4", 4)]
    assert "2 rows" in event_set.notes[0]


def test_unique_ids_number_the_second_and_later_repeats():
    assert unique_ids(["a", "b", "a", "a"]) == ["a", "b", "a#2", "a#3"]
