import { describe, expect, it } from 'vitest';
import type { Chat } from '../../../src/domain/chat.js';
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
const lagMs = hour;

const composer: DigestComposer = {
  compose: (chat) => ({ storyCount: 1, parts: [{ platform: 'telegram', html: `digest for ${chat.id}` }] }),
};

function setup(start: number, lag = lagMs) {
  return setupOn(openDatabase(':memory:'), start, lag);
}

/** A scheduler over `db` (a restarted Parley), its clock at `start`. */
function setupOn(db: ReturnType<typeof openDatabase>, start: number, lag = lagMs) {
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const enqueued: DigestRecord[] = [];
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
    lagMs: lag,
  });
  const chat = (timeZone: string, schedule = 'weekly friday 09:00'): Chat =>
    chats.ensure(
      { platform: 'telegram', chatId: '1', threadId: null },
      { title: null, timeZone, schedule: parseSchedule(schedule) },
      'test',
      start,
    );
  /** Ticks every 5 minutes from the clock's time to `end`. */
  const run = async (end: number) => {
    for (let now = clock.now(); now <= end; now += 5 * minute) {
      clock.set(now);
      await scheduler.tick();
    }
  };
  return { db, chats, clock, enqueued, chat, run };
}

/** Consecutive digests of a chat must meet: the next starts where the previous ended. */
function boundaries(digests: DigestRecord[]) {
  return digests.slice(1).map((digest, i) => ({
    previousUntil: new Date(digests[i]?.until ?? 0).toISOString(),
    since: new Date(digest.since).toISOString(),
  }));
}

