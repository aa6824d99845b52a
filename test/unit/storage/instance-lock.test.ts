import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../../src/storage/instance-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tries the lock from another process, as a second `parley start` would. */
function otherProcessTakes(db: string): boolean {
  const script = `const D=require('better-sqlite3');const l=new D(${JSON.stringify(`${db}.lock`)},{timeout:0});l.pragma('locking_mode = EXCLUSIVE');try{l.exec('BEGIN EXCLUSIVE');process.exit(0)}catch{process.exit(3)}`;
  return spawnSync(process.execPath, ['-e', script], { cwd: process.cwd() }).status === 0;
}

describe('one parley start per database', () => {
  it('refuses a second start while the first runs, and lets one start after it stopped', () => {
    const db = join(dir, 'new', 'folder', 'a.db');
    const first = acquireInstanceLock(db);
    expect(otherProcessTakes(db)).toBe(false);
    expect(() => acquireInstanceLock(db)).toThrow(
      expect.objectContaining({
        code: 'db_unavailable',
        message: expect.stringContaining(`another Parley is running on ${db}`),
      }),
    );
    first.release();
    expect(otherProcessTakes(db)).toBe(true);
    acquireInstanceLock(db).release();
    expect(acquireInstanceLock(':memory:').release()).toBeUndefined();
  });
});
