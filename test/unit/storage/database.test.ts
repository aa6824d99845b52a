import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { type Database, openDatabase } from '../../../src/storage/database.js';
import { migrate, migrations, schemaVersion } from '../../../src/storage/migrations.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { databaseAtVersion, thrown, useTempDir } from './fixtures.js';

const tempDir = useTempDir();

function tableNames(db: Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('migrations', () => {
  it('numbers the migrations 1, 2, 3… without gaps, so that the order is the version order', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('creates feeds, items and the migration record on a new database', () => {
    const db = openDatabase(':memory:');
    expect(tableNames(db)).toEqual(expect.arrayContaining(['feeds', 'items', 'schema_migrations']));
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(migrate(db)).toEqual({ applied: [] });
    db.close();
  });

  it('applies each migration once: reopening a file database applies nothing and keeps its rows', () => {
    const path = join(tempDir(), 'parley.db');
    const first = openDatabase(path);
    first.prepare("INSERT INTO feeds (url) VALUES ('https://a.example/rss')").run();
    first.close();
    const again = openDatabase(path);
    expect(migrate(again)).toEqual({ applied: [] });
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(migrations.length);
    expect(again.prepare('SELECT url FROM feeds').pluck().all()).toEqual(['https://a.example/rss']);
    again.close();
  });

  it('files the stories stored without a topic under other when upgrading to version 6, and no others', () => {
    const path = join(tempDir(), 'v5.db');
    databaseAtVersion(path, 5);
    const old = new SQLite(path);
    old.exec(`INSERT INTO stories (id, title, topics, first_seen_at, updated_at) VALUES
      (1, 'Untagged', '[]', 10, 20), (2, 'Gaza truce', '[{"topic":"gaza","score":1}]', 10, 30);
      INSERT INTO story_topics VALUES ('gaza', 30, 2);`);
    old.close();
    const db = openDatabase(path);
    expect(
      db.prepare('SELECT topic, updated_at, story_id FROM story_topics ORDER BY story_id').all(),
    ).toEqual([
      { topic: 'other', updated_at: 20, story_id: 1 },
      { topic: 'gaza', updated_at: 30, story_id: 2 },
    ]);
    db.close();
  });

  it('stores the outlet of each item stored before version 13, as outletOf gives it, and reads ua as uk', () => {
    const path = join(tempDir(), 'v8-items.db');
    const columns =
      'feed_id, dedupe_key, url, title, summary, published_at, published_at_from_feed, language, content_hash, first_seen_at, updated_at';
    databaseAtVersion(
      path,
      8,
      `INSERT INTO feeds (id, url) VALUES (3, 'https://a.example/rss');
       INSERT INTO items (${columns}) VALUES
         (3, 'a', 'https://www.bbc.com/russian/articles/1', 't', 's', 0, 1, 'ru', 'h', 0, 0),
         (3, 'b', 'https://www.thetimes.com/uk/politics/2', 't', 's', 0, 1, 'en-GB', 'h', 0, 0),
         (3, 'c', NULL, 't', 's', 0, 1, NULL, 'h', 0, 0),
         (3, 'd', 'https://censor.net/ua/news/4', 't', 's', 0, 1, 'ua', 'h', 0, 0);`,
    );
    const db = openDatabase(path);
    expect(db.prepare('SELECT outlet, language FROM items ORDER BY dedupe_key').all()).toEqual([
      { outlet: 'bbc.com/russian', language: 'ru' },
      { outlet: 'thetimes.com', language: 'en-GB' },
      { outlet: 'feed:3', language: null },
      // Version 14: "ua" is Ukrainian.
      { outlet: 'censor.net/ua', language: 'uk' },
    ]);
    db.close();
  });

  it('counts every item stored before version 16 as listed now, and its feed as last read in full when last read', () => {
    const path = join(tempDir(), 'v15-items.db');
    databaseAtVersion(
      path,
      15,
      `INSERT INTO feeds (id, url, last_success_at) VALUES (3, 'https://a.example/rss', 9), (4, 'https://b.example/rss', NULL);
       INSERT INTO items (feed_id, dedupe_key, title, summary, published_at, published_at_from_feed, content_hash,
         first_seen_at, updated_at) VALUES (3, 'dated', 't', 's', 5, 1, 'h', 5, 7), (3, 'undated', 't', 's', 5, 0, 'h', 5, 7);`,
    );
    const before = Date.now();
    const db = openDatabase(path);
    // strftime('%s') has whole seconds.
    for (const listed of db.prepare('SELECT listed_at FROM items').pluck().all() as number[]) {
      expect(listed).toBeGreaterThanOrEqual(before - 1_000);
      expect(listed).toBeLessThanOrEqual(Date.now());
    }
    expect(db.prepare('SELECT last_listed_at FROM feeds ORDER BY id').pluck().all()).toEqual([9, null]);
    expect(tableNames(db)).toContain('dropped_items');
    db.close();
  });

  it('marks the highest story id stored before version 17, so that the next story numbers on after it', () => {
    const path = join(tempDir(), 'v16-stories.db');
    databaseAtVersion(
      path,
      16,
      `INSERT INTO stories (id, title, topics, first_seen_at, updated_at) VALUES (4, 'a', '[]', 1, 1), (9, 'b', '[]', 1, 1);`,
    );
    const db = openDatabase(path);
    const stories = createStoryStore(db);
    expect(stories.maxStoryId()).toBe(9);
    db.prepare('DELETE FROM stories').run();
    expect(stories.maxStoryId()).toBe(9);
    expect(stories.createStory('c', 2)).toBe(10);
    db.close();
  });

  it("keeps where each chat's last digest ended from before version 18 (unknown for a quiet period passed)", () => {
    const path = join(tempDir(), 'v17-chats.db');
    databaseAtVersion(
      path,
      17,
      `INSERT INTO chats (id, platform, chat_id, time_zone, schedule, active, last_slot, created_at, updated_at)
         VALUES (1, 'telegram', '1', 'UTC', '{}', 1, 9000, 0, 0), (2, 'telegram', '2', 'UTC', '{}', 1, 9000, 0, 0),
           (3, 'telegram', '3', 'UTC', '{}', 1, NULL, 0, 0);
       INSERT INTO digests (chat_id, period, since, until, slot, story_count, parts, created_at)
         VALUES (1, 'p0', 1000, 2000, 5000, 1, 1, 0), (1, 'p1', 2000, 7000, 9000, 1, 1, 0);`,
    );
    const db = openDatabase(path);
    expect(db.prepare('SELECT id, last_until FROM chats ORDER BY id').all()).toEqual([
      { id: 1, last_until: 7000 },
      { id: 2, last_until: null },
      { id: 3, last_until: null },
    ]);
    db.close();
  });

  it('marks the queued parts of digests asked for before version 25 as asked, and no scheduled or sent part', () => {
    const path = join(tempDir(), 'v24-asked.db');
    databaseAtVersion(
      path,
      24,
      `INSERT INTO chats (id, platform, chat_id, time_zone, schedule, active, created_at, updated_at)
         VALUES (1, 'telegram', '1', 'UTC', '{}', 1, 0, 0);
       INSERT INTO digests (id, chat_id, period, since, until, slot, story_count, parts, created_at)
         VALUES (1, 1, 'weekly', 0, 1, 5000, 1, 1, 0), (2, 1, 'on-demand:1', 0, 1, NULL, 1, 2, 0),
           (3, 1, 'on-demand:0', 0, 1, NULL, 1, 1, 0);
       INSERT INTO deliveries (id, digest_id, chat_id, part, platform, message, state, next_attempt_at, created_at)
         VALUES (1, 1, 1, 1, 'telegram', '{}', 'pending', 0, 0), (2, 2, 1, 1, 'telegram', '{}', 'sending', 0, 0),
           (3, 2, 1, 2, 'telegram', '{}', 'pending', 0, 0), (4, 3, 1, 1, 'telegram', '{}', 'sent', 0, 0);`,
    );
    const db = openDatabase(path);
    expect(db.prepare('SELECT id, asked FROM deliveries ORDER BY id').all()).toEqual([
      { id: 1, asked: 0 },
      { id: 2, asked: 1 },
      { id: 3, asked: 1 },
      { id: 4, asked: 0 },
    ]);
    db.close();
  });

  it('takes bot tokens out of the error text stored before version 9, and leaves other text as it was', () => {
    const path = join(tempDir(), 'v8.db');
    const leak =
      'request to https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1/sendMessage failed';
    databaseAtVersion(
      path,
      8,
      `INSERT INTO feeds (id, url, last_error) VALUES (1, 'https://a.example/rss', 'HTTP 503');
       INSERT INTO chats (id, platform, chat_id, time_zone, schedule, active, inactive_reason, created_at, updated_at)
         VALUES (1, 'telegram', '42', 'UTC', '{}', 0, '${leak}', 0, 0);`,
    );
    const old = new SQLite(path);
    const digest = old
      .prepare(
        "INSERT INTO digests (chat_id, period, since, until, story_count, parts, created_at) VALUES (1, 'p', 0, 1, 0, 1, 0) RETURNING id",
      )
      .pluck()
      .get();
    old
      .prepare(
        "INSERT INTO deliveries (digest_id, chat_id, part, platform, message, state, next_attempt_at, last_error, created_at) VALUES (?, 1, 1, 'telegram', '{}', 'failed', 0, ?, 0)",
      )
      .run(digest, leak);
    old.close();
    const audit = new SQLite(path);
    audit.exec(`INSERT INTO chat_changes (chat_id, at, actor, field, value_before, value_after)
      VALUES (1, 0, 'platform', 'inactiveReason', NULL, '${leak}'),
             (1, 0, 'platform', 'title', NULL, 'Basic Income Talks: Bearer of Peace');
      INSERT INTO feeds (id, url, last_error) VALUES (2, 'https://b.example/rss', '${leak}');
      DELETE FROM feeds WHERE id = 2;`);
    audit.close();
    const db = openDatabase(path);
    const redacted = 'request to https://api.telegram.org/bot<token>/sendMessage failed';
    expect(db.prepare('SELECT value_after FROM chat_changes ORDER BY id').pluck().all()).toEqual([
      redacted,
      'Basic Income Talks: Bearer of Peace',
    ]);
    expect(db.pragma('secure_delete', { simple: true })).toBe(0);
    db.close();
    // Nor in the file: the row deleted before the upgrade left its text in a free page.
    expect(readFileSync(path).includes('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1')).toBe(false);
    expect(readFileSync(`${path}-wal`, { flag: 'a+' }).includes('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1')).toBe(
      false,
    );
    const reopened = openDatabase(path);
    expect(reopened.prepare('SELECT last_error FROM deliveries').pluck().get()).toBe(redacted);
    expect(reopened.prepare('SELECT inactive_reason FROM chats').pluck().get()).toBe(redacted);
    expect(reopened.prepare('SELECT last_error FROM feeds').pluck().get()).toBe('HTTP 503');
    reopened.close();
  });

  it('refuses a database whose schema is newer than this code knows, naming both versions', () => {
    const path = join(tempDir(), 'parley.db');
    const db = openDatabase(path);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)").run();
    db.close();
    const error = thrown(() => openDatabase(path));
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect(String((error as Error).message)).toMatch(/version 99.*only up to \d+/);
  });
});

describe('openDatabase', () => {
  // FULL, not NORMAL: in WAL mode NORMAL loses the last commits on a power loss (a part recorded sent goes
  // out again after the reboot).
  it('turns on WAL, FULL sync, foreign keys and a 5 s busy timeout for a file, creating its folder', () => {
    const path = join(tempDir(), 'nested', 'deeper', 'parley.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  const impossible: Array<[string, (dir: string) => string, RegExp]> = [
    [
      'its parent folder is a file',
      (dir) => {
        writeFileSync(join(dir, 'plain-file'), 'not a folder');
        return join(dir, 'plain-file', 'parley.db');
      },
      /is a file, not a folder/,
    ],
    [
      'the path is a folder',
      (dir) => {
        mkdirSync(join(dir, 'a-folder'));
        return join(dir, 'a-folder');
      },
      /cannot be opened/,
    ],
    [
      'the file is not a database',
      (dir) => {
        writeFileSync(join(dir, 'notes.db'), 'x'.repeat(4096));
        return join(dir, 'notes.db');
      },
      /not an SQLite database/,
    ],
  ];
  it.each(impossible)('reports db_unavailable naming the path when %s', (_, makePath, why) => {
    const path = makePath(tempDir());
    const error = thrown(() => openDatabase(path));
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(why);
  });

  it('opens an existing database read-only without writing to it', () => {
    const path = join(tempDir(), 'parley.db');
    openDatabase(path).close();
    const db = openDatabase(path, { readonly: true });
    expect(db.readonly).toBe(true);
    expect(() => db.prepare("INSERT INTO feeds (url) VALUES ('https://a.example/')").run()).toThrow(
      /readonly/,
    );
    db.close();
  });

  /**
   * Runs `use` as a user who may not write what this one created, as the container's uid 1000 meets a
   * database the operator's own poll created: root (CI, containers) may write any file, so root runs it
   * with the effective ids of nobody.
   */
  function asAnotherUser<T>(use: () => T): T {
    if (process.getuid?.() !== 0 || process.seteuid === undefined || process.setegid === undefined)
      return use();
    process.setegid(65534);
    process.seteuid(65534);
    try {
      return use();
    } finally {
      process.seteuid(0);
      process.setegid(0);
    }
  }

  it('refuses a database file it may not write, saying so, instead of failing at the first write', () => {
    const dir = tempDir();
    // The folder stays writable (the -wal and -shm files), as a data folder given to the container's user.
    chmodSync(dir, 0o777);
    const path = join(dir, 'parley.db');
    openDatabase(path).close();
    chmodSync(path, 0o444);
    const error = asAnotherUser(() => thrown(() => openDatabase(path)));
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect((error as Error).message).toContain(
      `cannot open the database at ${path}: the file or its folder is read-only`,
    );
  });

  it('says a database in a folder it may not write is read-only, not only "attempt to write a readonly database"', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const path = join(dir, 'parley.db');
    openDatabase(path).close();
    const error = asAnotherUser(() => thrown(() => openDatabase(path)));
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect((error as Error).message).toContain('the file or its folder is read-only');
  });

  it('refuses to open a missing database read-only instead of creating it', () => {
    const path = join(tempDir(), 'missing.db');
    expect(
      isAppError(
        thrown(() => openDatabase(path, { readonly: true })),
        'db_unavailable',
      ),
    ).toBe(true);
  });

  it('deletes a feed’s items with the feed, because foreign keys are enforced', () => {
    const db = openDatabase(':memory:');
    const feedId = db
      .prepare("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
      .run().lastInsertRowid;
    db.prepare(
      `INSERT INTO items (feed_id, dedupe_key, title, summary, published_at, published_at_from_feed, content_hash,
         first_seen_at, updated_at) VALUES (?, 'guid:1', 't', 's', 0, 1, 'h', 0, 0)`,
    ).run(feedId);
    expect(() =>
      db
        .prepare(
          "INSERT INTO items (feed_id, dedupe_key, title, summary, published_at, published_at_from_feed, content_hash, first_seen_at, updated_at) VALUES (999, 'k', 't', 's', 0, 1, 'h', 0, 0)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM feeds WHERE id = ?').run(feedId);
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(0);
    db.close();
  });
});
