-- Extraction results per article (actors, coded sentences, quotes, quantities) and events merged per story.
-- Offsets (start, end, sentence_start, sentence_end) are character offsets in the article's clean body.
CREATE TABLE extractions (
    article_id   TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version      TEXT NOT NULL,            -- extract stage version that produced the rows below
    extracted_at TEXT NOT NULL
);

CREATE TABLE article_actors (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,             -- the words of the mention
    actor_code  TEXT NOT NULL,             -- CAMEO-style actor code: PRKGOV, IGOUNO, USA
    country     TEXT,
    role        TEXT,
    PRIMARY KEY (article_id, start)
);
CREATE INDEX article_actors_code ON article_actors(actor_code);

CREATE TABLE sentence_events (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    seq            INTEGER NOT NULL,       -- order of the event among its sentence's events
    source         TEXT,
    source_name    TEXT,
    target         TEXT,
    target_name    TEXT,
    code           TEXT NOT NULL,          -- CAMEO event code, with its leading zeros
    verb           TEXT NOT NULL,
    negated        INTEGER NOT NULL DEFAULT 0,
    hypothetical   INTEGER NOT NULL DEFAULT 0,
    reported_by    TEXT,
    date_first     TEXT,                   -- ISO dates
    date_last      TEXT,
    place          TEXT,
    place_country  TEXT,
    latitude       REAL,
    longitude      REAL,
    PRIMARY KEY (article_id, sentence_start, seq)
);

CREATE TABLE quotes (
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    speaker       TEXT,
    speaker_actor TEXT,
    PRIMARY KEY (article_id, start, "end")
);

CREATE TABLE quantities (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       REAL,                      -- lower bound for vague amounts
    approximate INTEGER NOT NULL DEFAULT 0,
    unit        TEXT,
    counts      TEXT,                      -- the noun counted
    PRIMARY KEY (article_id, start, "end")
);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,       -- 'e-' + hash of story, actors, code and date
    story_id       TEXT,                   -- the story id it was merged under (may since be an alias)
    source         TEXT,
    source_name    TEXT,
    source_country TEXT,
    target         TEXT,
    target_name    TEXT,
    target_country TEXT,
    code           TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    negated        INTEGER NOT NULL DEFAULT 0,
    hypothetical   INTEGER NOT NULL DEFAULT 0,
    reported_by    TEXT,
    date_first     TEXT,
    date_last      TEXT,
    place          TEXT,
    place_country  TEXT,
    latitude       REAL,
    longitude      REAL,
    num_mentions   INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    first_seen     TEXT,                   -- earliest publication date among the mentions
    source_url     TEXT,                   -- the earliest mention's url
    updated_at     TEXT NOT NULL
);
CREATE INDEX events_story ON events(story_id);
CREATE INDEX events_date_first ON events(date_first);
CREATE INDEX events_source ON events(source);
CREATE INDEX events_target ON events(target);

CREATE TABLE event_mentions (
    event_id       TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id     TEXT NOT NULL,          -- not a foreign key: the extract stage rebuilds a story's events
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    sentence       TEXT NOT NULL,
    outlet         TEXT,
    url            TEXT,
    published      TEXT,
    PRIMARY KEY (event_id, article_id, sentence_start)
);
CREATE INDEX event_mentions_article ON event_mentions(article_id);
