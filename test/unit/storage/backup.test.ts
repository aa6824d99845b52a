import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { backupDatabase } from '../../../src/storage/backup.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { item, source, useTempDir } from './fixtures.js';

const tempDir = useTempDir();

function populated(dir: string) {
  const db = openDatabase(join(dir, 'live.db'));
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss', { name: 'A' })]);
  const feed = feeds.byUrl('https://a.example/rss');
  if (feed === null) throw new Error('feed missing');
  createItemStore(db).upsert(feed.id, [item('guid:1'), item('guid:2', { content: 'Text' })], 1000);
  return db;
}

describe('backupDatabase', () => {
  it('writes a copy that opens with the same feeds and items', async () => {
    const dir = tempDir();
    const db = populated(dir);
    const file = join(dir, 'backups', 'copy.db');
    const { bytes, pages } = await backupDatabase(db, file);
    db.close();
    expect(pages).toBeGreaterThan(0);
    expect(bytes).toBe(readFileSync(file).length);
    const copy = openDatabase(file, { readonly: true });
    expect(createItemStore(copy).count()).toBe(2);
    expect(
      createFeedStore(copy)
        .list()
        .map((feed) => [feed.name, feed.itemCount]),
    ).toEqual([['A', 2]]);
    copy.close();
  });

  it('finishes while another connection writes between every two turns of the event loop, as a running start may', async () => {
    const dir = tempDir();
    const db = populated(dir);
    // ~5,000 pages: many of better-sqlite3's default 100-page steps, each a chance for a write to restart the copy.
    db.exec('CREATE TABLE ballast (b BLOB)');
    const fill = db.prepare('INSERT INTO ballast (b) VALUES (zeroblob(4000))');
    db.transaction(() => {
      for (let i = 0; i < 5000; i += 1) fill.run();
    })();
    const other = openDatabase(join(dir, 'live.db'));
    const write = other.prepare('INSERT INTO ballast (b) VALUES (zeroblob(10))');
    let writing = true;
    const keepWriting = () => {
      if (!writing) return;
      write.run();
      setImmediate(keepWriting);
    };
    setImmediate(keepWriting);
    const timedOut = new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 5000));
    try {
      const file = join(dir, 'copy.db');
      const copying = backupDatabase(db, file);
      // Without one step, the copy still runs when the connections close below: its rejection is not the finding.
      copying.catch(() => {});
      const outcome = await Promise.race([copying, timedOut]);
      expect(outcome).not.toBe('timed out');
      const copy = openDatabase(file, { readonly: true });
      expect(createItemStore(copy).count()).toBe(2);
      expect(copy.prepare('SELECT COUNT(*) FROM ballast').pluck().get()).toBeGreaterThanOrEqual(5000);
      copy.close();
    } finally {
      writing = false;
      other.close();
      db.close();
    }
  });

  it('refuses to overwrite an existing file and leaves it as it was', async () => {
    const dir = tempDir();
    const db = populated(dir);
    const file = join(dir, 'precious.db');
    writeFileSync(file, 'keep me');
    const error = await backupDatabase(db, file).catch((caught: unknown) => caught);
    db.close();
    expect(isAppError(error, 'invalid_input')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('replaces an existing file when asked to', async () => {
    const dir = tempDir();
    const db = populated(dir);
    const file = join(dir, 'old.db');
    writeFileSync(file, 'an old backup');
    await backupDatabase(db, file, { overwrite: true });
    db.close();
    const copy = openDatabase(file, { readonly: true });
    expect(createItemStore(copy).count()).toBe(2);
    copy.close();
  });

  it('refuses a folder as the target, naming a file to give instead', async () => {
    const dir = tempDir();
    const db = populated(dir);
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    for (const overwrite of [false, true]) {
      const error = await backupDatabase(db, folder, { overwrite }).catch((caught: unknown) => caught);
      expect(isAppError(error, 'invalid_input')).toBe(true);
      expect((error as Error).message).toBe(
        `${folder} is a folder: give the backup a file name (${join(folder, 'parley.db')}, say)`,
      );
    }
    db.close();
    expect(statSync(folder).isDirectory()).toBe(true);
  });

  it('says it cannot write when a file stands where the folder should be, not that the backup exists', async () => {
    const dir = tempDir();
    const db = populated(dir);
    writeFileSync(join(dir, 'notes'), 'a file');
    const error = await backupDatabase(db, join(dir, 'notes', 'copy.db')).catch((caught: unknown) => caught);
    db.close();
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect((error as Error).message).toMatch(/^cannot write a backup to .*copy\.db/);
    expect((error as Error).message).not.toContain('replace it with --overwrite');
  });

  it('keeps the old backup when --overwrite fails to copy (the copy is renamed over it only when complete)', async () => {
    const dir = tempDir();
    const db = populated(dir);
    const file = join(dir, 'old.db');
    writeFileSync(file, 'an old backup');
    // The partial copy cannot be created: a folder holds its name.
    mkdirSync(`${file}.partial-${process.pid}`);
    const error = await backupDatabase(db, file, { overwrite: true }).catch((caught: unknown) => caught);
    db.close();
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('an old backup');
  });

  it('leaves no file under the new name when a copy without --overwrite fails', async () => {
    const dir = tempDir();
    const db = populated(dir);
    const file = join(dir, 'new.db');
    mkdirSync(`${file}.partial-${process.pid}`);
    const error = await backupDatabase(db, file).catch((caught: unknown) => caught);
    db.close();
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});
