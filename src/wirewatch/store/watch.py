"""Reading and writing watch rules, alerts, the events behind each alert, and alert deliveries.

Writers that touch several rows (``save_alert``) do not commit: the caller owns the transaction.
Single-row writers (``add_rule``, ``remove_rule``, ``record_delivery``) are one statement each: in
the store's autocommit mode they commit on their own unless the caller has begun a transaction.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta

from wirewatch.errors import BadQuery
from wirewatch.store.articles import now_iso

KINDS = ("pair", "actor", "keyword", "event_type")


def _rule_row(row: sqlite3.Row) -> dict:
    record = dict(row)
    record["directed"] = bool(record["directed"])
    record["label"] = rule_label(record)
    return record


def rule_label(rule: dict) -> str:
    """What a rule watches, in words: 'pair PRK-USA', 'pair PRK->USA', 'actor PRK', 'keyword missile'."""
    if rule["kind"] == "pair":
        return f"pair {rule['subject']}{'->' if rule['directed'] else '-'}{rule['other']}"
    return f"{rule['kind'].replace('_', ' ')} {rule['subject']}"


def add_rule(conn: sqlite3.Connection, kind: str, subject: str, other: str | None = None, *,
             directed: bool = False, threshold: float = 2.5, method: str = "zscore",
             webhook: str | None = None) -> dict:
    """Store a new active rule and return it. Actor codes are upper-cased; keywords kept as given."""
    if kind not in KINDS:
        raise BadQuery(f"unknown watch rule kind {kind!r}: use one of {', '.join(KINDS)}")
    subject = (subject or "").strip()
    other = other.strip().upper() if other else None
    if not subject or (kind == "pair") != bool(other):
        raise BadQuery("a pair rule needs two actor codes; the other rules one subject")
    if kind in ("pair", "actor"):
        subject = subject.upper()
    if kind == "event_type" and not subject.isdigit():
        raise BadQuery(f"{subject!r} is not a CAMEO event code: give digits, e.g. 15 or 190")
    if webhook and not webhook.startswith(("http://", "https://")):
        raise BadQuery(f"webhook {webhook!r} is not an http(s) URL")
    cursor = conn.execute(
        "INSERT INTO watch_rules (kind, subject, other, directed, threshold, method, webhook, created_at)"
        " VALUES (?,?,?,?,?,?,?,?)", (kind, subject, other, int(directed), threshold, method, webhook, now_iso()))
    return get_rule(conn, cursor.lastrowid)


def get_rule(conn: sqlite3.Connection, rule_id: int) -> dict:
    row = conn.execute("SELECT * FROM watch_rules WHERE id = ?", (rule_id,)).fetchone()
    if row is None:
        raise BadQuery(f"no watch rule with id {rule_id}: `wirewatch watch list` shows them")
    return _rule_row(row)


def list_rules(conn: sqlite3.Connection, *, include_removed: bool = False) -> list[dict]:
    """Rules in the order they were added; removed ones only when asked."""
    clause = "" if include_removed else " WHERE removed_at IS NULL"
    return [_rule_row(r) for r in conn.execute(f"SELECT * FROM watch_rules{clause} ORDER BY id")]


def remove_rule(conn: sqlite3.Connection, rule_id: int) -> dict:
    """Stop a rule; its past alerts are kept (they point at it)."""
    rule = get_rule(conn, rule_id)
    if rule["removed_at"] is None:
        conn.execute("UPDATE watch_rules SET removed_at = ? WHERE id = ?", (now_iso(), rule_id))
    return get_rule(conn, rule_id)


def alerted_near(conn: sqlite3.Connection, rule_id: int, day: date, cooldown_days: int) -> bool:
    """Whether the rule already alerted on this day or within ``cooldown_days`` before it."""
    first = (day - timedelta(days=cooldown_days)).isoformat()
    return conn.execute("SELECT 1 FROM alerts WHERE rule_id = ? AND day BETWEEN ? AND ? LIMIT 1",
                        (rule_id, first, day.isoformat())).fetchone() is not None


def save_alert(conn: sqlite3.Connection, rule: dict, *, day: date, detected_on: date, value: float,
               score: float, baseline_mean: float, baseline_std: float, method: str,
               events: Sequence[tuple[str, str | None, float]]) -> int | None:
    """Store an alert with its (event id, story id, contribution) rows; None if it already exists.

    Does not commit: call it inside the caller's transaction.
    """
    cursor = conn.execute(
        "INSERT OR IGNORE INTO alerts (rule_id, day, detected_on, label, value, score, baseline_mean,"
        " baseline_std, method, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (rule["id"], day.isoformat(), detected_on.isoformat(), rule["label"], value, score, baseline_mean,
         baseline_std, method, now_iso()))
    if cursor.rowcount == 0:
        return None
    alert_id = cursor.lastrowid
    conn.executemany("INSERT OR IGNORE INTO alert_events (alert_id, event_id, story_id, contribution)"
                     " VALUES (?,?,?,?)", [(alert_id, e, s, c) for e, s, c in events])
    return alert_id


def record_delivery(conn: sqlite3.Connection, alert_id: int, channel: str, *, target: str | None,
                    delivered: bool, attempts: int, http_status: int | None = None,
                    error: str | None = None) -> None:
    """Record one delivery attempt series (log line or webhook POST) of an alert."""
    conn.execute(
        "INSERT INTO alert_deliveries (alert_id, channel, target, status, attempts, http_status, error, at)"
        " VALUES (?,?,?,?,?,?,?,?)", (alert_id, channel, target, "delivered" if delivered else "failed",
                                      attempts, http_status, error, now_iso()))


def get_alert(conn: sqlite3.Connection, alert_id: int) -> dict:
    """One alert with its rule, its events (largest contribution to conflict first), stories and deliveries."""
    row = conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    if row is None:
        raise BadQuery(f"no alert with id {alert_id}: `wirewatch alerts` lists them")
    return _alert_details(conn, dict(row))


def _alert_details(conn: sqlite3.Connection, alert: dict) -> dict:
    alert["events"] = [dict(r) for r in conn.execute(
        "SELECT ae.event_id, ae.story_id, ae.contribution, e.source, e.target, e.code, e.goldstein,"
        " e.num_sources, (SELECT m.sentence FROM event_mentions m WHERE m.event_id = ae.event_id"
        "  ORDER BY m.published IS NULL, m.published, m.article_id LIMIT 1) AS sentence"
        " FROM alert_events ae LEFT JOIN events e ON e.id = ae.event_id WHERE ae.alert_id = ?"
        " ORDER BY ae.contribution, ae.event_id", (alert["id"],))]
    story_ids = sorted({e["story_id"] for e in alert["events"] if e["story_id"]})
    marks = ",".join("?" * len(story_ids))
    alert["stories"] = [dict(r) for r in conn.execute(
        f"SELECT id, title, first_published, last_published FROM stories WHERE id IN ({marks}) ORDER BY id",
        story_ids)] if story_ids else []
    alert["deliveries"] = [dict(r) for r in conn.execute(
        "SELECT channel, target, status, attempts, http_status, error, at FROM alert_deliveries"
        " WHERE alert_id = ? ORDER BY id", (alert["id"],))]
    return alert


def list_alerts(conn: sqlite3.Connection, *, since: date | str | None = None, rule_id: int | None = None,
                limit: int | None = 50, details: bool = False) -> list[dict]:
    """Alerts, most recent escalation day first; ``since`` keeps days on or after it.

    details: include each alert's events, stories and deliveries.
    """
    where, params = [], []
    if since:
        where.append("day >= ?")
        params.append(since.isoformat() if isinstance(since, date) else str(since))
    if rule_id is not None:
        where.append("rule_id = ?")
        params.append(rule_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = [dict(r) for r in conn.execute(
        f"SELECT a.*, (SELECT COUNT(*) FROM alert_events x WHERE x.alert_id = a.id) AS num_events"
        f" FROM alerts a {clause} ORDER BY day DESC, id DESC LIMIT ?", [*params, -1 if limit is None else limit])]
    return [_alert_details(conn, r) for r in rows] if details else rows
