from dataclasses import replace
from datetime import date

import pytest

from wirewatch.errors import ArticleNotFound, BadQuery, StoryNotFound, WirewatchError
from wirewatch.extract.actors import Actor
from wirewatch.model import Article, Event, EventMention, Quantity, Quote, SentenceEvent
from wirewatch.store import events as store
from wirewatch.store.articles import save_articles
from wirewatch.store.stories import add_to_story, create_story, merge_stories

LAUNCH = ("North Korea fired two ballistic missiles into the sea on Monday, South Korea's military said.\n"
          "Seoul condemned the launch as a clear provocation.")
KCNA = ("The DPRK conducted a successful drill of its strategic forces on Tuesday, KCNA reported.\n"
        "South Korean officials denounced the drill.")
TALKS = "The United States said it was ready to meet North Korean officials without preconditions."

ARTICLES = [
    ("a1", "Yonhap", "https://yna.example/a1", date(2023, 8, 14), LAUNCH),
    ("a2", "KCNA Watch", "https://kcna.example/a2", date(2023, 8, 15), KCNA),
    ("a3", "Reuters", "https://reuters.example/a3", date(2023, 8, 10), TALKS),
]


def article(article_id, outlet, url, published, body):
    return Article(id=article_id, body=body, title=body.split(".")[0], author=None, outlet=outlet, url=url,
                   published=published, language="en", source=f"{article_id}.txt", kind="text")


def mention(article_id, start, end):
    _, outlet, url, published, body = next(a for a in ARTICLES if a[0] == article_id)
    return EventMention(article_id, start, end, body[start:end], outlet, url, published)


def event(event_id, story_id, source, target, code, goldstein, quad, day, mentions, **extra):
    fields = dict(source_name=source and source.title(), target_name=target and target.title(), negated=False,
                  hypothetical=False, reported_by=None, date_first=day, date_last=day, place=None,
                  place_country=None, latitude=None, longitude=None)
    fields.update(extra)
    return Event(id=event_id, story_id=story_id, source=source, target=target, code=code, goldstein=goldstein,
                 quad_class=quad, mentions=tuple(mentions), **fields)


def story_events():
    """Two events of story s-a1 (a launch reported twice, a criticism) and one of story s-a3 (talks offer)."""
    launch_end = LAUNCH.index("\n")
    drill_end = KCNA.index("\n")
    launch = event("e-launch", "s-a1", "PRKMIL", "KOR", "150", -7.2, 4, date(2023, 8, 14),
                   [mention("a2", 0, drill_end), mention("a1", 0, launch_end), mention("a1", 0, launch_end)],
                   place="Pyongyang", place_country="PRK", latitude=39.03, longitude=125.75, reported_by="KORMIL")
    criticism = event("e-criticism", "s-a1", "KORGOV", "PRKGOV", "111", -2.0, 3, date(2023, 8, 15),
                      [mention("a2", drill_end + 1, len(KCNA))], place="South Korea", place_country="KOR",
                      latitude=36.5, longitude=127.9)
    talks = event("e-talks", "s-a3", "USA", "PRKGOV", "036", 4.0, 1, date(2023, 8, 10),
                  [mention("a3", 0, len(TALKS))], hypothetical=True)
    return [launch, criticism], [talks]


def build_store(conn, *, with_events=True):
    """Three articles in two stories (s-a1: a1, a2; s-a3: a3), each article extracted, events merged."""
    save_articles(conn, [article(*row) for row in ARTICLES])
    for story_id, members in (("s-a1", ("a1", "a2")), ("s-a3", ("a3",))):
        first = next(a for a in ARTICLES if a[0] == members[0])
        create_story(conn, story_id, first[4][:30], first[3])
        for article_id in members:
            add_to_story(conn, article_id, story_id, 1.0, next(a[3] for a in ARTICLES if a[0] == article_id), "t")
    store.save_article_extraction(
        conn, "a1", "v1",
        actors=[(0, 11, "North Korea", Actor("PRK", "PRK", None, "North Korea")),
                (52, 63, "South Korea", Actor("KORMIL", "KOR", "MIL", "South Korea")),
                (87, 92, "Seoul", Actor("KORGOV", "KOR", "GOV", "Seoul"))],
        events=[sentence_event("a1")], quotes=[], quantities=[])
    store.save_article_extraction(
        conn, "a2", "v1", actors=[(4, 8, "DPRK", Actor("PRK", "PRK", None, "DPRK"))], events=[], quotes=[],
        quantities=[])
    if with_events:
        first, second = story_events()
        store.replace_story_events(conn, "s-a1", first)
        store.replace_story_events(conn, "s-a3", second)


def sentence_event(article_id, start=0, end=None, code="190", **extra):
    return SentenceEvent(article_id=article_id, sentence_start=start, sentence_end=end or LAUNCH.index("\n"),
                         source="PRK", source_name="North Korea", target=None, target_name=None, code=code,
                         verb="fired", date_first=date(2023, 8, 14), date_last=date(2023, 8, 14), **extra)


