"""Watch rules evaluated over the store: escalations become stored alerts, then get delivered.

A rule watches a pair of actors, one actor (against anyone), a keyword (events whose reporting
sentences contain it) or a CAMEO event type. Pair, actor and keyword rules score the tension
series (conflict rising); event-type rules score the *magnitude* series (|Goldstein| x weight),
so a surge of any event type, cooperative or not, can alert.

``evaluate_rules`` looks at the last ``lookback_days`` days up to ``as_of`` (late reports can still
change a recent day), stores one alert per escalation in one transaction, and only then delivers
the new ones: to the ``wirewatch.monitor`` log and to the rule's webhook. Alerts are idempotent:
``UNIQUE (rule, day)`` in the store, and a rule that alerted within ``cooldown_days`` before a
day treats that day as the same escalation, so running the evaluation again, or the next day
while the episode goes on, raises nothing new. Deliveries are recorded, failures included;
nothing in delivery stops the evaluation.
"""
from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from wirewatch.monitor import tension
from wirewatch.monitor.escalation import DetectorConfig, EscalationPoint, detect_escalations
from wirewatch.monitor.webhooks import WebhookConfig, post_json
from wirewatch.store import watch as watch_store

log = logging.getLogger("wirewatch.monitor")
# Events listed in a webhook payload (the stored alert keeps them all).
PAYLOAD_EVENTS = 20


@dataclass(frozen=True)
class WatchConfig:
    """detector: baseline and scoring (a rule's own threshold and method replace the detector's).

    lookback_days: days up to ``as_of`` that are evaluated (3: a late report can still raise a day).
    cooldown_days: an escalation within this many days after a rule's alert is the same one (2).
    """

    detector: DetectorConfig = field(default_factory=DetectorConfig)
    lookback_days: int = 3
    cooldown_days: int = 2
    webhook: WebhookConfig = field(default_factory=WebhookConfig)


def rule_condition(rule: dict) -> tuple[tuple[str, list], bool]:
    """The SQL filter of a rule's events, and whether its series is the magnitude one."""
    kind = rule["kind"]
    if kind == "pair":
        return tension.pair_filter(rule["subject"], rule["other"], rule["directed"]), False
    if kind == "actor":
        return tension.actor_filter(rule["subject"]), False
    if kind == "keyword":
        return tension.keyword_filter(rule["subject"]), False
    return tension.code_filter(rule["subject"]), True


def rule_detector(rule: dict, config: WatchConfig) -> DetectorConfig:
    return replace(config.detector, threshold=rule["threshold"], method=rule["method"] or config.detector.method)


def rule_escalations(conn: sqlite3.Connection, rule: dict, as_of: date, config: WatchConfig = WatchConfig()
                     ) -> list[EscalationPoint]:
    """The rule's escalation points among the ``lookback_days`` days ending on ``as_of`` (reads only)."""
    detector = rule_detector(rule, config)
    first = as_of - timedelta(days=max(config.lookback_days, 1) - 1)
    # CUSUM carries a sum from day to day: give it one more window of run-in.
    start = first - timedelta(days=detector.window * (2 if detector.method == "cusum" else 1))
    condition, magnitude = rule_condition(rule)
    series = tension.filtered_series(conn, condition, start, as_of, magnitude=magnitude)
    if magnitude:  # the detector reads conflict as -value: feed it the magnitude as a rise
        series = [tension.TensionDay(d.day, -d.value, d.events) for d in series]
    points = [p for p in detect_escalations(series, detector) if p.day >= first]
    if magnitude:
        points = [replace(p, value=-p.value) for p in points]
    return points


def latest_event_day(conn: sqlite3.Connection) -> date | None:
    """The most recent day any stored event counts on (the default ``as_of``)."""
    row = conn.execute(f"SELECT MAX({tension.EVENT_DAY_SQL}) FROM events e WHERE e.negated = 0").fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else None


