import { closeSync, mkdirSync, openSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, describeError } from '../shared/errors.js';
import type { Database } from './database.js';

export type BackupOptions = { overwrite?: boolean };

/** Whether two paths name one existing file (links and relative paths included). */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
}

/** Creates `file` empty, atomically refusing one that exists (no check-then-write race with another backup). */
function claimTarget(file: string, overwrite: boolean): void {
  if (overwrite) {
    // A stale -wal next to the old file would be replayed into the new copy when it is opened.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    closeSync(openSync(file, 'wx'));
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      throw new AppError(
        'invalid_input',
        `${file} already exists: choose another file, or replace it with --overwrite`,
        {
          details: { path: file },
        },
      );
    }
    throw new AppError('db_unavailable', `cannot write a backup to ${file}: ${describeError(error)}`, {
      details: { path: file },
      cause: error,
    });
  }
}

/**
 * An online backup: SQLite copies the pages while Parley keeps running, restarting the copy if another
 * connection writes meanwhile. Spec: https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#backupdestination-options---promise
 */
export async function backupDatabase(
  db: Database,
  file: string,
  options: BackupOptions = {},
): Promise<{ bytes: number; pages: number }> {
  if (sameFile(file, db.name))
    throw new AppError('invalid_input', `${file} is the database itself: back it up to another file`, {
      details: { path: file },
    });
  claimTarget(file, options.overwrite ?? false);
  try {
    const { totalPages } = await db.backup(file);
    return { bytes: statSync(file).size, pages: totalPages };
  } catch (error) {
    rmSync(file, { force: true });
    throw new AppError('db_unavailable', `the backup to ${file} failed: ${describeError(error)}`, {
      details: { path: file },
      cause: error,
    });
  }
}
