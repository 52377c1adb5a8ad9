import json
from datetime import date

import click
import pytest

from conftest import write
from wirewatch.cli_stories import parse_since


def test_since_takes_a_day_or_a_span_back_from_today():
    assert parse_since("2023-08-10") == date(2023, 8, 10)
    assert parse_since("7d", today=date(2023, 8, 14)) == date(2023, 8, 7)
    assert parse_since("24h", today=date(2023, 8, 14)) == date(2023, 8, 13)
    assert parse_since(None) is None
    with pytest.raises(click.BadParameter, match="24h"):
        parse_since("last week")


def test_stories_before_any_grouping_says_what_to_do(run):
    result = run("stories")
    assert result.exit_code == 0 and "wirewatch ingest" in result.output


def test_reprocess_then_stories_and_story_list_the_seed_story(run, seeds):
    assert run("ingest", str(seeds), "--quiet").exit_code == 0
    summary = json.loads(run("reprocess", "--stage", "stories", "--json").output)
    assert summary["articles"] == 2 and summary["new_stories"] == 1 and summary["rewrites"] == 1
    stories = json.loads(run("stories", "--json").output)
    assert len(stories) == 1 and stories[0]["articles"] == 2
    story_id = stories[0]["id"]
    text = run("story", story_id[:8]).output
    assert "first report" in text and "rewrite of" in text
    record = json.loads(run("story", story_id, "--json").output)
    assert record["id"] == story_id and len(record["articles"]) == 2


def test_an_unknown_story_is_one_clear_line_and_exit_status_1(run, tmp_path):
    write(tmp_path / "in" / "a.txt", "Title\n" + "Body text about a port. " * 10)
    run("ingest", str(tmp_path / "in"), "--quiet")
    result = run("story", "s-nope")
    assert result.exit_code == 1 and "W007" in result.output
