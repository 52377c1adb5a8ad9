-- Claims of each article (compare/claims.py), computed by the extract stage from the parse it
-- already has, so that comparing a story does not parse its articles again; and the sentence
-- vectors of claim texts, computed on first compare and reused by every later one.

-- One row per article whose claims were computed (an article may have none): the date its
-- claims' dates were resolved against, and the version of the claim splitter.
CREATE TABLE claim_sets (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    reference   TEXT,                      -- ISO date the dates were resolved against; NULL: none
    version     TEXT NOT NULL,             -- compare.claims.CLAIMS_VERSION
    claims      INTEGER NOT NULL           -- how many rows in `claims`
);

CREATE TABLE claims (
    article_id    TEXT NOT NULL REFERENCES claim_sets(article_id) ON DELETE CASCADE,
    "index"       INTEGER NOT NULL,        -- position among the article's claims
    start         INTEGER NOT NULL,        -- character offsets in the article's clean body
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL,           -- report | attributed | commentary
    score         REAL NOT NULL,
    attributed_to TEXT,
    actors        TEXT NOT NULL,           -- JSON lists (numbers and dates: lists of objects)
    numbers       TEXT NOT NULL,
    dates         TEXT NOT NULL,
    report_dates  TEXT NOT NULL,
    places        TEXT NOT NULL,
    subjects      TEXT NOT NULL,
    quotes        TEXT NOT NULL,
    cues          TEXT NOT NULL,
    terms         TEXT NOT NULL,
    PRIMARY KEY (article_id, "index")
);

-- Unit vectors of claim texts (float16, little-endian), by the text's SHA-1 and the model.
CREATE TABLE claim_vectors (
    sha1        TEXT NOT NULL,
    model       TEXT NOT NULL,
    dimensions  INTEGER NOT NULL,
    vector      BLOB NOT NULL,
    PRIMARY KEY (sha1, model)
) WITHOUT ROWID;
