import { outletOf } from '../domain/item.js';
import { AppError } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import type { Database } from './database.js';
import { chatsSchema } from './schema-chats.js';
import { storiesSchema } from './schema-stories.js';

export type Migration = { version: number; name: string; sql: string };

/**
 * The schema, one step per version. Append-only: a released step is never edited, a change is a new step.
 * Each step runs inside the migration transaction, so `PRAGMA foreign_keys` cannot be toggled in one.
 */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'feeds and items',
    sql: `
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT,
        language TEXT,
        full_text INTEGER NOT NULL DEFAULT 0,
        enabled INTEGER NOT NULL DEFAULT 1,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetch_at INTEGER,
        last_success_at INTEGER,
        last_status INTEGER,
        last_error TEXT,
        consecutive_errors INTEGER NOT NULL DEFAULT 0,
        next_fetch_at INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
      );
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        guid TEXT,
        url TEXT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        content TEXT,
        published_at INTEGER NOT NULL,
        published_at_from_feed INTEGER NOT NULL,
        language TEXT,
        author TEXT,
        content_hash TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (feed_id, dedupe_key)
      );
      CREATE INDEX items_published_at ON items (published_at);
      CREATE INDEX items_url ON items (url);
    `,
  },
  { version: 2, name: 'analysis and stories', sql: storiesSchema },
  { version: 3, name: 'chats and outbox', sql: chatsSchema },
  {
    version: 4,
    name: 'when a chat last set its schedule',
    // Slots before it are not pushed: subscribing at 10:00 on Friday starts with next Friday.
    sql: `
      ALTER TABLE chats ADD COLUMN schedule_set_at INTEGER NOT NULL DEFAULT 0;
      UPDATE chats SET schedule_set_at = created_at;
    `,
  },
  {
    version: 5,
    name: 'items by feed and time',
    // A feed's most recent items (its furniture is learnt from them) without sorting all of its rows.
    sql: 'CREATE INDEX items_feed_published ON items (feed_id, published_at, id);',
  },
  {
    version: 6,
    name: 'untagged stories filed under other',
    // Stories stored with no topic are filed under `other` (domain/story.ts, untaggedTopic), so that a chat
    // that chose `other` gets them, as a chat that chose no topic always did.
    sql: `
      INSERT OR IGNORE INTO story_topics (topic, updated_at, story_id)
      SELECT 'other', updated_at, id FROM stories
      WHERE NOT EXISTS (SELECT 1 FROM story_topics t WHERE t.story_id = stories.id);
    `,
  },
  {
    version: 7,
    name: 'each rendered message stored once',
    // Chats that share a period, topics, platform and zone get the same rendering: 10,000 chats wrote
    // ~280 MB of copies per weekly tick. Deliveries now point at one row per distinct message (by sha256 of
    // its JSON) and keep JSON null in `message`; rows queued before keep theirs. ADD COLUMN instead of a
    // table rebuild, which would need foreign keys off, impossible inside the migration transaction.
    // The index serves the retention's orphan check and the foreign key's check on delete.
    sql: `
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL CHECK (json_valid(body))
      );
      ALTER TABLE deliveries ADD COLUMN message_id INTEGER REFERENCES messages (id);
      CREATE INDEX deliveries_message ON deliveries (message_id);
    `,
  },
  {
    version: 8,
    name: 'what a chat gets for a quiet period',
    // 'note': a line saying there is nothing new (what every chat got before); 'skip': nothing.
    sql: "ALTER TABLE chats ADD COLUMN quiet TEXT NOT NULL DEFAULT 'note' CHECK (quiet IN ('note', 'skip'));",
  },
  {
    version: 9,
    name: 'secrets out of stored error text',
    // Before redaction at the source, a failed Bot API call stored its URL, bot token included.
    sql: `
      UPDATE deliveries SET last_error = parley_redact(last_error) WHERE last_error IS NOT NULL;
      UPDATE feeds SET last_error = parley_redact(last_error) WHERE last_error IS NOT NULL;
      UPDATE chats SET inactive_reason = parley_redact(inactive_reason) WHERE inactive_reason IS NOT NULL;
      UPDATE chat_changes SET value_before = parley_redact(value_before), value_after = parley_redact(value_after)
        WHERE field = 'inactiveReason';
    `,
  },
  {
    version: 10,
    name: "the language of a chat's digest",
    // Its own words (title, headings, "Sources"); every chat's digest was English before. No CHECK, so
    // that a later language needs no table rebuild; a value this Parley does not know is refused on
    // reading (chat-rows.ts toLanguage), as an unknown quiet mode is.
    sql: "ALTER TABLE chats ADD COLUMN language TEXT NOT NULL DEFAULT 'en';",
  },
  {
    version: 11,
    name: "undated items of a feed's first fetch",
    // Found with no date the first time a feed was read: published before Parley followed the feed, when
    // is unknown, so stored (and never new again) but kept out of analysis and digests (item-store.ts).
    sql: 'ALTER TABLE items ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0;',
  },
  {
    version: 12,
    name: 'stories told in the languages of their reports',
    // A headline and summary per digest language some members are in (domain/story.ts StoryVersion);
    // a story stored before has none until it changes.
    sql: `
      CREATE TABLE story_versions (
        story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        PRIMARY KEY (story_id, language)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 13,
    name: "each item's outlet stored",
    // outletOf (domain/item.ts) at storing time, so that counting a story's outlets is a COUNT(DISTINCT)
    // and not the URL parsed again in SQL for every member of every story a digest ranks.
    sql: `
      ALTER TABLE items ADD COLUMN outlet TEXT NOT NULL DEFAULT '';
      UPDATE items SET outlet = parley_outlet(url, feed_id, language);
    `,
  },
  {
    version: 14,
    name: 'Ukrainian items tagged ua',
    // Ingest now reads the country code "ua" as Ukrainian (ingest/language.ts), as every reader does.
    sql: "UPDATE items SET language = 'uk', outlet = parley_outlet(url, feed_id, 'uk') WHERE language = 'ua';",
  },
  {
    version: 15,
    name: "how many items a feed's last read listed",
    // A feed whose last read listed nothing is read as for the first time (poll-feeds.ts isFirstFetch);
    // what is stored says less (a feed whose items are all too old stores none). Before: what is stored.
    sql: `
      ALTER TABLE feeds ADD COLUMN last_listed INTEGER;
      UPDATE feeds SET last_listed = (SELECT COUNT(*) FROM items i WHERE i.feed_id = feeds.id)
        WHERE last_success_at IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: 'when a feed last listed each item, and the items retention removed',
    // Retention takes only an item its feed was seen to drop (retention.ts), and remembers the key of one
    // that stored again would be news (dropped_items): listed again, it is stored as seen before
    // (items.backlog 2), never as news. Which stored items a feed lists now is unknown here, so every one
    // counts as listed now, and each feed as last read in full when it was last read: the first reads after
    // this version tell which are gone. That delays the pruning of items dropped before it, once.
    sql: `
      ALTER TABLE items ADD COLUMN listed_at INTEGER NOT NULL DEFAULT 0;
      UPDATE items SET listed_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
      ALTER TABLE feeds ADD COLUMN last_listed_at INTEGER;
      UPDATE feeds SET last_listed_at = last_success_at;
      CREATE TABLE dropped_items (
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        published_at INTEGER,
        PRIMARY KEY (feed_id, dedupe_key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 17,
    name: 'story ids are never reused',
    // stories.id is a rowid without AUTOINCREMENT, and a restarted clusterer numbers on from the highest
    // stored id: once retention removed the newest stories, their ids came back for other stories (an
    // `explain` of an id a digest showed would tell another). The highest id ever stored is kept here.
    sql: `
      CREATE TABLE story_id_mark (id INTEGER NOT NULL);
      INSERT INTO story_id_mark (id) SELECT COALESCE(MAX(id), 0) FROM stories;
      CREATE TRIGGER stories_id_mark AFTER INSERT ON stories
        BEGIN UPDATE story_id_mark SET id = NEW.id WHERE id < NEW.id; END;
    `,
  },
  {
    version: 18,
    name: "where a chat's last digest ended",
    // The next digest starts there (digest-scheduler.ts). Before, it started at the last slot minus the
    // digest lag as it is now: a changed ingest.interval changed the lag and left a gap or an overlap.
    // A quiet period passed before this version has no digest row: its end stays unknown (null), and
    // the lag as it is now is used once.
    sql: `
      ALTER TABLE chats ADD COLUMN last_until INTEGER;
      UPDATE chats SET last_until = (SELECT d.until FROM digests d WHERE d.chat_id = chats.id AND d.slot = chats.last_slot)
        WHERE last_slot IS NOT NULL;
    `,
  },
  {
    version: 19,
    name: 'items the pipeline has not finished',
    // Written with the item (ItemStore.upsert), removed once its analysis, its story and that story's
    // refresh are stored: a run killed in between (a summary awaits an LLM) leaves the row, and the next
    // start runs the item through the pipeline again (ItemStore.unfinished).
    sql: `
      CREATE TABLE unfinished_items (item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE);
    `,
  },
  {
    version: 20,
    name: "a feed's <ttl>",
    // The `<ttl>` of the last body read: a 304 has no body, and without it a feed asking for 2 hours
    // was read every ingest.interval after its first 304 (poll-feeds.ts).
    sql: 'ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER;',
  },
  {
    version: 21,
    name: 'the sends of the last seconds found by time',
    // A starting pump keeps each chat's gap from the sends before the restart (outbox-store.ts
    // recentSendsSql): without this index that read walked every sent row ever kept. Partial: unsent rows
    // (no sent_at) are not in it.
    sql: 'CREATE INDEX deliveries_sent ON deliveries (sent_at) WHERE sent_at IS NOT NULL;',
  },
  {
    version: 22,
    name: "a platform's 429 pause kept across a restart",
    // The pump pauses every send of a platform on a 429 for its retry_after (pump.ts); kept only in memory,
    // a restart within it sent at once and drew the next 429 (Telegram lengthens a flood wait that is not
    // honoured). One row per platform, the latest end.
    sql: 'CREATE TABLE platform_pauses (platform TEXT PRIMARY KEY, until INTEGER NOT NULL);',
  },
  {
    version: 23,
    name: "each item's outlet found by its id",
    // A story's source_count (story-rows.ts) reads the outlet of every member of every story a ranked digest
    // considers. outlet is the row's last column, after the full text: read from the table, each member
    // walked its overflow pages. 100,000 stories of 2–3 items of 6 kB over a week: the all-topics ranked
    // read took ~950 ms, ~235 ms through this index.
    sql: 'CREATE INDEX items_outlet ON items (id, outlet);',
  },
  {
    version: 24,
    name: 'the bot the chats subscribed through',
    // A Telegram chat knows one bot. Started with another bot's token (a staging bot's, a new one's), every
    // digest drew "chat not found" or a 403 and turned its chat off: cli/commands/start.ts checks it.
    sql: 'CREATE TABLE platform_bots (platform TEXT PRIMARY KEY, bot TEXT NOT NULL);',
  },
  {
    version: 25,
    name: 'a digest someone asked for sent before the scheduled ones',
    // The pump took deliveries in due order: a /digest typed during a weekly push to 10,000 Telegram chats
    // (25 a second) waited ~400 s behind it. ready() reads the asked-for ones first (outbox-store.ts), each
    // kind through the index in due order as before. Rows already queued keep their kind: no slot, asked.
    sql: `
      ALTER TABLE deliveries ADD COLUMN asked INTEGER NOT NULL DEFAULT 0 CHECK (asked IN (0, 1));
      UPDATE deliveries SET asked = 1
        WHERE state IN ('pending', 'sending') AND digest_id IN (SELECT id FROM digests WHERE slot IS NULL);
      DROP INDEX deliveries_ready;
      CREATE INDEX deliveries_ready ON deliveries (state, platform, asked, next_attempt_at, id, digest_id, part, chat_id);
    `,
  },
];

const latestVersion = Math.max(0, ...migrations.map((migration) => migration.version));

/** The highest applied migration, 0 for a new database. Reads only, so it works on a read-only connection. */
export function schemaVersion(db: Database): number {
  const tracked = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (tracked === undefined) return 0;
  const row = db
    .prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations')
    .get();
  return row?.version ?? 0;
}

function refuseNewer(db: Database, version: number): void {
  if (version <= latestVersion) return;
  throw new AppError(
    'db_unavailable',
    `the database at ${db.name} has schema version ${version}, but this Parley knows only up to ${latestVersion}: ` +
      'run the newer Parley that wrote it, or restore a backup',
    { details: { path: db.name, version, known: latestVersion } },
  );
}

/** For read-only connections, which cannot migrate: the schema must be exactly the one this code knows. */
export function assertCurrentSchema(db: Database): void {
  const version = schemaVersion(db);
  refuseNewer(db, version);
  if (version < latestVersion) {
    throw new AppError(
      'db_unavailable',
      `the database at ${db.name} has schema version ${version}, older than this Parley's ${latestVersion}: a command that only reads does not migrate it (parley start of this version does, once the older Parley is stopped)`,
      { details: { path: db.name, version, known: latestVersion } },
    );
  }
}

