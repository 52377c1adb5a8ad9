-- Story grouping: article vectors and sketches, stories, membership, copy/rewrite relations.
CREATE TABLE article_vectors (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,             -- embedding model name
    vector      BLOB NOT NULL              -- float16, unit length
);

CREATE TABLE article_sketches (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash     BLOB NOT NULL              -- uint32 hash values (datasketch MinHash, affine32 scheme)
);

CREATE TABLE stories (
    id              TEXT PRIMARY KEY,      -- 's-' + the id of the article that started it; never changes
    title           TEXT,                  -- the first report's title
    first_published TEXT,
    last_published  TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    merged_into     TEXT REFERENCES stories(id)   -- set when merged: the old id stays resolvable
);
CREATE INDEX stories_last_published ON stories(last_published);

CREATE TABLE story_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL REFERENCES stories(id),
    score       REAL NOT NULL,             -- combined similarity when it joined (1.0: it started the story)
    assigned_at TEXT NOT NULL,
    version     TEXT NOT NULL              -- stage version that assigned it
);
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE article_relations (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    other_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    relation    TEXT NOT NULL CHECK (relation IN ('copy_of', 'rewrite_of')),
    score       REAL NOT NULL,
    PRIMARY KEY (article_id, other_id, relation)
);
CREATE INDEX article_relations_other ON article_relations(other_id);
