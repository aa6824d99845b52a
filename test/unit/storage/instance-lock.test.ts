import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../../src/storage/instance-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one parley start per database', () => {
  it('refuses a second start while the first runs, and lets one start after it stopped', () => {
    const db = join(dir, 'a.db');
    const first = acquireInstanceLock(db);
    expect(readFileSync(`${db}.lock`, 'utf8').trim()).toBe(String(process.pid));
    // Another process (this test's own pid is the one running) asks for the same database.
    expect(() => acquireInstanceLock(db, process.pid + 1)).toThrow(
      expect.objectContaining({
        code: 'config_invalid',
        message: expect.stringContaining(`another Parley (pid ${process.pid}) is running on ${db}`),
      }),
    );
    first.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
    acquireInstanceLock(db, process.pid + 1).release();
  });

  it('takes over a lock whose process is gone, or that is its own pid from before a restart', () => {
    const db = join(dir, 'b.db');
    writeFileSync(`${db}.lock`, '2147483646\n');
    const lock = acquireInstanceLock(db);
    expect(readFileSync(`${db}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    writeFileSync(`${db}.lock`, `${process.pid}\n`);
    acquireInstanceLock(db).release();
    writeFileSync(`${db}.lock`, 'garbage\n');
    acquireInstanceLock(db).release();
    expect(acquireInstanceLock(':memory:').release()).toBeUndefined();
  });
});