def test_migration_creates_the_extraction_and_event_tables(conn):
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"extractions", "article_actors", "sentence_events", "quotes", "quantities", "events",
            "event_mentions"} <= tables
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"events_story", "events_date_first", "events_source", "events_target"} <= indexes


def test_sentence_events_quotes_and_quantities_come_back_as_they_were_saved(conn):
    save_articles(conn, [article(*ARTICLES[0])])
    events = [sentence_event("a1", reported_by="KORMIL", place="Sea of Japan", latitude=40.0, longitude=135.0),
              sentence_event("a1", code="111", negated=True, hypothetical=True),
              sentence_event("a1", start=71, end=len(LAUNCH), code="111")]
    quote = Quote("a clear provocation", 102, 121, "Seoul", "KORGOV")
    quantity = Quantity("two ballistic missiles", 18, 40, 2.0, False, None, "ballistic missiles")
    store.save_article_extraction(conn, "a1", "v1", actors=[], events=events, quotes=[quote],
                                  quantities=[quantity])
    assert store.sentence_events_of(conn, ["a1"]) == events
    assert [r[0] for r in conn.execute("SELECT seq FROM sentence_events ORDER BY sentence_start, seq")] == [0, 1, 0]
    assert store.quotes_of(conn, "a1") == [quote]
    assert store.quantities_of(conn, "a1") == [quantity]


def test_saving_an_extraction_again_replaces_it_and_records_the_new_version(conn):
    build_store(conn, with_events=False)
    store.save_article_extraction(conn, "a1", "v2", actors=[], events=[sentence_event("a1", code="111")],
                                  quotes=[], quantities=[Quantity("two", 18, 21, 2.0, False, None, None)])
    store.save_article_extraction(conn, "a1", "v2", actors=[], events=[sentence_event("a1", code="111")],
                                  quotes=[], quantities=[Quantity("two", 18, 21, 2.0, False, None, None)])
    assert [e.code for e in store.sentence_events_of(conn, ["a1"])] == ["111"]
    assert len(store.quantities_of(conn, "a1")) == 1
    assert conn.execute("SELECT COUNT(*) FROM article_actors WHERE article_id = 'a1'").fetchone()[0] == 0
    assert conn.execute("SELECT version FROM extractions WHERE article_id = 'a1'").fetchone()[0] == "v2"


def test_articles_to_extract_are_the_unextracted_and_those_of_another_version(conn):
    save_articles(conn, [article(*row) for row in ARTICLES])
    assert store.articles_to_extract(conn, "v1") == ["a3", "a1", "a2"]  # publication order
    store.save_article_extraction(conn, "a1", "v1")
    assert store.articles_to_extract(conn, "v1") == ["a3", "a2"]
    assert store.articles_to_extract(conn, "v1", limit=1) == ["a3"]
    assert store.articles_to_extract(conn, "v2") == ["a3", "a1", "a2"]


def test_the_caller_owns_the_transaction(conn):
    save_articles(conn, [article(*ARTICLES[0])])
    conn.execute("BEGIN IMMEDIATE")
    store.save_article_extraction(conn, "a1", "v1", events=[sentence_event("a1")])
    first, _ = story_events()
    store.replace_story_events(conn, "s-a1", first)
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    assert store.articles_to_extract(conn, "v1") == ["a1"]
    assert store.sentence_events_of(conn, ["a1"]) == [] and store.list_events(conn) == []


def test_bad_extractions_are_refused_before_anything_is_written(conn):
    save_articles(conn, [article(*ARTICLES[0])])
    with pytest.raises(ArticleNotFound):
        store.save_article_extraction(conn, "nope", "v1")
    with pytest.raises(ValueError, match="article a2"):
        store.save_article_extraction(conn, "a1", "v1", events=[sentence_event("a2")])
    korea = Actor("PRK", "PRK", None, "North Korea")
    with pytest.raises(ValueError, match="offset 0"):
        store.save_article_extraction(conn, "a1", "v1", actors=[(0, 11, "North Korea", korea),
                                                                (0, 5, "North", Actor("USA", "USA", None, "x"))])
    assert store.articles_to_extract(conn, "v1") == ["a1"]
    store.save_article_extraction(conn, "a1", "v1", actors=[(0, 11, "North Korea", korea)] * 2)
    assert conn.execute("SELECT COUNT(*) FROM article_actors").fetchone()[0] == 1


