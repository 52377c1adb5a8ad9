"""Watch rules, idempotent alerts linked to their events and stories, webhook delivery, CLI."""
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from wirewatch.cli import main
from wirewatch.errors import BadQuery
from wirewatch.model import Event, EventMention
from wirewatch.monitor.watch import WatchConfig, evaluate_rules
from wirewatch.monitor.webhooks import WebhookConfig, post_json
from wirewatch.store import watch as watch_store
from wirewatch.store.events import replace_story_events
from wirewatch.store.stories import create_story

SENTENCE = "North Korea fired two ballistic missiles toward US bases, officials said."
NO_WAIT = WatchConfig(webhook=WebhookConfig(timeout=2.0, attempts=3, backoff=0.0))


def day(n: int) -> date:
    return date(2023, 8, n)


def event(event_id, source, target, code, goldstein, when, outlets, story_id="s-launch"):
    mentions = tuple(EventMention(f"{event_id}-{o}", 0, len(SENTENCE), SENTENCE, o, None, when) for o in outlets)
    return Event(id=event_id, story_id=story_id, source=source, source_name=None, target=target, target_name=None,
                 code=code, goldstein=goldstein, quad_class=4, negated=False, hypothetical=False, reported_by=None,
                 date_first=when, date_last=when, place=None, place_country=None, latitude=None, longitude=None,
                 mentions=mentions)


def store(conn, story_id, events, title="North Korea fires missiles"):
    conn.execute("BEGIN IMMEDIATE")
    create_story(conn, story_id, title, events[0].date_first)
    replace_story_events(conn, story_id, events)
    conn.execute("COMMIT")


def launch_store(conn):
    """A quiet fortnight for PRK-USA (one cooperative event), then a launch reported by two outlets."""
    store(conn, "s-talks", [event("e-talks", "USA", "PRK", "036", 4.0, day(2), ["Wire"], "s-talks")], "Talks offer")
    store(conn, "s-launch", [event("e-launch", "PRKMIL", "USA", "150", -7.2, day(20), ["Wire", "Desk"]),
                             event("e-warn", "PRK", "USA", "138", -7.0, day(20), ["Wire"])])


class Receiver:
    """A local webhook receiver that answers 503 to the first ``failures`` requests."""

    def __init__(self, failures=0):
        self.bodies, self.failures = [], failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.bodies.append(json.loads(body))
                status = 503 if len(receiver.bodies) <= receiver.failures else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver(failures=2)
    yield found
    found.close()


def test_rules_are_added_listed_and_removed(conn):
    pair = watch_store.add_rule(conn, "pair", "prk", "usa")
    watch_store.add_rule(conn, "keyword", "missile", threshold=3.0)
    assert pair["label"] == "pair PRK-USA" and pair["threshold"] == 2.5
    assert [r["label"] for r in watch_store.list_rules(conn)] == ["pair PRK-USA", "keyword missile"]
    watch_store.remove_rule(conn, pair["id"])
    assert [r["label"] for r in watch_store.list_rules(conn)] == ["keyword missile"]
    assert len(watch_store.list_rules(conn, include_removed=True)) == 2


def test_bad_rules_are_refused(conn):
    with pytest.raises(BadQuery):
        watch_store.add_rule(conn, "pair", "PRK")
    with pytest.raises(BadQuery):
        watch_store.add_rule(conn, "event_type", "attack")
    with pytest.raises(BadQuery):
        watch_store.remove_rule(conn, 99)


def test_an_escalation_raises_one_alert_linked_to_its_events_and_stories(conn):
    launch_store(conn)
    watch_store.add_rule(conn, "pair", "PRK", "USA")
    alerts = evaluate_rules(conn, day(20), config=NO_WAIT)
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert["day"] == "2023-08-20" and alert["label"] == "pair PRK-USA" and alert["score"] > 2.5
    assert {e["event_id"] for e in alert["events"]} == {"e-launch", "e-warn"}
    assert alert["events"][0]["event_id"] == "e-launch"  # largest contribution to conflict first
    assert [s["id"] for s in alert["stories"]] == ["s-launch"]
    assert [d["channel"] for d in alert["deliveries"]] == ["log"]


