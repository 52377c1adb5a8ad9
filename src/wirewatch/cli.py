"""The ``wirewatch`` command: each subcommand is a thin wrapper over a library function."""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import click

from wirewatch import __version__
from wirewatch.cli_stories import register as register_story_commands
from wirewatch.errors import WirewatchError
from wirewatch.ingest.sources import DEFAULT_MAX_BYTES
from wirewatch.render import print_json, print_table, shorten
from wirewatch.store import articles as article_store
from wirewatch.store.db import DB_ENV, connect, default_db_path
from wirewatch.store.export import FORMATS, export_articles


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
@click.pass_obj
def ingest(obj: _Context, paths, outlet, batch_size, max_bytes, workers, as_json, quiet, no_stories) -> None:
    """Read, clean and store articles from files, folders, feeds, WARC archives or - (stdin).

    Re-running on the same files adds no article: each is recorded as a new sighting.
    """
    from wirewatch.pipeline import count_input_files, ingest as run_ingest

    show_bar = not quiet and not as_json and sys.stderr.isatty()
    total = count_input_files(paths) if show_bar else 0
    with click.progressbar(length=total, label="Ingesting", file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        summary = run_ingest(obj.conn, paths, outlet=outlet, batch_size=batch_size, max_bytes=max_bytes,
                             workers=workers, on_file=lambda _: bar.update(1), stories=not no_stories)
    if as_json:
        print_json(summary.as_dict())
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
@click.option("--json", "as_json", is_flag=True, help="Everything, body and removed lines included, as JSON.")
@click.pass_obj
def show(obj: _Context, article_id, removed, as_json) -> None:
    """Show one article (a unique prefix of its id is enough)."""
    record = article_store.get_article(obj.conn, article_id)
    if as_json:
        print_json(record)
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
@click.option("--table", type=click.Choice(["articles"]), default="articles", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="File (or folder for Parquet); default stdout.")
@click.pass_obj
def export(obj: _Context, table, fmt, output) -> None:
    """Export a table as JSON Lines, CSV or Parquet (a .parquet file, or a folder partitioned by month)."""
    if fmt == "parquet" and output is None:
        raise click.UsageError("Parquet needs --output (a .parquet file or a folder).")
    count = export_articles(obj.conn, fmt, stream=sys.stdout if output is None else None, path=output)
    if output is not None:
        click.echo(f"{count} {table} written to {output}", err=True)


@main.group()
def evaluate() -> None:
    """Score a stage against labelled data (e.g. ../shared/eval)."""


def _evaluation_options(command):
    command = click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")(command)
    command = click.option("--no-baselines", is_flag=True, help="Skip the same-run baselines.")(command)
    command = click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path),
                           help="Write each item's output as JSON Lines, to re-score independently.")(command)
    return click.option("--data", required=True, type=click.Path(path_type=Path), help="The data folder.")(command)


@evaluate.command("clean")
@_evaluation_options
@click.option("--mode", type=click.Choice(["html", "text"]), default="html", show_default=True,
              help="html: extract from the page; text: clean the page's whole visible text.")
def evaluate_clean_command(data, predictions, no_baselines, as_json, mode) -> None:
    """Main-text extraction: precision, recall and F1 as the data set defines them."""
    from wirewatch.evaluate.extraction import evaluate_clean

    result = _with_progress(lambda progress: evaluate_clean(
        data, mode=mode, predictions=predictions, baselines=not no_baselines, progress=progress), as_json)
    _print_evaluation(result, as_json)


@evaluate.command("dates")
@_evaluation_options
def evaluate_dates_command(data, predictions, no_baselines, as_json) -> None:
    """Publication dates of HTML pages: precision, recall, F1 and accuracy."""
    from wirewatch.evaluate.dates import evaluate_dates

    result = _with_progress(lambda progress: evaluate_dates(
        data, predictions=predictions, baselines=not no_baselines, progress=progress), as_json)
    _print_evaluation(result, as_json)


@evaluate.command("stories")
@_evaluation_options
@click.option("--orders", default=0, show_default=True,
              help="Also run Wirewatch on this many shuffled arrival orders and report how much the result moves.")
def evaluate_stories_command(data, predictions, no_baselines, as_json, orders) -> None:
    """Story grouping: B-cubed, pairwise, NMI, ARI and cluster counts (SemEval pairs: Pearson r).

    The data set is recognised from the folder's layout: BASIL, ECB+, Google News (MStream),
    NeuS AllSides, NewsWCL50 or SemEval-2022 task 8.
    """
    from wirewatch.evaluate.stories import evaluate_stories

    try:
        from wirewatch.cluster.evaluation import WirewatchGrouper
    except ImportError as exc:
        raise click.ClickException(f"the story grouper (wirewatch.cluster.evaluation.WirewatchGrouper) "
                                   f"cannot be imported: {exc}") from exc
    result = _with_progress(lambda progress: evaluate_stories(
        data, system=WirewatchGrouper(), predictions=predictions, baselines=not no_baselines,
        progress=progress, orders=orders), as_json)
    _print_story_evaluation(result, as_json)


@evaluate.command("events")
@_evaluation_options
@click.option("--folds", default=5, show_default=True,
              help="ConfliBERT: cross-validation folds for coders that learn (fixed seed); 0 for none.")
