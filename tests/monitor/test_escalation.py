"""The escalation detector over hand-made series: quiet pairs, jumps, steady conflict, CUSUM."""
from datetime import date, timedelta

import pytest

from wirewatch.monitor.escalation import DetectorConfig, baseline, detect_escalations, score_days
from wirewatch.monitor.tension import TensionDay

START = date(2023, 8, 1)


def series(values):
    return [TensionDay(START + timedelta(days=i), float(v), ()) for i, v in enumerate(values)]


def test_a_quiet_baseline_then_a_jump_in_conflict_alerts():
    points = detect_escalations(series([0] * 14 + [-12.0]))
    assert [p.day for p in points] == [START + timedelta(days=14)]
    assert points[0].score == pytest.approx(12.0 / 3.0) and points[0].conflict == 12.0


def test_one_minor_event_on_a_quiet_pair_does_not_alert():
    assert detect_escalations(series([0] * 14 + [-2.0])) == []   # an accusation
    assert detect_escalations(series([0] * 14 + [-7.2])) == []   # one material conflict, one outlet


def test_steady_conflict_does_not_alert_every_day():
    values = [0] * 14 + [-12.0, -11.0, -12.5, -12.0, -11.5, -12.0, -12.0, -11.0, -12.0, -12.5,
                         -12.0, -11.5, -12.0, -12.0, -11.0, -12.0, -12.0]
    points = detect_escalations(series(values))
    onset = START + timedelta(days=14)
    assert points[0].day == onset
    # Only the first days of the episode score (the watch's cooldown makes them one alert); once
    # conflict fills the window it is the baseline, and 14 more days of it raise nothing.
    assert all(p.day < onset + timedelta(days=4) for p in points)


def test_cooperation_never_scores_as_escalation():
    assert detect_escalations(series([0] * 14 + [20.0])) == []


def test_the_std_floor_is_applied_but_the_reported_std_is_the_real_one():
    (_, mean, std, z, _), = score_days(series([0] * 13 + [-1.0] + [-10.0]))
    assert std == pytest.approx(baseline([0] * 13 + [1.0])[1])
    assert z == pytest.approx((10.0 - mean) / 3.0)


def test_a_higher_threshold_silences_a_moderate_jump():
    assert detect_escalations(series([0] * 14 + [-9.0]), DetectorConfig(threshold=2.5))
    assert not detect_escalations(series([0] * 14 + [-9.0]), DetectorConfig(threshold=3.5))


def test_cusum_catches_a_sustained_rise_the_zscore_misses():
    values = [0] * 14 + [-5.0, -5.0, -5.0, -5.0]
    assert detect_escalations(series(values)) == []
    points = detect_escalations(series(values), DetectorConfig(method="cusum", threshold=3.0))
    assert points and points[0].method == "cusum"


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        DetectorConfig(method="magic")
    with pytest.raises(ValueError):
        DetectorConfig(min_std=0)
