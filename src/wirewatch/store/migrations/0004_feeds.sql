-- Followed feeds: conditional-GET state per feed, and every entry seen with what became of it.
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    outlet        TEXT,                    -- the configured outlet, else the one the feed names
    title         TEXT,                    -- the feed's own title
    etag          TEXT,                    -- sent back as If-None-Match
    last_modified TEXT,                    -- sent back as If-Modified-Since (the server's text, verbatim)
    last_polled   TEXT,
    last_changed  TEXT,                    -- last poll that returned the feed (not 304)
    last_status   TEXT,                    -- ok | not-modified | error
    last_error    TEXT,
    errors_in_row INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feed_entries (
    feed_url    TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    entry_key   TEXT NOT NULL,             -- the entry's id (guid), else its link
    url         TEXT,                      -- the article page, resolved against the feed's URL
    title       TEXT,
    author      TEXT,
    published   TEXT,                      -- ISO date, YYYY-MM-DD
    language    TEXT,
    state       TEXT NOT NULL DEFAULT 'pending',   -- pending | stored | skipped
    attempts    INTEGER NOT NULL DEFAULT 0,        -- page fetches that failed and may succeed later
    reason      TEXT,                      -- why skipped, or the last failure while pending
    first_seen  TEXT NOT NULL,
    done_at     TEXT,
    PRIMARY KEY (feed_url, entry_key)
);
CREATE INDEX feed_entries_state ON feed_entries(state);
CREATE INDEX feed_entries_url ON feed_entries(url);
