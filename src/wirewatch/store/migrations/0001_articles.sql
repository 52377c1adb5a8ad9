-- Articles, their sightings, the lines cleaning removed, and full-text search.
CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY,       -- stable rowid for the full-text index (VACUUM keeps it)
    id          TEXT NOT NULL UNIQUE,      -- hash of outlet + normalized body
    title       TEXT,
    author      TEXT,
    outlet      TEXT,
    url         TEXT,
    published   TEXT,                      -- ISO date, YYYY-MM-DD
    date_source TEXT,                      -- how the date was found: field, html, text, fetched
    language    TEXT,
    kind        TEXT NOT NULL,             -- text | html
    body        TEXT NOT NULL,
    first_source TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE sightings (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,             -- path, path:line, warc record, <stdin>
    url         TEXT,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    times_seen  INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, source)
);

CREATE TABLE removed_lines (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    line_no     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (article_id, line_no)
);

-- Per-outlet line counts, so lines that repeat across an outlet's articles can be recognised.
CREATE TABLE outlet_lines (
    outlet      TEXT NOT NULL,
    line_key    TEXT NOT NULL,
    n_articles  INTEGER NOT NULL,
    PRIMARY KEY (outlet, line_key)
);

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL,             -- JSON list of the paths given
    ingested    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE skips (
    run_id      INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    reason      TEXT NOT NULL
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='seq', tokenize='porter unicode61'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
