"""``wirewatch stories``, ``story ID`` and ``reprocess``: thin wrappers over the stories and extract stages."""
from __future__ import annotations

import sys
from datetime import date

import click

from wirewatch.errors import BadQuery
from wirewatch.render import print_json, print_table, shorten
from wirewatch.since import parse_since as parse_since_value
from wirewatch.store import stories as story_store



def parse_since(value: str | None, today: date | None = None) -> date | None:
    """A day from 'YYYY-MM-DD' or a span back from now: '24h', '7d', '2w' (as a command-line option)."""
    try:
        return parse_since_value(value, today)
    except BadQuery as exc:
        raise click.BadParameter(str(exc)) from None


def _progress_bar(total: int, label: str):
    return click.progressbar(length=total, label=label, file=sys.stderr, hidden=not sys.stderr.isatty())


def register(main: click.Group) -> None:
    """Add the story commands to the ``wirewatch`` group."""

    @main.command()
    @click.option("--since", help="Only stories with an article published on or after this day (YYYY-MM-DD, or 24h, 7d).")
    @click.option("--limit", default=30, show_default=True)
    @click.option("--offset", default=0)
    @click.option("--min-articles", default=1, show_default=True, help="Hide stories with fewer articles.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
    @click.pass_obj
    def stories(obj, since, limit, offset, min_articles, as_json) -> None:
        """List stories, most recently reported first."""
        rows = story_store.list_stories(obj.conn, since=parse_since(since), limit=limit, offset=offset,
                                        min_articles=min_articles)
        if as_json:
            print_json(rows)
            return
        if not rows:
            click.echo("No stories. Ingest articles first (`wirewatch ingest PATH`), or run "
                       "`wirewatch reprocess --stage stories` on a store ingested with --no-stories.")
            return
        print_table(rows, [("id", 20), ("last_published", 10), ("articles", 8), ("outlets", 7), ("title", 64)])

    @main.command()
    @click.argument("story_id")
    @click.option("--json", "as_json", is_flag=True, help="The story, its articles and their relations as JSON.")
    @click.option("--compare", "compare", is_flag=True,
                  help="Compare the sources side by side (each claim marked) and summarise with citations.")
    @click.pass_obj
    def story(obj, story_id, as_json, compare) -> None:
        """Show one story: articles by time and outlet, copies and rewrites, the first report."""
        if compare:
            from wirewatch.cli_compare import show_comparison

            show_comparison(obj.conn, story_id, as_json)
            return
        record = story_store.get_story(obj.conn, story_id)
        if as_json:
            print_json(record)
            return
        if record["requested_id"] != record["id"] and not record["id"].startswith(record["requested_id"]):
            click.echo(f"(story {record['requested_id']} was merged into {record['id']})")
        click.echo(f"story {record['id']}: {record['title'] or '-'}")
        click.echo(f"  {len(record['articles'])} article(s) from {len(record['outlets'])} outlet(s), "
                   f"{record['first_published'] or '?'} to {record['last_published'] or '?'}; "
                   f"first report {record['first_report']}")
        click.echo()
        for article in record["articles"]:
            marks = ", ".join(f"{r['relation'].replace('_of', '')} of {r['of']} ({r['score']:.2f})"
                              for r in article["relations"])
            first = "first report" if article["id"] == record["first_report"] else ""
            note = marks or first
            click.echo(f"  {article['published'] or '?':10}  {shorten(article['outlet'] or '-', 22):22}  "
                       f"{article['id']}  {shorten(article['title'] or '', 60)}" + (f"\n{'':38}[{note}]" if note else ""))

    @main.command()
    @click.option("--stage", type=click.Choice(["stories", "extract"]), required=True, help="The stage to run again.")
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @click.pass_obj
    def reprocess(obj, stage, as_json) -> None:
        """Run a stage again over every stored article (e.g. after its model, dictionary or settings changed)."""
        total = obj.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        if stage == "extract":
            from wirewatch.extract.stage import reprocess_extract

            with _progress_bar(total, "Extracting") as bar:
                found = reprocess_extract(obj.conn, progress=bar.update).as_dict()
            if as_json:
                print_json(found)
                return
            click.echo(f"{found['articles']} articles: {found['sentence_events']} coded sentences, "
                       f"{found['quotes']} quotes; {found['events']} events in {found['stories']} stories")
            return
        from wirewatch.cluster.stage import reprocess_stories

        with _progress_bar(total, "Grouping stories") as bar:
            summary = reprocess_stories(obj.conn, progress=bar.update)
        if obj.conn.execute("SELECT 1 FROM extractions LIMIT 1").fetchone():
            from wirewatch.extract.stage import remerge_all_events

            remerge_all_events(obj.conn)  # events are merged per story: regroup them under the new stories
        if as_json:
            print_json(summary.as_dict())
            return
        s = summary.as_dict()
        click.echo(f"{s['articles']} articles in {s['stories_touched']} stories: {s['new_stories']} started, "
                   f"{s['joined']} joined one, {s['merged']} merges; {s['copies']} copies, {s['rewrites']} rewrites")