def evaluate_rules(conn: sqlite3.Connection, as_of: date | None = None, *, config: WatchConfig = WatchConfig(),
                   deliver: bool = True, sleep: Callable[[float], None] = time.sleep) -> list[dict]:
    """Evaluate every active rule on the days up to ``as_of``; store, deliver and return new alerts.

    as_of: the day evaluated (default: the latest event day in the store).
    deliver: send new alerts to the log and webhooks (False: store only).
    Each returned alert is ``store.watch.get_alert``'s record: events, stories, deliveries.
    """
    as_of = as_of or latest_event_day(conn)
    rules = watch_store.list_rules(conn)
    if as_of is None or not rules:
        return []
    found = [(rule, point) for rule in rules for point in rule_escalations(conn, rule, as_of, config)]
    new_ids: list[tuple[int, dict]] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for rule, point in found:
            if watch_store.alerted_near(conn, rule["id"], point.day, config.cooldown_days):
                continue
            events = point.conflict_events or point.events
            alert_id = watch_store.save_alert(
                conn, rule, day=point.day, detected_on=as_of, value=point.value, score=point.score,
                baseline_mean=point.baseline_mean, baseline_std=point.baseline_std, method=point.method,
                events=[(e.id, e.story_id, round(e.contribution, 4)) for e in events])
            if alert_id is not None:
                new_ids.append((alert_id, rule))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if deliver:
        for alert_id, rule in new_ids:
            deliver_alert(conn, watch_store.get_alert(conn, alert_id), rule, config.webhook, sleep=sleep)
    return [watch_store.get_alert(conn, alert_id) for alert_id, _ in new_ids]


def describe_alert(alert: dict) -> str:
    """One line for people: what escalated, when, how much, and the main event."""
    top = alert["events"][0] if alert["events"] else None
    main = (f"; top event {top['source'] or '-'}->{top['target'] or '-'} {top['code']}"
            f" ({top['contribution']:+.1f})" if top else "")
    return (f"alert {alert['id']}: {alert['label']} escalated on {alert['day']} (score {alert['score']:.2f},"
            f" tension {alert['value']:+.1f} vs baseline conflict {alert['baseline_mean']:.1f}"
            f"±{alert['baseline_std']:.1f}); {len(alert['events'])} events in {len(alert['stories'])} stories{main}")


def alert_payload(alert: dict, rule: dict) -> dict:
    """The JSON body a webhook receives."""
    return {
        "alert": alert["id"], "rule": {k: rule[k] for k in ("id", "kind", "subject", "other", "directed",
                                                              "threshold", "label")},
        "day": alert["day"], "detected_on": alert["detected_on"], "score": alert["score"],
        "value": alert["value"], "method": alert["method"],
        "baseline": {"mean": alert["baseline_mean"], "std": alert["baseline_std"]},
        "events": alert["events"][:PAYLOAD_EVENTS], "num_events": len(alert["events"]),
        "stories": alert["stories"], "text": describe_alert(alert),
    }


def deliver_alert(conn: sqlite3.Connection, alert: dict, rule: dict, config: WebhookConfig = WebhookConfig(), *,
                  sleep: Callable[[float], None] = time.sleep) -> None:
    """Log the alert and POST it to the rule's webhook, recording both; never raises."""
    try:
        log.warning(describe_alert(alert))
        watch_store.record_delivery(conn, alert["id"], "log", target=None, delivered=True, attempts=1)
        if rule.get("webhook"):
            sent = post_json(rule["webhook"], alert_payload(alert, rule), config, sleep=sleep)
            if not sent.delivered:
                log.error("alert %s: webhook %s failed after %d attempts: %s", alert["id"], sent.url,
                          sent.attempts, sent.error)
            watch_store.record_delivery(conn, alert["id"], "webhook", target=sent.url, delivered=sent.delivered,
                                        attempts=sent.attempts, http_status=sent.http_status, error=sent.error)
    except Exception:  # recording a delivery must not break the evaluation that raised the alert
        log.exception("alert %s: delivery could not be recorded", alert.get("id"))
