import csv
import io
import json

import pyarrow.parquet as pq

from conftest import write


STORY = (
    "Fishing fleets return to Tema after storm warning lifted\n"
    "By Kojo Mensah 2 Min Read\n"
    "Hundreds of fishing boats returned to the Ghanaian port of Tema on Friday, August 11, after the "
    "meteorological agency lifted a three-day storm warning.\n"
    "Share This Article\n"
    "Harbour officials said about 300 canoes had stayed ashore during the warning.\n"
)


def ingested(run, tmp_path):
    write(tmp_path / "in" / "tema.txt", STORY)
    result = run("ingest", str(tmp_path / "in"), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_ingest_json_summary_counts_articles(run, tmp_path):
    summary = ingested(run, tmp_path)
    assert (summary["ingested"], summary["duplicates"], summary["skipped"]) == (1, 0, 0)


def test_articles_json_lists_the_documented_fields(run, tmp_path):
    ingested(run, tmp_path)
    [row] = json.loads(run("articles", "--json").output)
    assert set(row) == {"id", "title", "author", "outlet", "url", "published", "language"}
    assert row["title"].startswith("Fishing fleets return") and row["author"] == "Kojo Mensah"
    assert row["published"].endswith("-08-11") and row["language"] == "en"


def test_show_json_adds_body_and_removed_lines_and_removed_lists_them(run, tmp_path):
    ingested(run, tmp_path)
    [row] = json.loads(run("articles", "--json").output)
    record = json.loads(run("show", row["id"][:8], "--json").output)
    assert "300 canoes" in record["body"] and "Share This Article" not in record["body"]
    assert {line["text"] for line in record["removed"]} >= {"By Kojo Mensah 2 Min Read", "Share This Article"}
    listing = run("show", row["id"], "--removed").output
    assert "Share This Article" in listing and "[" in listing


def test_unknown_article_id_is_a_one_line_error(run, tmp_path):
    ingested(run, tmp_path)
    result = run("show", "ffffffffffff")
    assert result.exit_code == 1 and "no article with id" in result.output


def test_search_finds_by_words_and_tolerates_punctuation(run, tmp_path):
    ingested(run, tmp_path)
    rows = json.loads(run("search", "storm warning", "--json").output)
    assert len(rows) == 1 and "[" in rows[0]["snippet"]
    assert json.loads(run("search", "U.S.-led storm", "--json").output) == []
    assert "No match" in run("search", "volcano").output


def test_export_writes_jsonl_csv_and_parquet(run, tmp_path):
    ingested(run, tmp_path)
    lines = run("export", "--format", "jsonl").output.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["body"].startswith("Hundreds of fishing boats")
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").output)))
    assert rows[0]["title"].startswith("Fishing fleets")
    out = tmp_path / "articles.parquet"
    assert run("export", "--format", "parquet", "--output", str(out)).exit_code == 0
    assert pq.read_table(out).num_rows == 1
    folder = tmp_path / "parquet"
    run("export", "--format", "parquet", "--output", str(folder))
    assert [p.name for p in folder.iterdir()] == [f"month={rows[0]['published'][:7]}"]


def test_ingest_reads_standard_input(run):
    result = run("ingest", "-", "--json", input=STORY)
    assert json.loads(result.output)["ingested"] == 1


def test_help_lists_the_commands(run):
    output = run("--help").output
    for command in ("ingest", "articles", "show", "search", "export", "evaluate"):
        assert command in output
