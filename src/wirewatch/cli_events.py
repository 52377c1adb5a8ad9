"""``wirewatch events``, ``event ID`` and ``actors``: thin wrappers over the events store."""
from __future__ import annotations

import click

from wirewatch.cli_stories import parse_since
from wirewatch.render import print_json, print_table, shorten
from wirewatch.store import events as event_store


def _flags(event: dict) -> str:
    """Marks for events that did not (or not yet) happen, or that the articles attribute to someone."""
    marks = [word for word in ("negated", "hypothetical") if event[word]]
    if event["reported_by"]:
        marks.append(f"per {event['reported_by']}")
    return ", ".join(marks)


def _dyad(event: dict) -> str:
    return f"{event['source'] or '-'} → {event['target'] or '-'}"


def _table_row(event: dict) -> dict:
    return {
        "date": event["date_first"] or event["first_seen"],
        "actors": _dyad(event),
        "event": f"{event['code']} {event['code_name'] or ''}".strip(),
        "note": _flags(event),
        "goldstein": f"{event['goldstein']:+.1f}",
        "art/src": f"{event['num_articles']}/{event['num_sources']}",
        "sentence": event["sentence"],
    }


def register(main: click.Group) -> None:
    """Add the event and actor commands to the ``wirewatch`` group."""

    @main.command()
    @click.option("--story", help="Only this story's events (an id or unique prefix; merged ids resolve).")
    @click.option("--actor", help="Only events with this actor as source or target (a code prefix: PRK matches PRKGOV).")
    @click.option("--since", help="Only events on or after this day (YYYY-MM-DD, or 24h, 7d).")
    @click.option("--code", help="Only this CAMEO code and the codes under it (15 matches 150, 151...).")
    @click.option("--limit", default=50, show_default=True)
    @click.option("--offset", default=0)
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per event.")
    @click.pass_obj
    def events(obj, story, actor, since, code, limit, offset, as_json) -> None:
        """List coded events (who did what to whom, when), most recent first."""
        rows = event_store.list_events(obj.conn, story=story, actor=actor, since=parse_since(since), code=code,
                                       limit=limit, offset=offset)
        if as_json:
            print_json(rows)
            return
        if not rows:
            click.echo("No events. Events are coded by the extract stage after stories are grouped.")
            return
        print_table([_table_row(row) for row in rows],
                    [("date", 10), ("actors", 20), ("event", 44), ("note", 24), ("goldstein", 9), ("art/src", 7),
                     ("sentence", 70)])

    @main.command()
    @click.argument("event_id")
    @click.option("--json", "as_json", is_flag=True, help="The event and every mention as JSON.")
    @click.pass_obj
    def event(obj, event_id, as_json) -> None:
        """Show one event and the sentences reporting it, outlet by outlet (a unique id prefix is enough)."""
        record = event_store.get_event(obj.conn, event_id)
        if as_json:
            print_json(record)
            return
        flags = _flags(record)
        click.echo(f"event {record['id']}: {_dyad(record)}  {record['code']} {record['code_name'] or ''}"
                   + (f" [{flags}]" if flags else ""))
        names = f"{record['source_name'] or '-'} → {record['target_name'] or '-'}"
        day = record["date_first"] or "?"
        if record["date_last"] and record["date_last"] != record["date_first"]:
            day += f" to {record['date_last']}"
        place = ", ".join(p for p in (record["place"], record["place_country"]) if p) or "-"
        click.echo(f"  {names}; {day}; {place}")
        click.echo(f"  Goldstein {record['goldstein']:+.1f}, quad class {record['quad_class']}; "
                   f"{record['num_mentions']} mention(s) in {record['num_articles']} article(s) from "
                   f"{record['num_sources']} source(s); story {record['story_id'] or '-'}")
        by_outlet: dict[str, list[dict]] = {}
        for mention in record["mentions"]:
            by_outlet.setdefault(mention["outlet"] or "-", []).append(mention)
        for outlet, mentions in by_outlet.items():
            click.echo(f"\n  {outlet}")
            for m in mentions:
                click.echo(f"    {m['published'] or '?':10}  {m['article_id'][:16]}  {shorten(m['sentence'], 100)}")

    @main.command()
    @click.option("--limit", default=50, show_default=True)
    @click.option("--offset", default=0)
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per actor.")
    @click.pass_obj
    def actors(obj, limit, offset, as_json) -> None:
        """List actors (countries, governments, organisations), most mentioned first."""
        rows = event_store.list_actors(obj.conn, limit=limit, offset=offset)
        if as_json:
            print_json(rows)
            return
        if not rows:
            click.echo("No actors. Actors are found by the extract stage.")
            return
        # Counts as text: the table shows a zero as 0, not as a missing value.
        counts = ("mentions", "articles", "events_as_source", "events_as_target")
        print_table([{**row, **{key: str(row[key]) for key in counts}} for row in rows],
                    [("code", 12), ("name", 30), ("country", 7), ("role", 5), ("mentions", 8), ("articles", 8),
                     ("events_as_source", 16), ("events_as_target", 16)])
