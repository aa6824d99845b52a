import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../shared/errors.js';
import { openFailureReason } from './database.js';

export type InstanceLock = { release(): void };

/**
 * One `parley start` or `parley poll --once` per database: it holds an exclusive SQLite lock on `<database>.lock` for as long
 * as it runs. The kernel lock is released however the process ends (a crash, SIGKILL), works between
 * containers that share the data folder, and does not depend on pids. A second start would poll every
 * feed twice and, with a Telegram token, make both bots' long polls fail with 409 Conflict; a poll
 * beside a start would number its new stories as the start's clusterer does (from the highest stored
 * id), so that one's reports land in the other's story and retitle it.
 * Spec: https://www.sqlite.org/pragma.html#pragma_locking_mode
 */
export function acquireInstanceLock(databasePath: string): InstanceLock {
  if (databasePath === ':memory:') return { release: () => {} };
  const file = `${databasePath}.lock`;
  let lock: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    lock = new BetterSqlite3(file, { timeout: 0 });
  } catch (error) {
    throw new AppError('db_unavailable', `cannot open the lock ${file}: ${openFailureReason(error)}`, {
      cause: error,
      details: { lock: file },
    });
  }
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      // The command failed (exit 1), not its usage: the same command works once the other has stopped.
      throw new AppError(
        'db_unavailable',
        `another Parley is running on ${databasePath} (parley start polls it already): stop it first, or use another --db`,
        { cause: error, details: { lock: file } },
      );
    throw new AppError('db_unavailable', `cannot take the lock ${file}: ${(error as Error).message}`, {
      cause: error,
      details: { lock: file },
    });
  }
  return {
    release: () => {
      if (lock.open) lock.close();
    },
  };
}
