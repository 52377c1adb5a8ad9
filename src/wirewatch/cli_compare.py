"""``wirewatch sitrep`` and ``story ID --compare``: thin wrappers over ``compare.sitrep`` and ``compare_story``."""
from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

import click

from wirewatch.render import print_json, shorten

# How a claim's mark reads in the side-by-side listing.
_LABELS = {"corroborated": "corroborated", "single-source": "single-source", "conflict": "conflict",
           "commentary": "commentary"}


def comparison_report(conn: sqlite3.Connection, story_id: str) -> dict:
    """A story's comparison as JSON-ready data, with its cited summary under ``summary``."""
    from wirewatch.compare.story import compare_story, comparison_as_dict, default_comparer
    from wirewatch.compare.summary import summarize_story, summary_as_dicts

    comparer = default_comparer()
    comparison = compare_story(conn, story_id, comparer=comparer)
    return {**comparison_as_dict(comparison),
            "summary": summary_as_dicts(summarize_story(comparison, vectors=comparer.vectors))}


def _mark(claim: dict, group: dict) -> str:
    status = group["status"]
    if claim["kind"] == "commentary":
        return "[commentary]"
    if status == "corroborated":
        independent = "" if group["independent"] else ", not independent"
        return f"[corroborated: {', '.join(group['outlets'])}{independent}]"
    if status == "conflict":
        return f"[conflict: {group['reason']}]"
    return f"[{_LABELS.get(status, status)}]" + (" (attributed)" if claim["kind"] == "attributed" else "")


def print_comparison(report: dict, width: int = 100) -> None:
    """The sources side by side: per article, each claim with its mark; then the cited summary."""
    groups = {g["id"]: g for g in report["groups"]}
    claims = {(c["article_id"], c["index"]): c for g in report["groups"] for c in g["claims"]}
    counts = report["counts"]
    click.echo(f"story {report['story_id']}: {len(report['articles'])} article(s); "
               + ", ".join(f"{n} {status}" for status, n in counts.items()))
    for article in report["articles"]:
        relations = "; ".join(f"{r['relation'].replace('_of', '')} of {r['of']}" for r in article["relations"])
        click.echo()
        click.echo(f"== {article['outlet'] or article['id']} — {shorten(article['title'] or '', 70)} "
                   f"({article['published'] or '?'}){f' [{relations}]' if relations else ''}")
        for mark in report["marks"].get(article["id"], []):
            claim = claims[(article["id"], mark["index"])]
            label = _mark(claim, groups[mark["group"]])
            body = textwrap.fill(claim["text"], width=width, initial_indent="    ", subsequent_indent="    ")
            click.echo(f"  {label}\n{body}")
    click.echo()
    click.echo("Summary")
    if not report["summary"]:
        click.echo("  (no fact stated in these articles)")
    for number, sentence in enumerate(report["summary"], start=1):
        click.echo(textwrap.fill(sentence["cited"], width=width, initial_indent=f"  {number}. ",
                                 subsequent_indent="     "))


def show_comparison(conn: sqlite3.Connection, story_id: str, as_json: bool) -> None:
    """What ``story ID --compare`` prints."""
    report = comparison_report(conn, story_id)
    if as_json:
        print_json(report)
    else:
        print_comparison(report)


def register(main: click.Group) -> None:
    """Add ``sitrep`` to the ``wirewatch`` group."""

    @main.command()
    @click.option("--since", help="Only stories published on or after this day (YYYY-MM-DD, or 24h, 7d, 2w).")
    @click.option("--actor", help="Only stories with an event whose source or target starts with this code (PRK).")
    @click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1), help="Stories in the report.")
    @click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
    @click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
    @click.pass_obj
    def sitrep(obj, since, actor, limit, fmt, output) -> None:
        """The situation report: top stories by outlets, recency and event intensity, each with a cited
        summary, what is corroborated, single-source or in conflict, key quotes and coded events."""
        from wirewatch.cli_stories import parse_since
        from wirewatch.compare.sitrep import situation_report
        from wirewatch.compare.sitrep_render import render_report

        report = situation_report(obj.conn, since=parse_since(since), actor=actor, limit=limit)
        text = render_report(report, fmt)
        if output is None:
            click.echo(text, nl=False)
            return
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(report['stories'])} stories written to {output}", err=True)