/** The step that takes secrets out of stored text (see dropFreedText). */
const secretsStep = 9;

/**
 * Rows deleted before the redaction (old deliveries, retention) leave their text in the file's free
 * pages, and the replaced text sits in the write-ahead log until a checkpoint: VACUUM rewrites the file
 * without them and the checkpoint empties the log. Best effort, once: it needs free disk space the size
 * of the database, and a full disk must not stop Parley from starting (the README says to rotate the
 * token anyway).
 */
function dropFreedText(db: Database): void {
  if (db.memory) return;
  try {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Left as it was: the rows themselves are redacted.
  }
}

/** The SQL functions migration steps call. */
export function registerMigrationFunctions(db: Pick<Database, 'function'>): void {
  db.function('parley_redact', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? redactSecrets(text) : text,
  );
  db.function('parley_outlet', { deterministic: true }, (url: unknown, feedId: unknown, language: unknown) =>
    outletOf(
      typeof url === 'string' ? url : null,
      Number(feedId),
      typeof language === 'string' ? language : null,
    ),
  );
}

/** Applies the pending migrations in one immediate transaction, so two processes starting at once cannot both migrate. */
export function migrate(db: Database): { applied: number[] } {
  // Steps may call them; secure_delete overwrites the text they replace instead of leaving it in free pages.
  registerMigrationFunctions(db);
  const run = db.transaction((): number[] => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const current = schemaVersion(db);
    refuseNewer(db, current);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
      applied.push(migration.version);
    }
    return applied;
  });
  const secureDelete = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    const applied = run.immediate();
    if (applied.includes(secretsStep)) dropFreedText(db);
    return { applied };
  } finally {
    db.pragma(`secure_delete = ${secureDelete === 2 ? 'FAST' : Number(secureDelete)}`);
  }
}
