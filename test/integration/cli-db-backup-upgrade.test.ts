import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { migrations } from '../../src/storage/migrations.js';
import { createCliHarness } from '../support/cli-harness.js';
import { databaseAtVersion, schemaVersionOf } from '../unit/storage/fixtures.js';

describe('parley db backup on a database another Parley version wrote', () => {
  const cli = createCliHarness();

  // The operator backs up before upgrading, with the new Parley installed and the old one still running: a
  // backup that migrated first holds a schema the old Parley refuses, and the running one's database
  // changed under it.
  it('copies a database of an older schema as it is, without migrating it or the copy', async () => {
    const path = join(cli.dir, 'old.db');
    const older = migrations.length - 3;
    databaseAtVersion(path, older, "INSERT INTO feeds (url) VALUES ('https://a.example/rss');");
    const target = join(cli.dir, 'before-upgrade.db');
    const run = await cli.run(['--db', path, 'db', 'backup', target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(schemaVersionOf(path)).toBe(older);
    expect(schemaVersionOf(target)).toBe(older);
    const copy = new SQLite(target, { readonly: true });
    expect(copy.prepare('SELECT url FROM feeds').pluck().all()).toEqual(['https://a.example/rss']);
    copy.close();
  });

  // A downgrade: the newer Parley's database must still be backed up before it is restored from an older backup.
  it('copies a database of a newer schema than this Parley knows', async () => {
    const path = join(cli.dir, 'new.db');
    // The schema of a Parley one migration ahead of this one.
    databaseAtVersion(
      path,
      migrations.length,
      `INSERT INTO schema_migrations VALUES (${migrations.length + 1}, 'from the future', 0)`,
    );
    const target = join(cli.dir, 'newer.db');
    const run = await cli.run(['--db', path, 'db', 'backup', target]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(schemaVersionOf(target)).toBe(migrations.length + 1);
  });

  it('copies what a running Parley wrote to its write-ahead log, and a WAL database closed since', async () => {
    const path = join(cli.dir, 'live.db');
    const live = openDatabase(path);
    live.prepare("INSERT INTO feeds (url) VALUES ('https://live.example/rss')").run();
    const target = join(cli.dir, 'live-backup.db');
    expect((await cli.run(['--db', path, 'db', 'backup', target])).code).toBe(0);
    live.close();
    const closed = join(cli.dir, 'closed-backup.db');
    expect((await cli.run(['--db', path, 'db', 'backup', closed])).code).toBe(0);
    for (const file of [target, closed]) {
      const copy = new SQLite(file, { readonly: true });
      expect(copy.prepare('SELECT url FROM feeds').pluck().all()).toEqual(['https://live.example/rss']);
      copy.close();
    }
  });
});
