-- Watch rules, the alerts they raised (with the events and stories behind each) and their deliveries.
CREATE TABLE watch_rules (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('pair', 'actor', 'keyword', 'event_type')),
    subject     TEXT NOT NULL,             -- actor code prefix, keyword or CAMEO code; a pair's first actor
    other       TEXT,                      -- a pair's second actor
    directed    INTEGER NOT NULL DEFAULT 0,
    threshold   REAL NOT NULL,             -- detector score at or above which the rule alerts
    method      TEXT NOT NULL DEFAULT 'zscore',
    webhook     TEXT,                      -- URL that receives each alert as a JSON POST
    created_at  TEXT NOT NULL,
    removed_at  TEXT                       -- set by `watch remove`: the rule stops, its alerts stay
);

CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY,
    rule_id       INTEGER NOT NULL REFERENCES watch_rules(id),
    day           TEXT NOT NULL,           -- the day that escalated (ISO date)
    detected_on   TEXT NOT NULL,           -- the day evaluated when it was found (replay: simulated)
    label         TEXT NOT NULL,           -- what was watched, e.g. 'pair PRK-USA'
    value         REAL NOT NULL,           -- the day's tension (negative: conflict)
    score         REAL NOT NULL,
    baseline_mean REAL NOT NULL,
    baseline_std  REAL NOT NULL,
    method        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (rule_id, day)                  -- the same escalation never alerts twice
);
CREATE INDEX alerts_created ON alerts(created_at);

CREATE TABLE alert_events (
    alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,            -- not a foreign key: re-extraction rebuilds events
    story_id     TEXT,
    contribution REAL NOT NULL,            -- goldstein x weight, as the index counted it
    PRIMARY KEY (alert_id, event_id)
);

CREATE TABLE alert_deliveries (
    id           INTEGER PRIMARY KEY,
    alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    channel      TEXT NOT NULL,            -- 'log' or 'webhook'
    target       TEXT,                     -- the webhook URL
    status       TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
    attempts     INTEGER NOT NULL,
    http_status  INTEGER,
    error        TEXT,
    at           TEXT NOT NULL
);
CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id);
