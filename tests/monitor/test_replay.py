"""Replaying a dated archive day by day through ingest, stories, extract and the watch rules."""
from datetime import date

import pytest

from wirewatch.monitor import tension
from wirewatch.monitor.escalation import DetectorConfig, detect_escalations
from wirewatch.monitor.replay import dated_documents, group_by_day, replay
from wirewatch.store import watch as watch_store

from conftest import REPO, write

QUIET = ("Japan and Vietnam sign trade pact\n\n"
         "Japan and Vietnam signed an agreement on Thursday to expand trade in electronic components, "
         "officials in Hanoi said. The two governments praised the deal.\n")
ATTACK = ("North Korea fires missiles at US warships\n\n"
          "North Korea fired ballistic missiles at United States warships on Saturday, the Pentagon said. "
          "North Korea attacked the United States destroyer near the peninsula. "
          "The United States condemned North Korea for the attack.\n")


def archive(tmp_path):
    folder = tmp_path / "archive"
    write(folder / "ledger" / "2023-08-05_pact.txt", QUIET)
    write(folder / "ledger" / "2023-08-10_pact-follow-up.txt", QUIET.replace("Thursday", "Monday"))
    write(folder / "ledger" / "2023-08-19_attack.txt", ATTACK)
    write(folder / "gazette" / "2023-08-19_attack.txt", ATTACK.replace("the Pentagon said", "officials said"))
    return folder


def test_documents_are_dated_as_cleaning_dates_them_and_grouped_by_day(tmp_path):
    documents, skips = dated_documents([str(archive(tmp_path))])
    assert skips == []
    assert [(d, len(g)) for d, g in group_by_day(documents)] == [
        (date(2023, 8, 5), 1), (date(2023, 8, 10), 1), (date(2023, 8, 19), 2)]


def test_a_replay_raises_the_alert_on_the_day_of_the_attack(tmp_path, conn, hash_embedder):
    watch_store.add_rule(conn, "pair", "PRK", "USA")
    days = list(replay(conn, [str(archive(tmp_path))], embedder=hash_embedder, deliver=False))
    assert [d.day for d in days] == [date(2023, 8, 5), date(2023, 8, 10), date(2023, 8, 19)]
    assert sum(d.ingested for d in days) == 4
    alerts = {d.day: d.alerts for d in days}
    assert alerts[date(2023, 8, 5)] == [] and alerts[date(2023, 8, 10)] == []
    (alert,) = alerts[date(2023, 8, 19)]
    assert alert["day"] == "2023-08-19" and alert["label"] == "pair PRK-USA" and alert["stories"]


@pytest.mark.skipif(not (REPO / "samples" / "news").is_dir(), reason="the sample archive is absent")
def test_replay_of_the_sample_archive_and_the_seeds_on_the_seed_day(conn, seeds, embedder):
    """Measurement, not tuning: what the default PRK-USA rule does when the seed story's day arrives.

    With the default parameters the seed story adds only two single-outlet verbal events to the
    PRK-USA pair on 2023-08-14 (USA accuses PRK, PRK rejects the accusation: -2.0 each), which
    does not rise above the baseline left by the sanctions of 2023-08-11; the alert the sample
    archive does raise is for 2023-08-11. See docs/monitor.md.
    """
    watch_store.add_rule(conn, "pair", "PRK", "USA")
    days = list(replay(conn, [str(REPO / "samples" / "news"), str(seeds)], embedder=embedder, deliver=False))
    by_day = {d.day: d for d in days}
    assert date(2023, 8, 14) in by_day
    series = tension.pair_series(conn, "PRK", "USA", "2023-07-18", "2023-08-14")
    seed_day = series[-1]
    seed_codes = {(e.source[:3], e.target[:3], e.code) for e in seed_day.events}
    assert {("USA", "PRK", "112"), ("PRK", "USA", "016")} <= seed_codes
    # The alert raised on the seed day (if any) is exactly the detector's verdict on the stored series.
    flagged = {p.day for p in detect_escalations(series, DetectorConfig())}
    alerted = {a["day"] for a in by_day[date(2023, 8, 14)].alerts}
    assert ("2023-08-14" in alerted) == (date(2023, 8, 14) in flagged)