describe('consecutive scheduled digests leave no stories between them', () => {
  it('after a chat moves its time zone west (Kyiv → UTC) between two weekly digests', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('Europe/Kyiv');
    // Friday 20 Nov 09:00 Kyiv = 07:00 UTC: first digest.
    await run(Date.UTC(2026, 10, 20, 12));
    // On Tuesday the admin corrects the zone: /timezone UTC.
    clock.set(Date.UTC(2026, 10, 24, 12));
    chats.update(c.id, { timeZone: 'UTC' }, 'telegram:1', clock.now());
    // Friday 27 Nov 09:00 UTC: second digest.
    await run(Date.UTC(2026, 10, 27, 12));
    expect(enqueued.map((d) => d.period)).toEqual(['2026-W47 Fri 09:00', '2026-W48 Fri 09:00']);
    // The next digest starts where the previous one ended.
    const [b] = boundaries(enqueued);
    expect(b?.since).toBe(b?.previousUntil);
  });

  it('after a chat moves west on the day of its digest (Auckland → Los Angeles): the "same" Friday is refused, and the next digest still reaches back to the last one', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('Pacific/Auckland');
    // Friday 27 Nov 09:00 Auckland = Thursday 26 Nov 20:00 UTC.
    await run(Date.UTC(2026, 10, 26, 21));
    chats.update(c.id, { timeZone: 'America/Los_Angeles' }, 'telegram:1', clock.now());
    // Friday 27 Nov 09:00 LA (17:00 UTC) is refused as "2026-W48 Fri 09:00" again; Friday 4 Dec 09:00 LA goes.
    await run(Date.UTC(2026, 11, 4, 18));
    expect(enqueued.map((d) => d.period)).toEqual([
      '2026-W47 Fri 09:00',
      '2026-W48 Fri 09:00',
      '2026-W49 Fri 09:00',
    ]);
    // The next digest starts where the previous one ended.
    const [, b] = boundaries(enqueued);
    expect(b?.since).toBe(b?.previousUntil);
  });

  it('after a weekly chat turns daily in the middle of the week (Friday to Monday were never sent)', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('UTC');
    await run(Date.UTC(2026, 10, 20, 12)); // Friday 20 Nov 09:00 weekly digest
    clock.set(Date.UTC(2026, 10, 24, 12)); // Tuesday: /schedule daily 18:00
    chats.update(c.id, { schedule: parseSchedule('daily 18:00') }, 'telegram:1', clock.now());
    await run(Date.UTC(2026, 10, 24, 19)); // Tuesday 24 Nov 18:00: first daily digest
    expect(enqueued.map((d) => d.period)).toEqual(['2026-W47 Fri 09:00', '2026-11-24 18:00']);
    // The next digest starts where the previous one ended.
    const [b] = boundaries(enqueued);
    expect(b?.since).toBe(b?.previousUntil);
  });

  it('gives a chat turned back on within days one schedule period, not the days it was off', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('UTC', 'daily 09:00');
    await run(Date.UTC(2026, 10, 16, 10));
    clock.set(Date.UTC(2026, 10, 17, 12));
    chats.update(c.id, { active: false }, 'telegram:1', clock.now());
    clock.set(Date.UTC(2026, 10, 20, 12));
    chats.update(c.id, { active: true }, 'telegram:1', clock.now());
    await run(Date.UTC(2026, 10, 22, 10));
    expect(enqueued.map((d) => [d.period, new Date(d.since).toISOString()])).toEqual([
      ['2026-11-16 09:00', '2026-11-15T08:00:00.000Z'],
      ['2026-11-21 09:00', '2026-11-20T08:00:00.000Z'],
      ['2026-11-22 09:00', '2026-11-21T08:00:00.000Z'],
    ]);
  });

  it.each([
    ['shorter (1 h interval → 30 min: a 2 h lag → 1 h)', 2 * hour, hour],
    ['longer (30 min → 1 h: a 1 h lag → 2 h)', hour, 2 * hour],
  ])(
    'after the digest lag got %s between two digests (Parley restarted with another ingest.interval)',
    async (_label, before, after) => {
      const first = setup(Date.UTC(2026, 10, 16), before);
      const c = first.chat('UTC', 'daily 09:00');
      await first.run(Date.UTC(2026, 10, 16, 10));
      // Restarted with the new lag on the same database.
      const second = setupOn(first.db, first.clock.now(), after);
      await second.run(Date.UTC(2026, 10, 17, 10));
      const digests = [...first.enqueued, ...second.enqueued];
      expect(digests.map((d) => d.chatId)).toEqual([c.id, c.id]);
      const [b] = boundaries(digests);
      expect(b?.since).toBe(b?.previousUntil);
      expect(new Date(digests[1]?.until ?? 0).toISOString()).toBe(
        new Date(Date.UTC(2026, 10, 17, 9) - after).toISOString(),
      );
    },
  );

  it('after the lag grew past the time to the next slot: that slot passes quietly, and the end never moves back (found by review)', async () => {
    // Lag 1 h: the daily 09:00 digest of the 16th covers up to 08:00.
    const first = setup(Date.UTC(2026, 10, 16), hour);
    const c = first.chat('UTC', 'daily 09:00');
    await first.run(Date.UTC(2026, 10, 16, 9, 5));
    // 09:10: moved to 09:30; restarted with a 2 h lag, so the 09:30 slot would end at 07:30, before 08:00.
    first.clock.set(Date.UTC(2026, 10, 16, 9, 10));
    first.chats.update(c.id, { schedule: parseSchedule('daily 09:30') }, 'telegram:1', first.clock.now());
    const second = setupOn(first.db, Date.UTC(2026, 10, 16, 9, 15), 2 * hour);
    await second.run(Date.UTC(2026, 10, 16, 9, 40));
    expect(second.enqueued).toEqual([]);
    expect(second.chats.get(c.id)?.lastUntil).toBe(Date.UTC(2026, 10, 16, 8));
    await second.run(Date.UTC(2026, 10, 17, 10));
    const digests = [...first.enqueued, ...second.enqueued];
    expect(digests.map((d) => [new Date(d.since).toISOString(), new Date(d.until).toISOString()])).toEqual([
      ['2026-11-15T08:00:00.000Z', '2026-11-16T08:00:00.000Z'],
      ['2026-11-16T08:00:00.000Z', '2026-11-17T07:30:00.000Z'],
    ]);
  });

  it('after a weekly push skipped past the catch-up window: the next digest has its stories (found by review)', async () => {
    const { clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    chat('UTC');
    await run(Date.UTC(2026, 10, 20, 12));
    // Down from Thursday 26 Nov to Saturday 28 Nov 10:00, 25 hours after the Friday 09:00 slot.
    clock.set(Date.UTC(2026, 10, 28, 10));
    await run(Date.UTC(2026, 11, 4, 9, 5));
    expect(enqueued.map((d) => d.period)).toEqual(['2026-W47 Fri 09:00', '2026-W49 Fri 09:00']);
    const [b] = boundaries(enqueued);
    expect(b?.since).toBe(b?.previousUntil);
  });

  it('after a weekly chat unsubscribed for days and subscribed again: one schedule period, not the days in between', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('UTC');
    await run(Date.UTC(2026, 10, 20, 12));
    chats.update(c.id, { schedule: { frequency: 'off' } }, 'telegram:1', clock.now());
    clock.set(Date.UTC(2026, 10, 30, 12));
    chats.update(c.id, { schedule: parseSchedule('weekly friday 09:00') }, 'telegram:1', clock.now());
    await run(Date.UTC(2026, 11, 4, 9, 5));
    expect(enqueued.map((d) => [d.period, new Date(d.since).toISOString()])).toEqual([
      ['2026-W47 Fri 09:00', '2026-11-13T08:00:00.000Z'],
      ['2026-W49 Fri 09:00', '2026-11-27T08:00:00.000Z'],
    ]);
  });

  it('reaches back one schedule period, not to a last digest more than 8 days old', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('UTC', 'daily 09:00');
    await run(Date.UTC(2026, 10, 16, 10));
    chats.update(c.id, { active: false }, 'telegram:1', clock.now());
    clock.set(Date.UTC(2026, 10, 30, 12));
    chats.update(c.id, { active: true }, 'telegram:1', clock.now());
    await run(Date.UTC(2026, 11, 1, 10));
    expect(enqueued.map((d) => [d.period, new Date(d.since).toISOString()])).toEqual([
      ['2026-11-16 09:00', '2026-11-15T08:00:00.000Z'],
      ['2026-12-01 09:00', '2026-11-30T08:00:00.000Z'],
    ]);
  });

  it('after a weekly chat moves its time earlier on the day of its digest (that slot is skipped, the next reaches back two weeks; found by review)', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('UTC');
    await run(Date.UTC(2026, 10, 20, 12));
    // Friday 27 Nov 08:30: /schedule weekly friday 08:00, half an hour after that slot passed.
    clock.set(Date.UTC(2026, 10, 27, 8, 30));
    chats.update(c.id, { schedule: parseSchedule('weekly friday 08:00') }, 'telegram:1', clock.now());
    await run(Date.UTC(2026, 11, 4, 9));
    expect(enqueued.map((d) => d.period)).toEqual(['2026-W47 Fri 09:00', '2026-W49 Fri 08:00']);
    const [b] = boundaries(enqueued);
    expect(b?.since).toBe(b?.previousUntil);
  });

  it('gives a chat unsubscribed for weeks and subscribed again one schedule period, not the weeks in between', async () => {
    const { chats, clock, enqueued, chat, run } = setup(Date.UTC(2026, 10, 16));
    const c = chat('UTC', 'daily 09:00');
    await run(Date.UTC(2026, 10, 16, 10));
    chats.update(c.id, { schedule: { frequency: 'off' } }, 'telegram:1', clock.now());
    clock.set(Date.UTC(2026, 10, 30, 12));
    chats.update(c.id, { schedule: parseSchedule('daily 09:00') }, 'telegram:1', clock.now());
    await run(Date.UTC(2026, 11, 1, 10));
    expect(enqueued.map((d) => [d.period, new Date(d.since).toISOString()])).toEqual([
      ['2026-11-16 09:00', '2026-11-15T08:00:00.000Z'],
      ['2026-12-01 09:00', '2026-11-30T08:00:00.000Z'],
    ]);
  });
});
