import { readFileSync, writeFileSync } from 'node:fs';
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
});
