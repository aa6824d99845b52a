import { describe, expect, it } from 'vitest';
import type { DigestRecord } from '../../../src/domain/delivery.js';
import type { DigestComposer, Outbox } from '../../../src/domain/ports.js';
import { parseSchedule } from '../../../src/domain/schedule.js';
import { createDigestScheduler } from '../../../src/scheduler/digest-scheduler.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

const minute = 60_000;
const hour = 60 * minute;

function schedulerOn(db: ReturnType<typeof openDatabase>, start: number, lagMs: number, quiet = false) {
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const enqueued: DigestRecord[] = [];
  const composer: DigestComposer = {
    compose: () =>
      quiet
        ? { storyCount: 0, parts: [] }
        : { storyCount: 1, parts: [{ platform: 'telegram', html: 'digest' }] },
  };
  const outbox: Pick<Outbox, 'enqueue' | 'batch' | 'passQuiet'> = {
    enqueue(digest, now) {
      const result = real.enqueue(digest, now);
      if (result.created) enqueued.push(digest);
      return result;
    },
    batch: (work) => real.batch(work),
    passQuiet: (chatId, slot, until) => real.passQuiet(chatId, slot, until),
  };
  const clock = createManualClock(start);
  const scheduler = createDigestScheduler({
    chats,
    outbox,
    composer,
    clock,
    log: createSilentLogger(),
    catchUpMs: 24 * hour,
    platforms: ['telegram'],
    lagMs,
  });
  const run = async (end: number) => {
    for (let now = clock.now(); now <= end; now += 5 * minute) {
      clock.set(now);
      await scheduler.tick();
    }
  };
  return { chats, clock, enqueued, run };
}

describe('digest periods when the lag grows: the end of the last digest never moves back (found by review)', () => {
  it('a digest whose slot minus a grown lag lies before the last digest end has since > until, and the next digest repeats stories', async () => {
    const db = openDatabase(':memory:');
    const t0 = Date.UTC(2026, 10, 16);
    // Lag 1 h (ingest.interval 30m): daily 09:00 digest on the 16th covers [.., 08:00).
    const first = schedulerOn(db, t0, hour);
    const c = first.chats.ensure(
      { platform: 'telegram', chatId: '1', threadId: null },
      { title: null, timeZone: 'UTC', schedule: parseSchedule('daily 09:00') },
      'test',
      t0,
    );
    await first.run(Date.UTC(2026, 10, 16, 9, 5));
    // 09:10: the admin moves the digest to 09:30; Parley is restarted with ingest.interval 1h (lag 2 h).
    first.clock.set(Date.UTC(2026, 10, 16, 9, 10));
    first.chats.update(c.id, { schedule: parseSchedule('daily 09:30') }, 'telegram:1', first.clock.now());
    const second = schedulerOn(db, Date.UTC(2026, 10, 16, 9, 15), 2 * hour);
    await second.run(Date.UTC(2026, 10, 17, 10));
    const digests = [...first.enqueued, ...second.enqueued];
    const spans = digests.map((d) => [new Date(d.since).toISOString(), new Date(d.until).toISOString()]);
    // Every digest's period must run forwards …
    for (const d of digests) expect(d.since, JSON.stringify(spans)).toBeLessThanOrEqual(d.until);
    // … and no instant may be covered by two digests.
    for (let i = 1; i < digests.length; i += 1) {
      const previousEnd = Math.max(...digests.slice(0, i).map((d) => d.until));
      expect(digests[i]?.since, JSON.stringify(spans)).toBeGreaterThanOrEqual(previousEnd);
    }
  });

  it('a quiet (skip) period with since > until stores an earlier last_until than the one it had', async () => {
    const db = openDatabase(':memory:');
    const t0 = Date.UTC(2026, 10, 16);
    const first = schedulerOn(db, t0, hour);
    const c = first.chats.ensure(
      { platform: 'telegram', chatId: '1', threadId: null },
      { title: null, timeZone: 'UTC', schedule: parseSchedule('daily 09:00') },
      'test',
      t0,
    );
    await first.run(Date.UTC(2026, 10, 16, 9, 5));
    const before = first.chats.get(c.id)?.lastUntil ?? 0;
    first.clock.set(Date.UTC(2026, 10, 16, 9, 10));
    first.chats.update(
      c.id,
      { schedule: parseSchedule('daily 09:30'), quiet: 'skip' },
      'telegram:1',
      first.clock.now(),
    );
    const second = schedulerOn(db, Date.UTC(2026, 10, 16, 9, 15), 2 * hour, true);
    await second.run(Date.UTC(2026, 10, 16, 9, 40));
    const after = second.chats.get(c.id)?.lastUntil ?? 0;
    expect(new Date(after).toISOString()).toBe(new Date(before).toISOString());
  });

  it('the outbox keeps the later end when a later slot reports an earlier one', () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const t0 = Date.UTC(2026, 10, 16);
    const c = chats.ensure(
      { platform: 'telegram', chatId: '2', threadId: null },
      { title: null, timeZone: 'UTC', schedule: parseSchedule('daily 09:00') },
      'test',
      t0,
    );
    outbox.passQuiet(c.id, t0 + 9 * hour, t0 + 8 * hour);
    outbox.passQuiet(c.id, t0 + 9.5 * hour, t0 + 7.5 * hour);
    expect(chats.get(c.id)).toMatchObject({ lastSlot: t0 + 9.5 * hour, lastUntil: t0 + 8 * hour });
  });
});
