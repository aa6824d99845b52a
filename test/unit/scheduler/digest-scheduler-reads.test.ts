import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/domain/chat.js';
import type { DigestComposer } from '../../../src/domain/ports.js';
import { parseSchedule } from '../../../src/domain/schedule.js';
import { createDigestScheduler } from '../../../src/scheduler/digest-scheduler.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

const friday = Date.UTC(2026, 10, 27, 9, 0, 5);

/**
 * Chats on the weekly Friday slot, the first `withTopic` of them choosing `iran`. The composer needs two
 * reads per topic set (cached once made, as the real one); `events` says what happened in which turn of
 * the event loop, and whether inside an outbox batch.
 */
function setup(
  count: number,
  withTopic: number,
  placed?: () => Promise<void>,
  failing = false,
  paging: { pageSize?: number; readsPerChat?: boolean } = {},
) {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const weekly = parseSchedule('weekly friday 09:00');
  const ids = Array.from({ length: count }, (_, index) => {
    const address = { platform: 'telegram', chatId: String(index + 1), threadId: null } as const;
    const chat = chats.ensure(address, { title: null, timeZone: 'UTC', schedule: weekly }, 'test', 0);
    if (index < withTopic) chats.update(chat.id, { topics: ['iran'] }, 'test', 0);
    return chat.id;
  });
  const clock = createManualClock(friday);
  let turn = 0;
  let inBatch = false;
  const events: Array<{ what: string; turn: number; inBatch: boolean }> = [];
  const log = (what: string) => events.push({ what, turn, inBatch });
  const made = new Set<string>();
  const keyOf = (chat: Chat) => (paging.readsPerChat ? String(chat.id) : chat.topics.join(',') || '*');
  const composer: DigestComposer = {
    reads: (chat) =>
      made.has(keyOf(chat))
        ? []
        : ['a', 'b'].map((piece) => () => {
            log(`read ${keyOf(chat)} ${piece}`);
            if (failing) throw new Error('SQLITE_BUSY: database is locked');
            if (piece === 'b') made.add(keyOf(chat));
          }),
    compose: (chat) => {
      log(`compose ${chat.id} ${made.has(keyOf(chat)) ? 'from reads' : 'reading itself'}`);
      return { storyCount: 1, parts: [{ platform: 'telegram', html: `digest for ${chat.id}` }] };
    },
  };
  const scheduler = createDigestScheduler({
    chats,
    outbox: {
      ...real,
      batch: (work) => {
        inBatch = true;
        try {
          return real.batch(work);
        } finally {
          inBatch = false;
        }
      },
    },
    composer,
    clock,
    log: createSilentLogger(),
    catchUpMs: 86_400_000,
    platforms: ['telegram'],
    sliceMs: 60_000,
    ...(paging.pageSize === undefined ? {} : { pageSize: paging.pageSize }),
    ...(placed === undefined ? {} : { placed }),
  });
  // Counts the turns of the event loop while the tick runs.
  let counting = true;
  const countTurns = () => {
    turn += 1;
    if (counting) setImmediate(countTurns);
  };
  setImmediate(countTurns);
  const tick = async () => {
    try {
      return await scheduler.tick();
    } finally {
      counting = false;
    }
  };
  return { ids, events, tick, clock, db };
}

describe('digest scheduler: story reads before a digest', () => {
  it('makes the reads a digest needs outside any batch, one per turn of the event loop, then composes it', async () => {
    const { ids, events, tick } = setup(4, 2);
    expect(await tick()).toEqual({ due: 4, enqueued: 4, quiet: 0, failed: 0 });
    expect(events.map((event) => event.what)).toEqual([
      'read iran a',
      'read iran b',
      `compose ${ids[0]} from reads`,
      `compose ${ids[1]} from reads`,
      'read * a',
      'read * b',
      `compose ${ids[2]} from reads`,
      `compose ${ids[3]} from reads`,
    ]);
    const reads = events.filter((event) => event.what.startsWith('read'));
    expect(reads.every((event) => !event.inBatch)).toBe(true);
    expect(new Set(reads.map((event) => event.turn)).size).toBe(reads.length);
    expect(events.filter((event) => event.what.startsWith('compose')).every((event) => event.inBatch)).toBe(
      true,
    );
  });

  it('decides at the time it started, once the reports stored before then are in their stories', async () => {
    let release = (): void => {};
    const { tick, clock, events, db } = setup(
      3,
      0,
      () =>
        new Promise((resolve) => {
          release = resolve;
        }),
    );
    // 09:00:05: a batch stored before is still being placed, and others keep coming for two minutes. One
    // stored after 09:00:05 counts after the digests' end; one stored before is placed before they are read.
    const ticking = tick();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual([]);
    clock.set(friday + 120_000);
    release();
    expect(await ticking).toEqual({ due: 3, enqueued: 3, quiet: 0, failed: 0 });
    const ends = db.prepare('SELECT DISTINCT until FROM digests').pluck().all();
    expect(ends).toEqual([friday]);
  });

  it('leaves a read that failed to the digest, which reads for itself', async () => {
    const { ids, events, tick } = setup(2, 0, undefined, true);
    expect(await tick()).toEqual({ due: 2, enqueued: 2, quiet: 0, failed: 0 });
    expect(events.map((event) => event.what)).toEqual([
      'read * a',
      'read * b',
      `compose ${ids[0]} reading itself`,
      'read * a',
      'read * b',
      `compose ${ids[1]} reading itself`,
    ]);
  });

  it.each([1, 2, 3, 4, 5])(
    'composes each of %i chats once when every one needs reads first, two chats a page',
    async (count) => {
      const { ids, events, tick } = setup(count, 0, undefined, false, { pageSize: 2, readsPerChat: true });
      expect(await tick()).toEqual({ due: count, enqueued: count, quiet: 0, failed: 0 });
      expect(events.filter((event) => event.what.startsWith('compose')).map((event) => event.what)).toEqual(
        ids.map((id) => `compose ${id} from reads`),
      );
    },
  );
});
