"""The ``wirewatch`` command: each subcommand is a thin wrapper over a library function."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from wirewatch import __version__
from wirewatch.cli_compare import register as register_compare_commands
from wirewatch.cli_evaluate import register as register_evaluate_commands
from wirewatch.cli_events import register as register_event_commands
from wirewatch.cli_follow import register as register_follow_command
from wirewatch.cli_monitor import register as register_monitor_commands
from wirewatch.cli_serve import register as register_serve_command
from wirewatch.cli_stories import register as register_story_commands
from wirewatch.errors import WirewatchError
from wirewatch.ingest.sources import DEFAULT_MAX_BYTES
from wirewatch.render import print_json, print_table, shorten
from wirewatch.store import articles as article_store
from wirewatch.store.db import DB_ENV, connect, default_db_path
from wirewatch.store.export import FORMATS, export_articles
from wirewatch.store.export_events import export_events


class _Context:
    def __init__(self, db: str | None):
        self.db_path = Path(db).expanduser() if db else default_db_path()
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.db_path)
        return self._conn


class _Group(click.Group):
    """Turns Wirewatch errors into one clear line and exit status 1, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WirewatchError as exc:
            click.echo(f"wirewatch: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar=DB_ENV, type=click.Path(dir_okay=False), help=f"Store file (default: ${DB_ENV} or the user data folder).")
@click.version_option(__version__, prog_name="wirewatch")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Wirewatch turns news articles from many outlets into a clean, deduplicated, searchable store."""
    ctx.obj = _Context(db)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--outlet", help="Outlet name for every article read (overrides what the files say).")
@click.option("--batch-size", default=200, show_default=True, help="Articles per transaction.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Largest file or record read.")
@click.option("--workers", type=int, help="Cleaning processes (default: one per core, at most 4).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--no-stories", is_flag=True, help="Only clean and store; group later with `wirewatch reprocess --stage stories`.")
@click.option("--no-extract", is_flag=True, help="Skip actors, events and quotes; run later with `wirewatch reprocess --stage extract`.")
@click.pass_obj
def ingest(obj: _Context, paths, outlet, batch_size, max_bytes, workers, as_json, quiet, no_stories, no_extract) -> None:
    """Read, clean and store articles from files, folders, feeds, WARC archives or - (stdin).

    Re-running on the same files adds no article: each is recorded as a new sighting.
    """
    from wirewatch.pipeline import count_input_files, ingest as run_ingest

    show_bar = not quiet and not as_json and sys.stderr.isatty()
    total = count_input_files(paths) if show_bar else 0
    with click.progressbar(length=total, label="Ingesting", file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        summary = run_ingest(obj.conn, paths, outlet=outlet, batch_size=batch_size, max_bytes=max_bytes,
                             workers=workers, on_file=lambda _: bar.update(1), stories=not no_stories,
                             extract=not no_extract)
    alerts = []
    if summary.extract:
        from wirewatch.monitor.watch import describe_alert, evaluate_rules

        alerts = evaluate_rules(obj.conn)  # watch rules, if any (`wirewatch watch add`)
    if as_json:
        print_json({**summary.as_dict(), "alerts": alerts})
        return
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"{summary.documents} documents read in {summary.seconds:.1f} s ({rate:.{0 if rate >= 10 else 1}f}/s): "
        f"{summary.ingested} ingested, {summary.duplicates} duplicates, {len(summary.skipped)} skipped"
    )
    for skip in summary.skipped:
        click.echo(f"  skipped {skip.source}: {skip.reason}")
    if summary.stories:
        s = summary.stories
        click.echo(f"stories: {s['new_stories']} started, {s['joined']} articles joined one, {s['merged']} merged; "
                   f"{s['copies']} copies and {s['rewrites']} rewrites marked")
    if summary.extract:
        e = summary.extract
        click.echo(f"extract: {e['articles']} articles, {e['sentence_events']} coded sentences, {e['quotes']} quotes; "
                   f"{e['events']} events in the store")
    for alert in alerts:
        click.echo(f"alert: {describe_alert(alert)}")
    click.echo(f"store: {obj.db_path} ({article_store.count_articles(obj.conn)} articles)")


@main.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@click.option("--outlet", help="Only this outlet.")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
@click.pass_obj
def articles(obj: _Context, limit, offset, outlet, since, as_json) -> None:
    """List stored articles, newest first."""
    rows = article_store.list_articles(obj.conn, limit=limit, offset=offset, outlet=outlet, since=since)
    if as_json:
        print_json(rows)
        return
    print_table(rows, [("id", 16), ("published", 10), ("outlet", 22), ("title", 70)])


@main.command()
@click.argument("article_id")
@click.option("--removed", is_flag=True, help="List the lines cleaning removed, with the reason.")
@click.option("--extracted", is_flag=True, help="List what the extract stage found: events, quotes, quantities.")
@click.option("--json", "as_json", is_flag=True, help="Everything, body, removed lines and extraction included, as JSON.")
@click.pass_obj
def show(obj: _Context, article_id, removed, extracted, as_json) -> None:
    """Show one article (a unique prefix of its id is enough)."""
    from wirewatch.store.events import extraction_of

    record = article_store.get_article(obj.conn, article_id)
    found = extraction_of(obj.conn, record["id"])
    if as_json:
        print_json({**record, "extraction": found})
        return
    if extracted:
        if found is None:
            click.echo("Not extracted yet: `wirewatch reprocess --stage extract`.")
            return
        for e in found["events"]:
            note = " (negated)" if e["negated"] else " (hypothetical)" if e["hypothetical"] else ""
            note += f" per {e['reported_by']}" if e["reported_by"] else ""
            click.echo(f"  event  {e['source'] or '-'} → {e['target'] or '-'}  {e['code']}  "
                       f"{e['date_first'] or '-'}{note}: {shorten(e['sentence'], 90)}")
        for q in found["quotes"]:
            click.echo(f"  quote  {q['speaker'] or '?'} [{q['speaker_actor'] or '-'}]: {shorten(q['text'], 90)}")
        for n in found["quantities"]:
            click.echo(f"  number {n['text']} = {n['value']}{' ' + n['unit'] if n['unit'] else ''}"
                       f"{' (about)' if n['approximate'] else ''}{': ' + n['counts'] if n['counts'] else ''}")
        return
    for label in ("id", "title", "author", "outlet", "url", "published", "language"):
        click.echo(f"{label:>9}: {record.get(label) or '-'}")
    click.echo(f"{'seen':>9}: {len(record['sightings'])} source(s), first {record['first_source']}")
    click.echo()
    if removed:
        if not record["removed"]:
            click.echo("No line was removed.")
        for line in record["removed"]:
            click.echo(f"  line {line['line_no']:>3}  [{line['reason']}]  {line['text']}")
        return
    click.echo(record["body"])
    if record["removed"]:
        click.echo(f"\n({len(record['removed'])} lines removed: `wirewatch show {record['id']} --removed`)")


@main.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(obj: _Context, query, limit, as_json) -> None:
    """Full-text search of titles and bodies ("exact phrase", OR, NOT, prefix*)."""
    rows = article_store.search_articles(obj.conn, query, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No match.")
    for row in rows:
        click.echo(f"{row['id']}  {row['published'] or '----------'}  {row['outlet'] or '-'}  {row['title'] or ''}")
        click.echo(f"    {shorten(row['snippet'], 150)}")


@main.command()
@click.option("--table", type=click.Choice(["articles", "events"]), default="articles", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="File (or folder for Parquet); default stdout.")
@click.pass_obj
def export(obj: _Context, table, fmt, output) -> None:
    """Export a table as JSON Lines, CSV or Parquet (a .parquet file, or a folder partitioned by month).

    Events are written in GDELT's columns (GlobalEventID, SQLDATE, Actor1Code, EventCode...) plus Wirewatch's.
    """
    if fmt == "parquet" and output is None:
        raise click.UsageError("Parquet needs --output (a .parquet file or a folder).")
    exporter = export_events if table == "events" else export_articles
    count = exporter(obj.conn, fmt, stream=sys.stdout if output is None else None, path=output)
    if output is not None:
        click.echo(f"{count} {table} written to {output}", err=True)


register_story_commands(main)
register_event_commands(main)
register_evaluate_commands(main)
register_follow_command(main)
register_monitor_commands(main)
register_serve_command(main)
register_compare_commands(main)

if __name__ == "__main__":
    main()
