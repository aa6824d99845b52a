/** Migration 2: what the analysis concluded per item, stories and their members, topic index, full-text search. */
export const storiesSchema = `
  CREATE TABLE item_analysis (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    relevant INTEGER NOT NULL,
    score REAL NOT NULL,
    verdict TEXT NOT NULL,
    topics TEXT NOT NULL,
    entities TEXT NOT NULL,
    analysed_at INTEGER NOT NULL
  );
  CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    summary_engine TEXT,
    topics TEXT NOT NULL DEFAULT '[]',
    relevance REAL NOT NULL DEFAULT 0,
    first_seen_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX stories_updated_at ON stories (updated_at);
  CREATE TABLE story_items (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    duplicate_of INTEGER
  );
  CREATE INDEX story_items_story ON story_items (story_id);
  -- "Stories tagged X updated since T" is the digest's query: a covering key answers it without the stories table.
  CREATE TABLE story_topics (
    topic TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    PRIMARY KEY (topic, updated_at, story_id)
  ) WITHOUT ROWID;
  CREATE INDEX story_topics_story ON story_topics (story_id);
  CREATE VIRTUAL TABLE stories_fts USING fts5 (
    title, summary, content = 'stories', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
  END;
  CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  END;
  CREATE TRIGGER stories_fts_update AFTER UPDATE OF title, summary ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
    INSERT INTO stories_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
  END;
`;