def evaluate_events_command(data, predictions, no_baselines, as_json, folds) -> None:
    """Event coding: CAMEO triples, PLOVER types and actors, or pentaclasses.

    The data set is recognised from the folder's layout: PETRARCH records (the unit tests or the
    PETR-2 GSR), the PLOVER GSR or ConfliBERT's cameo_class.tsv. If the Wirewatch coder cannot
    be loaded, the baselines still run and a note says so (with --no-baselines it is an error).
    """
    from wirewatch.evaluate.events import WIREWATCH_CODER, evaluate_events, wirewatch_coder

    coder = None  # evaluate_events builds it, or notes why it cannot and runs the baselines alone
    if no_baselines:
        try:
            coder = wirewatch_coder()
        except Exception as exc:  # noqa: BLE001 - whatever stops the coder, the message names it
            raise click.ClickException(f"the Wirewatch coder ({WIREWATCH_CODER}) is not available "
                                       f"({type(exc).__name__}: {exc}) and --no-baselines leaves nothing to score")
    result = _with_progress(lambda progress: evaluate_events(
        data, system=coder, predictions=predictions, baselines=not no_baselines, progress=progress,
        folds=folds), as_json)
    _print_event_evaluation(result, as_json)


# (header, result key) per data set: the table keeps to the headline scores, --json has them all.
_EVENT_COLUMNS = {
    "petrarch": (("P", "precision"), ("R", "recall"), ("F1", "f1"), ("F1 country", "country_f1"),
                 ("root", "root_accuracy"), ("quad", "quad_accuracy"), ("penta", "pentaclass_accuracy"),
                 ("source", "source_match"), ("target", "target_match"), ("src country", "source_country_match"),
                 ("tgt country", "target_country_match"), ("false events", "false_events"), ("s", "seconds")),
    "plover": (("type acc", "type_accuracy"), ("type macro-F1", "type_macro_f1"), ("names", "type_names"),
               ("src country", "source_country_match"), ("src +sector", "source_actor_match"),
               ("tgt country", "target_country_match"), ("tgt +sector", "target_actor_match"),
               ("events/sent", "events_per_sentence"), ("s", "seconds")),
    "conflibert_cameo": (("protocol", "protocol"), ("macro-F1", "macro_f1"), ("±", "macro_f1_std"),
                         ("accuracy", "accuracy"), ("answered", "answered"), ("s", "seconds")),
}


def _event_cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _print_event_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    click.echo(f"{result['dataset']}: {result['file']} ({result['items']} sentences, {result['data']})")
    rows = [("wirewatch", result["system"])] if result.get("system") else []
    if result.get("system_cv"):
        rows.append(("wirewatch", result["system_cv"]))
    rows += list(result["baselines"].items())
    columns = _EVENT_COLUMNS[result["dataset"]]
    print_table([{"system": name, **{header: _event_cell(scores.get(key)) for header, key in columns}}
                 for name, scores in rows], [("system", 14)] + [(header, 13) for header, _ in columns])
    for note in result.get("notes") or ():
        click.echo(f"note: {note}")


_STORY_COLUMNS = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi", "ari", "clusters", "gold_clusters")


def _story_table(system: dict, baselines: dict, columns) -> None:
    rows = [{"system": "wirewatch", **system}] + [{"system": name, **scores} for name, scores in baselines.items()]
    print_table([{k: (f"{v:.3f}" if isinstance(v, float) and k != "seconds" else v) for k, v in row.items()}
                 for row in rows], [("system", 16)] + [(key, 16) for key in columns])


def _print_story_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    click.echo(f"{result['dataset']} ({result['items']} items, {result['data']})")
    if "metric" in result:
        click.echo(f"Pearson r = {result['metric']}")
        _story_table(result["system"], result["baselines"], ("pearson", "pairs", "seconds"))
    else:
        runs = result["runs"]
        for run_name, run in runs.items():
            for level, scores in run["levels"].items():
                if len(runs) > 1 or len(run["levels"]) > 1:
                    click.echo(f"\n{run_name}, {level} level ({run['items']} items, order: {run['order']})")
                _story_table(scores["system"], scores["baselines"], _STORY_COLUMNS + ("seconds",))
    stability = result.get("order_stability")
    if stability:
        click.echo(f"\narrival order, {stability['orders']} shuffles: B-cubed F1 {stability['bcubed_f1_min']:.3f}"
                   f" to {stability['bcubed_f1_max']:.3f}; ARI with the canonical order: mean "
                   f"{stability['ari_with_canonical_order_mean']:.3f}, min {stability['ari_with_canonical_order_min']:.3f}")
    for note in result.get("notes") or ():
        click.echo(f"note: {note}")


def _with_progress(run, as_json: bool):
    show_bar = sys.stderr.isatty()
    state: dict = {}

    def progress(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label="Scoring", file=sys.stderr, hidden=not show_bar)
            state["bar"].__enter__()
        state["bar"].update(done - state["bar"].pos)

    try:
        return run(progress)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)


def _print_evaluation(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    click.echo(f"{result.get('dataset')} ({result.get('items')} items, {result.get('data')})")
    rows = [{"system": "wirewatch", **result["system"]}]
    rows += [{"system": name, **scores} for name, scores in (result.get("baselines") or {}).items()]
    columns = [("system", 22)] + [(key, 9) for key in ("precision", "recall", "f1", "accuracy") if key in result["system"]]
    print_table([{k: (f"{v:.3f}" if isinstance(v, float) else v) for k, v in row.items()} for row in rows], columns)


register_story_commands(main)

if __name__ == "__main__":
    main()
