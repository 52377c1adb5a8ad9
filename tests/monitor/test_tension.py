"""The tension index: deduplicated events, independent-outlet weights, pairs and filters."""
import math
from datetime import date

import pytest

from wirewatch.model import Article, Event, EventMention
from wirewatch.monitor import tension
from wirewatch.store.articles import save_articles
from wirewatch.store.events import replace_story_events
from wirewatch.store.stories import save_relations

AUG = date(2023, 8, 1)
WIRE = "North Korea fired two ballistic missiles into the sea, South Korea's military said."


def day(n: int) -> date:
    return date(2023, 8, n)


def put_articles(conn, *specs):
    """Articles (id, outlet, day) with distinct bodies, so each has its own id."""
    save_articles(conn, [Article(id=a, body=f"{WIRE} ({a})", title=a, author=None, outlet=o, url=None,
                                 published=d, language="en", source=f"{a}.txt", kind="text") for a, o, d in specs])


def mention(article_id, outlet, published, sentence=WIRE):
    return EventMention(article_id, 0, len(sentence), sentence, outlet, None, published)


def event(event_id, source, target, code, goldstein, when, mentions, **extra):
    fields = dict(source_name=None, target_name=None, negated=False, hypothetical=False, reported_by=None,
                  date_first=when, date_last=when, place=None, place_country=None, latitude=None, longitude=None,
                  story_id="s-1", quad_class=4 if goldstein < 0 else 1)
    fields.update(extra)
    return Event(id=event_id, source=source, target=target, code=code, goldstein=goldstein,
                 mentions=tuple(mentions), **fields)


def store(conn, story_id, events):
    conn.execute("BEGIN IMMEDIATE")
    replace_story_events(conn, story_id, events)
    conn.execute("COMMIT")


def test_a_pair_series_has_every_day_and_sums_weighted_goldstein(conn):
    store(conn, "s-1", [event("e1", "PRKGOV", "USA", "111", -2.0, day(3), [mention("x", "A", day(3))]),
                        event("e2", "USA", "PRK", "036", 4.0, day(3), [mention("y", "B", day(3))]),
                        event("e3", "PRK", "USA", "150", -7.2, day(5), [mention("z", "C", day(5))])])
    series = tension.pair_series(conn, "PRK", "USA", day(1), day(6))
    assert [d.day for d in series] == [day(n) for n in range(1, 7)]
    values = {d.day: d.value for d in series}
    assert values[day(3)] == pytest.approx(2.0) and values[day(5)] == pytest.approx(-7.2)
    assert values[day(1)] == 0 and series[0].events == ()
    assert [e.id for e in series[2].events] == ["e2", "e1"]  # largest magnitude first


def test_undirected_by_default_and_directed_on_request(conn):
    store(conn, "s-1", [event("e1", "PRK", "USA", "111", -2.0, day(3), [mention("x", "A", day(3))]),
                        event("e2", "USA", "PRK", "112", -2.0, day(3), [mention("y", "B", day(3))])])
    assert tension.pair_series(conn, "USA", "PRK", day(3), day(3))[0].value == pytest.approx(-4.0)
    directed = tension.pair_series(conn, "USA", "PRK", day(3), day(3), directed=True)[0]
    assert [e.id for e in directed.events] == ["e2"]


def test_actor_level_pair_matches_only_that_actor(conn):
    store(conn, "s-1", [event("e1", "PRKGOV", "USA", "111", -2.0, day(3), [mention("x", "A", day(3))]),
                        event("e2", "PRKMIL", "USA", "150", -7.2, day(3), [mention("y", "B", day(3))])])
    assert [e.id for e in tension.pair_series(conn, "PRKGOV", "USA", day(3), day(3))[0].events] == ["e1"]