def test_deleting_an_article_removes_its_extraction(conn):
    build_store(conn, with_events=False)
    conn.execute("DELETE FROM story_articles WHERE article_id = 'a1'")
    conn.execute("DELETE FROM articles WHERE id = 'a1'")
    for table in ("extractions", "article_actors", "sentence_events"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE article_id = 'a1'").fetchone()[0] == 0


def test_story_events_get_counts_first_url_and_first_seen_from_their_mentions(conn):
    build_store(conn)
    launch = store.get_event(conn, "e-launch")
    assert (launch["num_mentions"], launch["num_articles"], launch["num_sources"]) == (2, 2, 2)
    assert launch["source_url"] == "https://yna.example/a1" and launch["first_seen"] == "2023-08-14"
    assert (launch["source_country"], launch["target_country"], launch["root"]) == ("PRK", "KOR", "15")
    assert launch["code_name"].startswith("Show military") and launch["negated"] is False
    assert [m["outlet"] for m in launch["mentions"]] == ["Yonhap", "KCNA Watch"]
    assert launch["outlets"] == ["KCNA Watch", "Yonhap"]


def test_replacing_a_storys_events_drops_the_old_ones_and_their_mentions(conn):
    build_store(conn)
    first, _ = story_events()
    store.replace_story_events(conn, "s-a1", first[1:])
    store.replace_story_events(conn, "s-a1", first[1:])
    assert {e["id"] for e in store.list_events(conn)} == {"e-criticism", "e-talks"}
    assert conn.execute("SELECT COUNT(*) FROM event_mentions WHERE event_id = 'e-launch'").fetchone()[0] == 0
    store.replace_story_events(conn, "s-a1", [])
    assert [e["id"] for e in store.list_events(conn)] == ["e-talks"]


def test_events_list_most_recent_first_with_the_first_sentence(conn):
    build_store(conn)
    rows = store.list_events(conn)
    assert [r["id"] for r in rows] == ["e-criticism", "e-launch", "e-talks"]
    assert rows[1]["sentence"] == LAUNCH.split("\n")[0]
    assert rows[2]["hypothetical"] is True and rows[2]["code_name"] == "Express intent to meet or negotiate"
    assert [r["id"] for r in store.list_events(conn, limit=1, offset=1)] == ["e-launch"]


def test_event_filters_by_actor_prefix_code_prefix_date_and_story(conn):
    build_store(conn)
    ids = lambda **kw: sorted(r["id"] for r in store.list_events(conn, **kw))  # noqa: E731
    assert ids(actor="PRK") == ["e-criticism", "e-launch", "e-talks"]
    assert ids(actor="prkmil") == ["e-launch"]
    assert ids(actor="KORGOV") == ["e-criticism"]
    assert ids(code="15") == ["e-launch"] and ids(code="1") == ["e-criticism", "e-launch"]
    assert ids(since=date(2023, 8, 14)) == ["e-criticism", "e-launch"] == ids(since="2023-08-14")
    assert ids(story="s-a3") == ["e-talks"] and ids(story="s-a1", code="111") == ["e-criticism"]
    with pytest.raises(BadQuery, match="CAMEO"):
        store.list_events(conn, code="fire")
    with pytest.raises(StoryNotFound):
        store.list_events(conn, story="s-none")


def test_a_merged_storys_events_are_found_through_either_id_and_replaced_with_the_survivor(conn):
    build_store(conn)
    merge_stories(conn, "s-a1", "s-a3")
    assert len(store.list_events(conn, story="s-a3")) == 3
    assert len(store.list_events(conn, story="s-a1")) == 3
    first, _ = story_events()
    store.replace_story_events(conn, "s-a1", first)
    assert sorted(r["id"] for r in store.list_events(conn, story="s-a3")) == ["e-criticism", "e-launch"]


def test_get_event_takes_a_unique_prefix_and_says_clearly_when_none_or_several_match(conn):
    build_store(conn)
    assert store.get_event(conn, "e-ta")["id"] == "e-talks"
    with pytest.raises(WirewatchError, match="no event"):
        store.get_event(conn, "e-nothing")
    with pytest.raises(WirewatchError, match="several"):
        store.get_event(conn, "e-")


def test_actors_count_mentions_articles_and_events_on_each_side(conn):
    build_store(conn)
    actors = {a["code"]: a for a in store.list_actors(conn)}
    assert actors["PRK"] == {"code": "PRK", "name": "DPRK", "country": "PRK", "role": None, "mentions": 2,
                             "articles": 2, "events_as_source": 0, "events_as_target": 0}
    assert actors["PRKGOV"]["events_as_target"] == 2 and actors["PRKGOV"]["mentions"] == 0
    assert actors["PRKGOV"]["name"] == "Prkgov" and actors["PRKGOV"]["role"] == "GOV"
    assert actors["KORGOV"]["name"] == "Seoul" and actors["KORGOV"]["events_as_source"] == 1
    assert [a["code"] for a in store.list_actors(conn, limit=1)] == ["PRK"]


def test_an_empty_store_has_no_events_actors_or_work(conn):
    assert store.list_events(conn) == [] and store.list_actors(conn) == []
    assert store.articles_to_extract(conn, "v1") == [] and store.sentence_events_of(conn, []) == []
    assert store.quotes_of(conn, "a1") == [] and store.quantities_of(conn, "a1") == []


def test_events_outside_any_story_are_replaced_by_id(conn):
    build_store(conn, with_events=False)
    loose = replace(story_events()[1][0], story_id=None)
    store.replace_story_events(conn, None, [loose])
    store.replace_story_events(conn, None, [loose])
    assert [(e["id"], e["story_id"]) for e in store.list_events(conn)] == [("e-talks", None)]
