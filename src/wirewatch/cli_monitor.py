"""``wirewatch watch``, ``alerts``, ``tension`` and ``replay``: thin wrappers over the monitor."""
from __future__ import annotations

import logging
import sys
from datetime import date, timedelta
from pathlib import Path

import click

from wirewatch.cli_stories import parse_since
from wirewatch.render import print_json, print_table
from wirewatch.store import watch as watch_store


def _day(value: str | None) -> date | None:
    return parse_since(value) if value else None


def _echo_alert(alert: dict) -> None:
    from wirewatch.monitor.watch import describe_alert

    click.echo(describe_alert(alert))
    for event in alert["events"][:5]:
        click.echo(f"    {event['contribution']:+6.1f}  {event['source'] or '-'}->{event['target'] or '-'} "
                   f"{event['code']}  {(event['sentence'] or '')[:110]}")
    for story in alert["stories"]:
        click.echo(f"    story {story['id']}: {story['title'] or ''}")


def _ensure_pair_rules(conn, pairs, threshold: float, method: str) -> None:
    known = {(r["subject"], r["other"]) for r in watch_store.list_rules(conn) if r["kind"] == "pair"}
    for a, b in pairs:
        if (a.upper(), b.upper()) not in known:
            watch_store.add_rule(conn, "pair", a, b, threshold=threshold, method=method)


