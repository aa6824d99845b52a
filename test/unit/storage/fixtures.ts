import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { FeedSource } from '../../../src/domain/feed.js';
import type { NormalisedItem } from '../../../src/domain/item.js';
import { migrations, registerMigrationFunctions } from '../../../src/storage/migrations.js';

export const source = (url: string, more: Partial<FeedSource> = {}): FeedSource => ({
  url,
  name: null,
  language: null,
  fullText: false,
  ...more,
});

export const item = (dedupeKey: string, more: Partial<NormalisedItem> = {}): NormalisedItem => ({
  guid: null,
  url: `https://news.example/${dedupeKey}`,
  title: `Title ${dedupeKey}`,
  summary: `Summary of ${dedupeKey}`,
  content: null,
  publishedAt: Date.UTC(2026, 0, 10),
  publishedAtFromFeed: true,
  language: 'en',
  author: null,
  dedupeKey,
  ...more,
});

/** A fresh temporary directory per test, removed afterwards. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-storage-'));
    dirs.push(dir);
    return dir;
  };
}

/**
 * A database file as an older Parley left it: the migrations up to `version` applied and recorded, with
 * `rows` (SQL) written in it. Opening it with openDatabase then runs the migrations after `version`.
 */
export function databaseAtVersion(path: string, version: number, rows = ''): void {
  const old = new SQLite(path);
  registerMigrationFunctions(old);
  old.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const migration of migrations.filter((step) => step.version <= version)) {
    old.exec(migration.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(migration.version, migration.name);
  }
  old.exec(rows);
  old.close();
}

/** The schema version a database file records, read without migrating it. */
export function schemaVersionOf(path: string): number {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** The error `action` throws; fails the test when it throws nothing. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
