"""Merging sentence events of a story into one event per happening."""
from datetime import date

from wirewatch.extract.merge import ArticleInfo, merge_story_events
from wirewatch.model import SentenceEvent

BODY = "Freedonia and Sylvania held joint drills. Freedonia attacked Sylvania.\n" * 2
ARTICLES = {
    "a1": ArticleInfo(BODY, "Harbor Ledger", "https://example.org/1", date(2023, 8, 14)),
    "a2": ArticleInfo(BODY, "Delta Morning Post", "https://example.net/2", date(2023, 8, 15)),
}


def event(article, code, source, target, start=0, first=None, last=None, negated=False):
    return SentenceEvent(article, start, 40, source, source, target, target, code, "verb", negated,
                         date_first=first, date_last=last or first)


def test_the_same_happening_in_two_articles_is_one_event_with_a_mention_in_each():
    merged = merge_story_events("s-1", [event("a1", "190", "RUSMIL", "UKR"), event("a2", "193", "RUS", "UKRMIL")],
                                ARTICLES)
    assert len(merged) == 1
    only = merged[0]
    assert (only.num_articles, only.num_sources) == (2, 2)
    assert only.source == "RUSMIL" and only.code in {"190", "193"}
    assert [m.outlet for m in only.mentions] == ["Harbor Ledger", "Delta Morning Post"]
    assert only.mentions[0].sentence == BODY[:40].strip()


def test_cooperation_between_equals_merges_whichever_way_round():
    merged = merge_story_events("s-1", [event("a1", "062", "KOR", "USA"), event("a2", "062", "USA", "KOR")], ARTICLES)
    assert len(merged) == 1


def test_different_roots_dates_actors_or_negation_stay_apart():
    merged = merge_story_events("s-1", [
        event("a1", "190", "RUS", "UKR"),
        event("a2", "112", "RUS", "UKR", start=41),                          # another root
        event("a1", "190", "RUS", "GEO", start=41),                          # another target
        event("a2", "190", "RUS", "UKR", start=0, first=date(2023, 8, 1)),   # joins the first (undated)
        event("a2", "190", "RUS", "UKR", start=50, first=date(2023, 9, 1)),  # another date
        event("a1", "190", "RUS", "UKR", start=60, negated=True),
    ], ARTICLES)
    assert len(merged) == 5


def test_dates_come_from_the_mentions_else_from_the_first_report():
    dated = merge_story_events("s-1", [event("a1", "150", "PRKGOV", None),
                                       event("a2", "150", "PRKGOV", None, first=date(2023, 8, 12), last=date(2023, 8, 13))],
                               ARTICLES)
    assert (dated[0].date_first, dated[0].date_last) == (date(2023, 8, 12), date(2023, 8, 13))
    undated = merge_story_events("s-1", [event("a2", "150", "PRKGOV", None)], ARTICLES)
    assert undated[0].date_first == date(2023, 8, 15)


def test_event_ids_are_stable_and_differ_by_story():
    events = [event("a1", "190", "RUS", "UKR")]
    assert merge_story_events("s-1", events, ARTICLES)[0].id == merge_story_events("s-1", events, ARTICLES)[0].id
    assert merge_story_events("s-1", events, ARTICLES)[0].id != merge_story_events("s-2", events, ARTICLES)[0].id