def register(main: click.Group) -> None:
    """Add the monitor commands to the ``wirewatch`` group."""

    @main.group()
    def watch() -> None:
        """Watch rules: pairs, actors, keywords or event types whose escalation raises an alert."""

    @watch.command("add")
    @click.option("--pair", nargs=2, metavar="A B", help="Two actor codes (PRK USA; PRKGOV USA for actor level).")
    @click.option("--directed", is_flag=True, help="With --pair: only events from A to B.")
    @click.option("--actor", help="One actor code, against any counterpart.")
    @click.option("--keyword", help="Events whose reporting sentences contain this word.")
    @click.option("--event-type", help="A CAMEO code and the codes under it (15, 190...): alerts on surges.")
    @click.option("--threshold", default=2.5, show_default=True, help="Detector score that raises an alert.")
    @click.option("--method", type=click.Choice(["zscore", "cusum"]), default="zscore", show_default=True)
    @click.option("--webhook", help="URL that receives each alert as a JSON POST.")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_obj
    def watch_add(obj, pair, directed, actor, keyword, event_type, threshold, method, webhook, as_json) -> None:
        """Add a watch rule (give exactly one of --pair, --actor, --keyword, --event-type)."""
        given = [(k, v) for k, v in (("pair", pair), ("actor", actor), ("keyword", keyword),
                                     ("event_type", event_type)) if v]
        if len(given) != 1:
            raise click.UsageError("give exactly one of --pair A B, --actor, --keyword, --event-type")
        kind, value = given[0]
        subject, other = (value[0], value[1]) if kind == "pair" else (value, None)
        rule = watch_store.add_rule(obj.conn, kind, subject, other, directed=directed, threshold=threshold,
                                    method=method, webhook=webhook)
        if as_json:
            print_json(rule)
        else:
            click.echo(f"rule {rule['id']}: {rule['label']} (threshold {rule['threshold']}, {rule['method']})"
                       + (f", webhook {rule['webhook']}" if rule["webhook"] else ""))

    @watch.command("list")
    @click.option("--all", "include_removed", is_flag=True, help="Removed rules too.")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_obj
    def watch_list(obj, include_removed, as_json) -> None:
        """List the watch rules."""
        rules = watch_store.list_rules(obj.conn, include_removed=include_removed)
        if as_json:
            print_json(rules)
            return
        print_table([{**r, "removed": r["removed_at"] or ""} for r in rules],
                    [("id", 4), ("label", 30), ("threshold", 9), ("method", 6), ("webhook", 40), ("removed", 20)])

    @watch.command("remove")
    @click.argument("rule_id", type=int)
    @click.pass_obj
    def watch_remove(obj, rule_id) -> None:
        """Stop a rule (its alerts are kept)."""
        rule = watch_store.remove_rule(obj.conn, rule_id)
        click.echo(f"rule {rule['id']} ({rule['label']}) removed")

    @watch.command("check")
    @click.option("--as-of", help="The day to evaluate (default: the latest event day in the store).")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_obj
    def watch_check(obj, as_of, as_json) -> None:
        """Evaluate the rules now: store and deliver new alerts (run it after an ingest)."""
        from wirewatch.monitor.watch import evaluate_rules

        logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
        alerts = evaluate_rules(obj.conn, _day(as_of))
        if as_json:
            print_json(alerts)
            return
        for alert in alerts:
            _echo_alert(alert)
        if not alerts:
            click.echo("No new alert.")

    @main.command()
    @click.option("--since", help="Only escalations on or after this day (YYYY-MM-DD, or 24h, 7d).")
    @click.option("--rule", "rule_id", type=int, help="Only this rule's alerts.")
    @click.option("--limit", default=50, show_default=True)
    @click.option("--json", "as_json", is_flag=True, help="Alerts with their events, stories and deliveries.")
    @click.pass_obj
    def alerts(obj, since, rule_id, limit, as_json) -> None:
        """List stored alerts, most recent escalation first."""
        rows = watch_store.list_alerts(obj.conn, since=parse_since(since), rule_id=rule_id, limit=limit,
                                       details=as_json)
        if as_json:
            print_json(rows)
            return
        print_table([{**r, "score": f"{r['score']:.2f}", "value": f"{r['value']:+.1f}"} for r in rows],
                    [("id", 5), ("day", 10), ("detected_on", 11), ("label", 28), ("score", 6), ("value", 7),
                     ("num_events", 10)])

    @main.command()
    @click.argument("actors", nargs=-1)
    @click.option("--since", help="First day (YYYY-MM-DD, or 7d; default: 30 days before --until).")
    @click.option("--until", help="Last day (default: the latest event day).")
    @click.option("--directed", is_flag=True, help="Only events from the first actor to the second.")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_obj
    def tension(obj, actors, since, until, directed, as_json) -> None:
        """Daily tension between two actors (A B), or the active pairs when none is given."""
        from wirewatch.monitor import tension as index
        from wirewatch.monitor.watch import latest_event_day

        last = _day(until) or latest_event_day(obj.conn) or date.today()
        first = parse_since(since) or last - timedelta(days=30)
        if not actors:
            rows = index.active_pairs(obj.conn, first, until=last)
            print_json(rows) if as_json else print_table(
                rows, [("a", 8), ("b", 8), ("events", 6), ("value", 8), ("conflict_events", 15), ("last_day", 10)])
            return
        if len(actors) != 2:
            raise click.UsageError("give two actor codes, e.g. PRK USA")
        series = index.pair_series(obj.conn, actors[0], actors[1], first, last, directed=directed)
        rows = [{"day": d.day.isoformat(), "value": round(d.value, 3), "events": len(d.events),
                 "event_ids": [e.id for e in d.events]} for d in series]
        if as_json:
            print_json(rows)
            return
        print_table([{**r, "value": f"{r['value']:+.2f}"} for r in rows if r["events"]],
                    [("day", 10), ("value", 8), ("events", 6)])

    @main.command()
    @click.argument("paths", nargs=-1, required=True)
    @click.option("--speed", default=0.0, show_default=True, help="Simulated days per second (0: no pause).")
    @click.option("--db", "replay_db", type=click.Path(dir_okay=False),
                  help="Store to replay into (default: a fresh temporary store, deleted afterwards).")
    @click.option("--pair", "pairs", nargs=2, multiple=True, metavar="A B", help="Watch this pair (repeatable).")
    @click.option("--threshold", default=2.5, show_default=True, help="Threshold of the --pair rules.")
    @click.option("--method", type=click.Choice(["zscore", "cusum"]), default="zscore", show_default=True)
    @click.option("--workers", default=1, show_default=True, help="Cleaning and extraction processes.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per simulated day.")
    def replay(paths, speed, replay_db, pairs, threshold, method, workers, as_json) -> None:
        """Feed a dated archive through ingest, stories, extract and the watch rules, day by day."""
        import json
        import tempfile

        from wirewatch.monitor.replay import replay as run_replay
        from wirewatch.store.db import connect

        logging.basicConfig(level=logging.ERROR, format="%(message)s", stream=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="wirewatch-replay-db-") as scratch:
            conn = connect(Path(replay_db) if replay_db else Path(scratch) / "replay.db")
            _ensure_pair_rules(conn, pairs, threshold, method)
            if not watch_store.list_rules(conn):
                raise click.UsageError("nothing to watch: give --pair A B, or --db a store with watch rules")
            for step in run_replay(conn, paths, speed=speed, workers=workers):
                if as_json:
                    click.echo(json.dumps(step.as_dict(), ensure_ascii=False, default=str))
                    continue
                click.echo(f"{step.day or 'undated'}: {step.documents} documents, {step.ingested} new articles,"
                           f" {step.events} events in the store")
                for alert in step.alerts:
                    _echo_alert(alert)
            conn.close()
