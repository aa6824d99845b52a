import { describe, expect, it } from 'vitest';
import type { DigestRecord } from '../../../src/domain/delivery.js';
import type { ChatStore, DigestComposer, Outbox } from '../../../src/domain/ports.js';
import { parseSchedule } from '../../../src/domain/schedule.js';
import { createDigestScheduler } from '../../../src/scheduler/digest-scheduler.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

const minute = 60_000;
const friday = Date.UTC(2026, 10, 27, 9, 0, 5);
const composer: DigestComposer = {
  compose: (chat) => ({ storyCount: 0, parts: [{ platform: 'telegram', html: `digest for ${chat.id}` }] }),
};
// Long enough that a tick over a handful of chats is one slice, however slow the machine.
const oneSlice = 60_000;

/**
 * Real chats and outbox; `wrap` stands between the scheduler and the outbox. Logs at error level are kept.
 */
function setup(count: number, wrap: (real: Outbox) => Pick<Outbox, 'enqueue' | 'batch'> = (real) => real) {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const weekly = parseSchedule('weekly friday 09:00');
  const ids = Array.from({ length: count }, (_, index) => {
    const address = { platform: 'telegram', chatId: String(index + 1), threadId: null } as const;
    return chats.ensure(address, { title: null, timeZone: 'UTC', schedule: weekly }, 'test', 0).id;
  });
  const errors: string[] = [];
  const log = createLogger({
    level: 'error',
    destination: { write: (line: string) => errors.push((JSON.parse(line) as { msg: string }).msg) },
  });
  const clock = createManualClock(friday);
  const scheduler = (extra: {
    sliceMs?: number;
    pageSize?: number;
    chats?: Pick<ChatStore, 'list' | 'get'>;
  }) =>
    createDigestScheduler({
      ...{
        chats,
        outbox: { ...wrap(real), passQuiet: real.passQuiet },
        composer,
        clock,
        log,
        catchUpMs: 24 * 60 * minute,
      },
      ...{ platforms: ['telegram'], ...extra },
    });
  const digestsOf = () =>
    db.prepare<[], { chatId: number }>('SELECT chat_id AS chatId FROM digests ORDER BY chat_id').all();
  return { chats, real, ids, errors, clock, scheduler, digestsOf };
}

/** Fails the commit of a batch, after its work ran, while `fails()` says so: nothing of it is stored. */
function failingCommit(real: Outbox, fails: () => boolean): Outbox {
  return {
    ...real,
    batch: (work) =>
      real.batch(() => {
        const result = work();
        if (fails()) throw new Error('SQLITE_FULL: database or disk is full');
        return result;
      }),
  };
}

describe('digest scheduler: one commit per slice', () => {
  it('enqueues all the digests of a slice inside one batch, across page reads', async () => {
    const batches: number[][] = [];
    let open: number[] | null = null;
    const outside: number[] = [];
    const { ids, scheduler } = setup(5, (real) => ({
      enqueue(digest: DigestRecord, now: number) {
        (open ?? outside).push(digest.chatId);
        return real.enqueue(digest, now);
      },
      batch(work) {
        open = [];
        batches.push(open);
        try {
          return real.batch(work);
        } finally {
          open = null;
        }
      },
    }));
    expect(await scheduler({ sliceMs: oneSlice, pageSize: 2 }).tick()).toEqual({
      due: 5,
      enqueued: 5,
      quiet: 0,
      failed: 0,
    });
    expect(batches).toEqual([ids]);
    expect(outside).toEqual([]);
  });

  it('counts the chats of a slice whose commit failed as failed, logs it once, and enqueues them next tick', async () => {
    let failing = true;
    const { real, errors, clock, scheduler } = setup(3, (outbox) => failingCommit(outbox, () => failing));
    const current = scheduler({ sliceMs: oneSlice });
    expect(await current.tick()).toEqual({ due: 3, enqueued: 0, quiet: 0, failed: 3 });
    expect(real.counts().pending).toBe(0);
    expect(errors).toEqual(['tick slice not stored']);
    failing = false;
    clock.set(friday + minute);
    expect(await current.tick()).toEqual({ due: 3, enqueued: 3, quiet: 0, failed: 0 });
    expect(real.counts().pending).toBe(3);
  });

  it('still commits the other slices when one slice’s commit fails', async () => {
    let failing = true;
    let batchChats: number[] = [];
    const { ids, clock, scheduler, digestsOf } = setup(3, (real) => {
      const failed = failingCommit(real, () => failing && batchChats.includes(ids[1] ?? 0));
      return {
        enqueue: (digest, now) => {
          batchChats.push(digest.chatId);
          return real.enqueue(digest, now);
        },
        batch: (work) => {
          batchChats = [];
          return failed.batch(work);
        },
      };
    });
    const current = scheduler({ sliceMs: 0 });
    expect(await current.tick()).toEqual({ due: 3, enqueued: 2, quiet: 0, failed: 1 });
    expect(digestsOf()).toEqual([{ chatId: ids[0] }, { chatId: ids[2] }]);
    failing = false;
    clock.set(friday + minute);
    expect(await current.tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
    expect(digestsOf().map((row) => row.chatId)).toEqual(ids);
  });

  it('does not make a chat wait for its next slot on a refusal from a slice that was not committed', async () => {
    // The refusal rests on a digest row that only the failed batch held: the chat must be tried again.
    let failing = true;
    const { clock, scheduler, digestsOf, ids } = setup(1, (real) => ({
      enqueue: (digest, now) => (failing ? { digestId: 1, created: false } : real.enqueue(digest, now)),
      batch: failingCommit(real, () => failing).batch,
    }));
    const current = scheduler({ sliceMs: oneSlice });
    expect(await current.tick()).toEqual({ due: 1, enqueued: 0, quiet: 0, failed: 0 });
    failing = false;
    clock.set(friday + minute);
    expect(await current.tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
    expect(digestsOf()).toEqual([{ chatId: ids[0] }]);
  });

  it('ends the tick with the error when a batch cannot begin, and the next tick starts over', async () => {
    let locked = true;
    const { clock, scheduler } = setup(2, (real) => ({
      enqueue: real.enqueue,
      batch: (work) => {
        if (locked) throw new Error('SQLITE_BUSY: database is locked');
        return real.batch(work);
      },
    }));
    const current = scheduler({ sliceMs: oneSlice });
    await expect(current.tick()).rejects.toThrow(/database is locked/);
    locked = false;
    clock.set(friday + minute);
    expect(await current.tick()).toEqual({ due: 2, enqueued: 2, quiet: 0, failed: 0 });
  });

  it('ends the tick when a page cannot be read, keeping the digests of the chats already done', async () => {
    let reads = 0;
    const { chats, real, clock, scheduler } = setup(3);
    const flaky: Pick<ChatStore, 'list' | 'get'> = {
      get: (id) => chats.get(id),
      list: (filter) => {
        reads += 1;
        if (reads === 2) throw new Error('SQLITE_IOERR: disk I/O error');
        return chats.list(filter);
      },
    };
    const current = scheduler({ sliceMs: oneSlice, pageSize: 2, chats: flaky });
    await expect(current.tick()).rejects.toThrow(/disk I\/O error/);
    expect(real.counts().pending).toBe(2);
    clock.set(friday + minute);
    expect(await current.tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
  });
});
