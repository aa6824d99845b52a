import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { migrations } from '../../src/storage/migrations.js';
import { createCliHarness } from '../support/cli-harness.js';
import { databaseAtVersion, schemaVersionOf } from '../unit/storage/fixtures.js';

// A newer Parley installed beside an older one still running `parley start`: the newer one's commands that
// only read must not migrate the live database, or the older Parley refuses it at its next start.
describe('commands that only read, on a database another Parley version wrote', () => {
  const cli = createCliHarness();
  afterAll(() => cli.cleanup());

  const commands = [['stories'], ['digest'], ['explain', '1'], ['chats'], ['chats', 'show', '1']];
  for (const argv of commands) {
    it(`parley ${argv.join(' ')} refuses an older schema and leaves it as it is`, async () => {
      const path = join(cli.dir, `old-${argv.join('-')}.db`);
      const older = migrations.length - 1;
      databaseAtVersion(path, older);
      const run = await cli.run(['--db', path, ...argv]);
      expect(schemaVersionOf(path)).toBe(older);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/older than this Parley's .*does not migrate it/);
    });
  }

  it('parley stories refuses a newer schema', async () => {
    const path = join(cli.dir, 'newer.db');
    // The schema of a Parley one migration ahead of this one.
    databaseAtVersion(
      path,
      migrations.length,
      `INSERT INTO schema_migrations VALUES (${migrations.length + 1}, 'from the future', 0)`,
    );
    const run = await cli.run(['--db', path, 'stories']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/knows only up to/);
  });

  it('they read a current database a running Parley writes, from a read-only connection', async () => {
    const path = join(cli.dir, 'live.db');
    const live = openDatabase(path);
    live.exec(
      `INSERT INTO chats (platform, chat_id, time_zone, schedule, created_at, updated_at)
        VALUES ('telegram', '42', 'UTC', '{"frequency":"off"}', 0, 0)`,
    );
    for (const argv of commands) {
      const run = await cli.run(['--db', path, ...argv]);
      // explain 1 and chats show 1 name what is not there; nothing fails for want of write access.
      expect(run.stderr).not.toMatch(/readonly|read-only|older|newer/);
    }
    expect((await cli.run(['--db', path, 'chats'])).stdout).toMatch(/chats: 1 active/);
    live.close();
  });
});
