import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DigestRecord, OutgoingMessage } from '../../../src/domain/delivery.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { type Database, openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';
import { thrown, useTempDir } from './fixtures.js';

const tempDir = useTempDir();

const defaults = {
  title: null,
  timeZone: 'UTC',
  schedule: { frequency: 'weekly', weekday: 'friday', time: '09:00' } as const,
};
const html = (text: string): OutgoingMessage => ({ platform: 'telegram', html: text });

function setup(db: Database = openDatabase(':memory:')) {
  const chats = createChatStore(db);
  const ids = ['1', '2', '3'].map(
    (chatId) => chats.ensure({ platform: 'telegram', chatId, threadId: null }, defaults, 'cli', 0).id,
  );
  return { db, chats, outbox: createOutbox(db), ids };
}

/** A weekly digest with `parts` parts and slot 7000. */
function digest(chatId: number, parts = 1): DigestRecord {
  const messages = Array.from({ length: parts }, (_, index) => html(`chat ${chatId} part ${index + 1}`));
  return { chatId, period: '2026-W48', since: 0, until: 7000, slot: 7000, storyCount: 1, parts: messages };
}

function stored(db: Database) {
  const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n;
  return {
    digests: count('SELECT COUNT(*) AS n FROM digests'),
    deliveries: count('SELECT COUNT(*) AS n FROM deliveries'),
    messages: count('SELECT COUNT(*) AS n FROM messages'),
    slots: count('SELECT COUNT(*) AS n FROM chats WHERE last_slot IS NOT NULL'),
  };
}

describe('outbox: batch', () => {
  it('makes the digests enqueued in a batch visible to other connections together, when it returns', () => {
    const path = join(tempDir(), 'batch.db');
    const { outbox, ids } = setup(openDatabase(path));
    const reader = openDatabase(path, { readonly: true });
    const seen: Array<number | undefined> = [];
    const result = outbox.batch(() => {
      for (const id of ids) {
        outbox.enqueue(digest(id), 1000);
        seen.push(stored(reader).digests);
      }
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual([0, 0, 0]);
    expect(stored(reader)).toEqual({ digests: 3, deliveries: 3, messages: 3, slots: 3 });
    reader.close();
  });

  it('rolls back only the enqueue that failed inside a batch, and commits the others', () => {
    const { db, outbox, chats, ids } = setup();
    const [first, broken, third] = ids as [number, number, number];
    // Fails the second part of a digest after its digest row, first part and messages are written.
    db.exec(`CREATE TRIGGER no_second_part BEFORE INSERT ON deliveries WHEN NEW.part = 2
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const outcomes = outbox.batch(() =>
      [digest(first), digest(broken, 2), digest(third)].map((record) => {
        try {
          return outbox.enqueue(record, 1000).created;
        } catch {
          return 'failed';
        }
      }),
    );
    expect(outcomes).toEqual([true, 'failed', true]);
    expect(stored(db)).toEqual({ digests: 2, deliveries: 2, messages: 2, slots: 2 });
    expect(chats.get(broken)?.lastSlot).toBeNull();
    db.exec('DROP TRIGGER no_second_part');
    expect(outbox.enqueue(digest(broken, 2), 2000).created).toBe(true);
  });

  it('stores nothing of a batch whose commit fails, and rethrows the error', () => {
    const { db, outbox, ids } = setup();
    // Deferred, a foreign key is checked at COMMIT: https://www.sqlite.org/pragma.html#pragma_defer_foreign_keys
    const error = thrown(() =>
      outbox.batch(() => {
        for (const id of ids) outbox.enqueue(digest(id), 1000);
        db.pragma('defer_foreign_keys = ON');
        db.exec(`INSERT INTO digests (chat_id, period, since, until, story_count, parts, created_at)
          VALUES (999, 'orphan', 0, 0, 0, 1, 0)`);
      }),
    );
    expect(String(error)).toMatch(/FOREIGN KEY constraint failed/);
    expect(db.inTransaction).toBe(false);
    expect(stored(db)).toEqual({ digests: 0, deliveries: 0, messages: 0, slots: 0 });
    expect(outbox.enqueue(digest(ids[0] ?? 0), 2000).created).toBe(true);
  });

  it('does not let enqueues commit on their own once SQLite has rolled the batch back', () => {
    const { db, outbox, ids } = setup();
    const [first, broken, third] = ids as [number, number, number];
    // RAISE(ROLLBACK) ends the whole transaction, as SQLite may on SQLITE_FULL or an I/O error:
    // https://www.sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction
    db.exec(`CREATE TRIGGER lose_batch BEFORE INSERT ON deliveries WHEN NEW.chat_id = ${broken}
      BEGIN SELECT RAISE(ROLLBACK, 'disk I/O error'); END`);
    const errors: unknown[] = [];
    const error = thrown(() =>
      outbox.batch(() => {
        for (const id of [first, broken, third]) {
          try {
            outbox.enqueue(digest(id), 1000);
          } catch (failure) {
            errors.push(failure);
          }
        }
      }),
    );
    expect(isAppError(error, 'db_unavailable')).toBe(true);
    expect(errors.map((failure) => isAppError(failure, 'db_unavailable'))).toEqual([false, true]);
    expect(stored(db)).toEqual({ digests: 0, deliveries: 0, messages: 0, slots: 0 });
    expect(outbox.enqueue(digest(third), 2000).created).toBe(true);
  });

  it('runs a batch inside a batch as a savepoint: undone alone when it throws, committed with the outer one', () => {
    const { db, outbox, ids } = setup();
    const [first, second] = ids as [number, number, number];
    const reader = db.prepare<[], { chatId: number }>('SELECT chat_id AS chatId FROM digests');
    outbox.batch(() => {
      thrown(() =>
        outbox.batch(() => {
          outbox.enqueue(digest(first), 1000);
          throw new Error('the inner work gave up');
        }),
      );
      outbox.batch(() => outbox.enqueue(digest(second), 1000));
    });
    expect(reader.all()).toEqual([{ chatId: second }]);
  });

  it('takes no write lock for a batch that enqueues nothing (a tick slice with no chat due)', () => {
    const path = join(tempDir(), 'idle.db');
    const { outbox, ids } = setup(openDatabase(path));
    const other = openDatabase(path);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    expect(outbox.batch(() => 42)).toBe(42);
    // Beginning a write would have waited out the 5 s busy timeout and thrown "database is locked".
    expect(performance.now() - started).toBeLessThan(1000);
    other.exec('ROLLBACK');
    expect(outbox.batch(() => outbox.enqueue(digest(ids[0] ?? 0), 1000).created)).toBe(true);
  });
});
