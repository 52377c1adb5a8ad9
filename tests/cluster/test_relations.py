import json

from conftest import write
from wirewatch.cluster.stage import StoryStage
from wirewatch.pipeline import ingest
from wirewatch.store import stories as story_store

WIRE = (
    "Tanker seized off Jeju\n"
    "South Korea's coast guard seized the tanker Haebaragi off Jeju on Sunday, suspecting it of "
    "transferring 4,000 tonnes of fuel to North Korean ships, according to the Yonhap news agency. "
    "Officials said the crew of 18 was being questioned in Seogwipo and that the ship had been "
    "tracked for three weeks before it was boarded by a team of 30 officers.\n"
)
REWRITE = (
    "Seoul detains tanker Haebaragi\n"
    "The tanker Haebaragi was detained near Jeju on Sunday by South Korea's coast guard over "
    "suspected transfers of 4,000 tonnes of fuel to North Korean vessels, as reported by the Yonhap "
    "news agency. Its 18 crew members are being questioned in Seogwipo; officers had tracked the "
    "ship for three weeks, and 30 of them boarded it.\n"
)


def test_a_rewrite_points_to_the_earlier_report_even_when_it_arrived_first(conn, tmp_path, hash_embedder):
    # The rewrite (published on the 14th) is ingested before the wire report of the 13th.
    for name, text, outlet, day in [("late", REWRITE, "Delta Morning Post", "2023-08-14"),
                                     ("wire", WIRE, "Meridian Wire", "2023-08-13")]:
        title, body = text.split("\n", 1)
        record = {"title": title, "text": body, "outlet": outlet, "published": day}
        write(tmp_path / name / "a.jsonl", json.dumps(record) + "\n")
        ingest(conn, [str(tmp_path / name)], workers=1)
        StoryStage(conn, hash_embedder).process()
    (story,) = story_store.list_stories(conn)
    record = story_store.get_story(conn, story["id"])
    by_outlet = {a["outlet"]: a for a in record["articles"]}
    wire, rewrite = by_outlet["Meridian Wire"], by_outlet["Delta Morning Post"]
    assert wire["published"] < rewrite["published"]
    assert rewrite["relations"] == [{"relation": "rewrite_of", "of": wire["id"], "score": rewrite["relations"][0]["score"]}]
    assert wire["relations"] == []
    assert record["first_report"] == wire["id"] and record["title"] == "Tanker seized off Jeju"
    # The story keeps the id it was given when its first article arrived.
    assert record["id"] == f"s-{rewrite['id']}"
