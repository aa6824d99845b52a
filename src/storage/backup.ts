import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
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

function unwritable(file: string, error: unknown): AppError {
  return new AppError('db_unavailable', `cannot write a backup to ${file}: ${describeError(error)}`, {
    details: { path: file },
    cause: error,
  });
}

/** Makes the target's folder and, without --overwrite, creates `file` empty, atomically refusing one that exists. */
function claimTarget(file: string, overwrite: boolean): void {
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new AppError(
      'invalid_input',
      `${file} is a folder: give the backup a file name (${join(file, 'parley.db')}, say)`,
      { details: { path: file } },
    );
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    // A file where the folder should be (EEXIST, ENOTDIR) is not "the backup already exists".
    throw unwritable(file, error);
  }
  if (overwrite) return;
  try {
    closeSync(openSync(file, 'wx'));
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      throw new AppError(
        'invalid_input',
        `${file} already exists: choose another file, or replace it with --overwrite`,
        { details: { path: file } },
      );
    }
    throw unwritable(file, error);
  }
}

/**
 * Pages per backup step: all of them. better-sqlite3 copies 100 pages per event-loop turn by default, and
 * SQLite starts the copy over whenever another connection writes between two steps: beside a `parley
 * start` that wrote every 300 ms (a poll, a digest push), a 300 MB database restarted ~200 times in a
 * minute and never finished. One step copies a consistent snapshot (0.6 s for those 300 MB) under a read
 * transaction, which in WAL mode holds up no writer; this command's own event loop has nothing else to do.
 * A progress callback's 0 would copy nothing per step, so the largest count SQLite takes.
 */
const allPages = 0x7fffffff;

/**
 * An online backup: SQLite copies the pages while Parley keeps running, in one step (see allPages).
 * Spec: https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#backupdestination-options---promise
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
  const overwrite = options.overwrite ?? false;
  claimTarget(file, overwrite);
  // The copy is made beside the target and renamed over it once complete: a failed copy leaves the
  // old backup (--overwrite) or nothing, never a half-written file under the backup's name.
  const partial = `${file}.partial-${process.pid}`;
  try {
    const { totalPages } = await db.backup(partial, { progress: () => allPages });
    // A stale -wal next to an old file would be replayed into the new copy when it is opened.
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    renameSync(partial, file);
    return { bytes: statSync(file).size, pages: totalPages };
  } catch (error) {
    // Best effort: the error to report is the copy's, not a clean-up's.
    const remove = (path: string) => {
      try {
        rmSync(path, { force: true });
      } catch {}
    };
    for (const suffix of ['', '-journal', '-wal', '-shm']) remove(`${partial}${suffix}`);
    if (!overwrite) remove(file);
    throw new AppError('db_unavailable', `the backup to ${file} failed: ${describeError(error)}`, {
      details: { path: file },
      cause: error,
    });
  }
}
