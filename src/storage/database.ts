import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError, describeError } from '../shared/errors.js';
import { assertCurrentSchema, migrate } from './migrations.js';

/** The better-sqlite3 connection type, re-exported so that main.ts need not import the SDK. */
export type Database = SQLite.Database;

/**
 * `anySchema`: a read-only connection that takes the schema as it is, older or newer than this code's (a
 * backup copies the database another Parley version wrote, and must not migrate it first).
 */
export type OpenOptions = { readonly?: boolean; anySchema?: boolean };

const busyTimeoutMs = 5000;

function isInMemory(path: string): boolean {
  // better-sqlite3 treats '' as a private temporary database, like ':memory:'.
  return path === ':memory:' || path === '';
}

const reasons: Record<string, string> = {
  EEXIST: 'a part of its folder path is a file, not a folder',
  ENOTDIR: 'a part of its folder path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the filesystem is read-only',
  SQLITE_CANTOPEN: 'the file cannot be opened (a folder, a missing file, or no permission)',
  SQLITE_NOTADB: 'the file is not an SQLite database',
  SQLITE_READONLY: 'the file or its folder is read-only',
};

/**
 * The SDK's messages ("EEXIST: file already exists, mkdir") say what failed, not why for the operator.
 * better-sqlite3 turns on extended result codes: a folder it cannot write is SQLITE_READONLY_DIRECTORY,
 * so an extended code falls back to its primary one's reason.
 */
export function openFailureReason(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const primary = code?.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  const known = code === undefined ? undefined : (reasons[code] ?? reasons[primary ?? code]);
  return known === undefined ? describeError(error) : `${known} (${describeError(error)})`;
}

function unavailable(path: string, error: unknown): AppError {
  return new AppError('db_unavailable', `cannot open the database at ${path}: ${openFailureReason(error)}`, {
    details: { path },
    cause: error,
  });
}

function isExpectedOpenError(error: unknown): boolean {
  if (error instanceof SQLite.SqliteError) return true;
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function applyPragmas(db: Database, inMemory: boolean, readonly: boolean): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // WAL lets the health server and CLI read while the poller writes. It does not work on network
  // filesystems: https://www.sqlite.org/wal.html
  if (!inMemory && !readonly) db.pragma('journal_mode = WAL');
  // Bundled SQLite defaults foreign keys on (DEFAULT_FOREIGN_KEYS=1), but say so rather than rely on a build flag.
  db.pragma('foreign_keys = ON');
  // FULL: each commit is on disk when it returns (an fsync of the log, under 1 ms on an SSD). NORMAL in WAL
  // mode survives a crash of the process but not a power loss or an OS crash, which can roll back the
  // commits since the last checkpoint (https://www.sqlite.org/pragma.html#pragma_synchronous): the parts
  // recorded sent in the last seconds of a broadcast went out again after the reboot, and a chat's
  // /unsubscribe or an admin's `chats off` was forgotten.
  db.pragma('synchronous = FULL');
}

/**
 * SQLite opens a file it may not write read-only without a word (https://www.sqlite.org/c3ref/open.html),
 * and in WAL mode BEGIN IMMEDIATE still succeeds (its lock is in the -shm file): the first write, the
 * feed sync of `parley start`, then failed with an "unexpected error" stack trace. A statement that
 * changes no row still needs write access, so it fails here, at the open, as SQLITE_READONLY.
 */
function assertWritable(db: Database): void {
  db.prepare('UPDATE schema_migrations SET version = version WHERE 0').run();
}

function connect(path: string, readonly: boolean): Database {
  if (!isInMemory(path) && !readonly) mkdirSync(dirname(path), { recursive: true });
  return new SQLite(path, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
}

/**
 * Opens (creating if needed) the database at `path`, sets the pragmas and brings the schema up to date.
 * A read-only connection only checks that the schema is current (see `anySchema`).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  const readonly = options.readonly ?? false;
  let db: Database | null = null;
  try {
    db = connect(path, readonly);
    applyPragmas(db, isInMemory(path), readonly);
    if (readonly) {
      if (options.anySchema !== true) assertCurrentSchema(db);
    } else {
      migrate(db);
      assertWritable(db);
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof AppError) throw error;
    if (isExpectedOpenError(error)) throw unavailable(path, error);
    throw error;
  }
}