def test_alerts_are_idempotent_across_evaluations_and_days(conn):
    launch_store(conn)
    watch_store.add_rule(conn, "pair", "PRK", "USA")
    assert len(evaluate_rules(conn, day(20), config=NO_WAIT)) == 1
    assert evaluate_rules(conn, day(20), config=NO_WAIT) == []
    assert evaluate_rules(conn, day(21), config=NO_WAIT) == []  # the day is still in the lookback
    store(conn, "s-more", [event("e-more", "PRK", "USA", "190", -10.0, day(21), ["Wire", "Desk"], "s-more")])
    assert evaluate_rules(conn, day(21), config=NO_WAIT) == []  # the next day of the same escalation
    assert len(watch_store.list_alerts(conn)) == 1


def test_rules_of_other_kinds_alert_on_their_own_events(conn):
    launch_store(conn)
    for kind, subject in (("actor", "PRKMIL"), ("keyword", "missiles"), ("event_type", "15")):
        watch_store.add_rule(conn, kind, subject)
    watch_store.add_rule(conn, "pair", "CHN", "USA")
    labels = sorted(a["label"] for a in evaluate_rules(conn, day(20), config=NO_WAIT))
    assert labels == ["actor PRKMIL", "event type 15", "keyword missiles"]


def test_a_quiet_day_raises_nothing(conn):
    launch_store(conn)
    watch_store.add_rule(conn, "pair", "PRK", "USA")
    assert evaluate_rules(conn, day(10), config=NO_WAIT) == []


def test_webhooks_get_the_alert_after_retries_and_the_delivery_is_recorded(conn, receiver):
    launch_store(conn)
    watch_store.add_rule(conn, "pair", "PRK", "USA", webhook=receiver.url)
    (alert,) = evaluate_rules(conn, day(20), config=NO_WAIT)
    assert len(receiver.bodies) == 3 and receiver.bodies[-1]["alert"] == alert["id"]
    assert receiver.bodies[-1]["rule"]["label"] == "pair PRK-USA"
    assert receiver.bodies[-1]["stories"][0]["id"] == "s-launch"
    webhook = [d for d in alert["deliveries"] if d["channel"] == "webhook"][0]
    assert (webhook["status"], webhook["attempts"], webhook["http_status"]) == ("delivered", 3, 204)


def test_an_unreachable_webhook_is_recorded_as_failed_and_evaluation_goes_on(conn):
    receiver = Receiver()
    url = receiver.url
    receiver.close()  # nothing listens there any more
    launch_store(conn)
    watch_store.add_rule(conn, "pair", "PRK", "USA", webhook=url)
    watch_store.add_rule(conn, "actor", "PRK")
    alerts = evaluate_rules(conn, day(20), config=NO_WAIT)
    assert len(alerts) == 2
    failed = [d for d in alerts[0]["deliveries"] if d["channel"] == "webhook"][0]
    assert failed["status"] == "failed" and failed["attempts"] == 3 and failed["error"]


def test_post_json_waits_longer_between_tries_and_does_not_retry_a_refusal():
    waits = []
    receiver = Receiver(failures=5)
    try:
        sent = post_json(receiver.url, {"x": 1}, WebhookConfig(attempts=3, backoff=0.5), sleep=waits.append)
    finally:
        receiver.close()
    assert not sent.delivered and sent.http_status == 503 and waits == [0.5, 1.0]
    refused = post_json("http://127.0.0.1:9/x", {"x": 1}, WebhookConfig(attempts=1, timeout=0.5))
    assert not refused.delivered and refused.attempts == 1


def test_cli_watch_and_alerts(db_path, conn):
    launch_store(conn)
    runner = CliRunner()
    added = runner.invoke(main, ["--db", str(db_path), "watch", "add", "--pair", "PRK", "USA", "--threshold", "2.5"])
    assert added.exit_code == 0 and "pair PRK-USA" in added.output
    assert "pair PRK-USA" in runner.invoke(main, ["--db", str(db_path), "watch", "list"]).output
    check = runner.invoke(main, ["--db", str(db_path), "watch", "check", "--as-of", "2023-08-20"])
    assert check.exit_code == 0 and "escalated on 2023-08-20" in check.output
    listed = json.loads(runner.invoke(main, ["--db", str(db_path), "alerts", "--json"]).output)
    assert listed[0]["day"] == "2023-08-20" and listed[0]["stories"][0]["id"] == "s-launch"
    assert runner.invoke(main, ["--db", str(db_path), "alerts", "--since", "2023-08-21", "--json"]).output.strip() == "[]"
    assert runner.invoke(main, ["--db", str(db_path), "watch", "remove", "1"]).exit_code == 0
    assert runner.invoke(main, ["--db", str(db_path), "watch", "add", "--actor", "PRK", "--keyword", "x"]).exit_code == 2
