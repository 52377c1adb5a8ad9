"""The extract stage over a store, and what it does with awkward input."""
from datetime import date

import pytest

from wirewatch.extract.article import extract_article
from wirewatch.extract.nlp import english
from wirewatch.extract.stage import ExtractStage, STAGE_VERSION, reprocess_extract
from wirewatch.pipeline import ingest
from wirewatch.store import events as event_store
from conftest import write

DAY = date(2023, 8, 14)


def extract(text: str):
    return extract_article(english()(text), "a", DAY)


@pytest.mark.parametrize("text", [
    "",
    "Markets Open Higher\n",                                              # a headline with no verb
    "- tanks\n- drones\n- artillery shells\n- 30 field programmes\n",     # a list
    "La Corée du Nord a ordonné une hausse de la production de missiles.",  # not English
    "Der Kanzler besuchte am Montag Paris und traf den Präsidenten.",
])
def test_awkward_text_gives_no_invented_event(text):
    assert extract(text).events == ()


def test_a_very_long_run_on_sentence_is_handled():
    text = "Officials from Norway met officials from Sweden and " * 400 + "nothing more happened."
    found = extract(text)
    assert found.events and all(e.code.startswith("04") for e in found.events)


def test_an_event_sentence_codes_actors_date_and_place():
    found = extract("On Saturday, Russian forces attacked Ukrainian troops near Kharkiv.")
    assert [(e.source[:3], e.target[:3], e.code[:2]) for e in found.events] == [("RUS", "UKR", "19")]
    event = found.events[0]
    assert (event.date_first, event.place_country) == (date(2023, 8, 12), "UKR")


@pytest.fixture
def stored(conn, tmp_path):
    folder = tmp_path / "news"
    write(folder / "a.txt", "Sylvania talks\n\nMonday, August 14, 2023\n\nThe President of France met the "
                            "Chancellor of Germany in Paris on Monday. France accused Russia of spreading false reports.\n")
    write(folder / "b.txt", "Storm warning\n\nAugust 14, 2023\n\nHeavy rain is expected across the north of "
                            "the region this week, forecasters said.\n")
    ingest(conn, [str(folder)], workers=1)
    return conn


def test_the_stage_extracts_every_article_once_and_a_rerun_does_nothing(stored):
    first = ExtractStage(stored).process()
    assert first.articles == 2 and first.events >= 2
    assert event_store.articles_to_extract(stored, STAGE_VERSION) == []
    again = ExtractStage(stored).process()
    assert again.articles == 0 and again.events == first.events
    codes = {e["code"][:2] for e in event_store.list_events(stored, limit=None)}
    assert {"04", "11"} <= codes


def test_reprocess_extracts_everything_again_without_doubling(stored):
    first = ExtractStage(stored).process()
    redone = reprocess_extract(stored)
    assert redone.articles == 2 and redone.events == first.events


def test_worker_processes_extract_the_same_as_one_process():
    from wirewatch.extract.workers import MIN_PARALLEL, ExtractPool

    items = [(f"a{i}", f"Officials of Norway met officials of Sweden on Monday. Poland criticised Germany {i} times.",
              DAY) for i in range(MIN_PARALLEL + 2)]
    with ExtractPool(2) as pool:
        pooled = pool.extract(items)
    alone = ExtractPool(1).extract(items)
    assert [x.article_id for x in pooled] == [a for a, _, _ in items]
    assert [x.events for x in pooled] == [x.events for x in alone]
    assert all(x.events for x in pooled)


def test_a_deadline_or_a_whole_year_does_not_date_an_event():
    found = extract("Japan signed an agreement with Vietnam to double their trade by 2030.")
    assert found.events and all(e.date_first is None for e in found.events)
    found = extract("Japan signed an agreement with Vietnam on Friday.")
    assert found.events and found.events[0].date_first == date(2023, 8, 11)


def test_events_follow_their_articles_when_stories_are_regrouped(stored):
    from wirewatch.extract.stage import remerge_all_events

    first = ExtractStage(stored).process()
    assert remerge_all_events(stored) == first.events
    ids = {e["id"] for e in event_store.list_events(stored, limit=None)}
    assert remerge_all_events(stored) == first.events
    assert {e["id"] for e in event_store.list_events(stored, limit=None)} == ids