def test_copies_and_rewrites_do_not_add_weight_but_independent_outlets_do(conn):
    put_articles(conn, ("w", "Wire", day(4)), ("c", "Copier", day(4)), ("r", "Rewriter", day(4)),
                 ("i", "Own Desk", day(4)))
    save_relations(conn, [("c", "w", "copy_of", 0.95), ("r", "w", "rewrite_of", 0.8)])
    copied = event("e-copied", "PRK", "USA", "150", -7.2, day(4),
                   [mention("w", "Wire", day(4)), mention("c", "Copier", day(4)), mention("r", "Rewriter", day(4))])
    independent = event("e-indep", "PRK", "USA", "150", -7.2, day(5),
                        [mention("w", "Wire", day(5)), mention("i", "Own Desk", day(5))])
    store(conn, "s-1", [copied, independent])
    series = {d.day: d for d in tension.pair_series(conn, "PRK", "USA", day(4), day(5))}
    (first,), (second,) = series[day(4)].events, series[day(5)].events
    assert first.independent_outlets == 1 and first.weight == pytest.approx(1.0)
    assert second.independent_outlets == 2 and second.weight == pytest.approx(1 + math.log(2))
    assert series[day(4)].value == pytest.approx(-7.2)


def test_one_outlet_reporting_twice_is_one_outlet(conn):
    store(conn, "s-1", [event("e1", "PRK", "USA", "150", -7.2, day(4),
                              [mention("a", "Wire", day(4)), mention("b", "Wire", day(4))])])
    assert tension.pair_series(conn, "PRK", "USA", day(4), day(4))[0].events[0].independent_outlets == 1


def test_negated_events_are_left_out_and_threats_count_with_their_goldstein(conn):
    store(conn, "s-1", [event("no", "PRK", "USA", "190", -10.0, day(4), [mention("a", "A", day(4))], negated=True),
                        event("threat", "PRK", "USA", "138", -7.0, day(4), [mention("b", "B", day(4))],
                              hypothetical=True)])
    (today,) = tension.pair_series(conn, "PRK", "USA", day(4), day(4))
    assert [e.id for e in today.events] == ["threat"] and today.value == pytest.approx(-7.0)


def test_attributed_events_count_at_reduced_weight(conn):
    store(conn, "s-1", [event("e1", "PRK", "USA", "150", -7.2, day(4), [mention("a", "A", day(4))],
                              reported_by="KORMIL")])
    assert tension.pair_series(conn, "PRK", "USA", day(4), day(4))[0].value == pytest.approx(-7.2 * tension.REPORTED_WEIGHT)


def test_an_event_dated_after_its_first_report_counts_on_the_report_day(conn):
    store(conn, "s-1", [event("drill", "USA", "PRK", "138", -7.0, day(21), [mention("a", "A", day(10))])])
    series = tension.pair_series(conn, "PRK", "USA", day(9), day(22))
    assert [d.day for d in series if d.events] == [day(10)]


def test_active_pairs_groups_country_level_both_directions(conn):
    store(conn, "s-1", [event("e1", "PRKGOV", "USA", "111", -2.0, day(3), [mention("x", "A", day(3))]),
                        event("e2", "USA", "PRK", "112", -2.0, day(4), [mention("y", "B", day(4))]),
                        event("e3", "JPN", "VNM", "057", 8.0, day(4), [mention("z", "C", day(4))]),
                        event("e4", "PRK", None, "190", -10.0, day(4), [mention("q", "D", day(4))])])
    pairs = tension.active_pairs(conn, day(1))
    assert [(p["a"], p["b"], p["events"]) for p in pairs] == [("PRK", "USA", 2), ("JPN", "VNM", 1)]
    assert pairs[0]["value"] == pytest.approx(-4.0) and pairs[0]["last_day"] == "2023-08-04"
    assert tension.active_pairs(conn, day(4), until=day(4))[0]["events"] == 1


def test_keyword_and_code_filters(conn):
    store(conn, "s-1", [event("e1", "PRK", "USA", "150", -7.2, day(4), [mention("a", "A", day(4))]),
                        event("e2", "PRK", "USA", "111", -2.0, day(4),
                              [mention("b", "B", day(4), "Pyongyang criticised the drills.")])])
    by_word = tension.filtered_series(conn, tension.keyword_filter("MISSILE"), day(4), day(4))[0]
    by_code = tension.filtered_series(conn, tension.code_filter("15"), day(4), day(4))[0]
    assert [e.id for e in by_word.events] == ["e1"] and [e.id for e in by_code.events] == ["e1"]
