import { describe, expect, it } from 'vitest';
import type { Chat, Platform } from '../../../src/domain/chat.js';
import type { DigestRecord } from '../../../src/domain/delivery.js';
import type { ChatStore, DigestComposer, Outbox } from '../../../src/domain/ports.js';
import { digestLagMs, nextSlotAfter, parseSchedule } from '../../../src/domain/schedule.js';
import { createDigestScheduler } from '../../../src/scheduler/digest-scheduler.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';

const minute = 60_000;
const hour = 60 * minute;
const weekly = parseSchedule('weekly friday 09:00');

/** Counts stories it was asked about; renders one placeholder part. */
const composer: DigestComposer = {
  compose: (chat) => ({ storyCount: 0, parts: [{ platform: 'telegram', html: `digest for ${chat.id}` }] }),
};

type Enqueued = DigestRecord & { at: number };

function setup(start: number, platforms: readonly Platform[] = ['telegram']) {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const enqueued: Enqueued[] = [];
  const outbox: Pick<Outbox, 'enqueue' | 'batch' | 'passQuiet'> = {
    enqueue(digest, now) {
      const result = real.enqueue(digest, now);
      if (result.created) enqueued.push({ ...digest, at: now });
      return result;
    },
    batch: (work) => real.batch(work),
    passQuiet: (chatId, slot, until) => real.passQuiet(chatId, slot, until),
  };
  const clock = createManualClock(start);
  const scheduler = (
    extra: {
      sliceMs?: number;
      pageSize?: number;
      chats?: Pick<ChatStore, 'list' | 'get'>;
      lagMs?: number;
    } = {},
  ) =>
    createDigestScheduler({
      chats,
      outbox,
      composer,
      clock,
      log: createSilentLogger(),
      catchUpMs: 24 * hour,
      platforms,
      ...extra,
    });
  const chat = (id: string, timeZone: string, at = start): Chat =>
    chats.ensure(
      { platform: 'telegram', chatId: id, threadId: null },
      { title: null, timeZone, schedule: weekly },
      'test',
      at,
    );
  return { chats, clock, scheduler, enqueued, chat, outbox: real };
}

/** Weekday and wall-clock time of an instant in a zone, from ICU rather than from our own zone code. */
function local(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

describe('digest scheduling in each chat’s time zone', () => {
  it('gives Auckland and Los Angeles exactly one digest each Friday at 09:00 local across both DST changes', async () => {
    // 2026-09-01 → 2027-04-30 spans Auckland's start (27 Sep) and end (4 Apr) of DST and Los Angeles'
    // end (1 Nov) and start (14 Mar).
    const start = Date.UTC(2026, 8, 1);
    const end = Date.UTC(2027, 3, 30);
    const { clock, scheduler, enqueued, chat } = setup(start);
    const auckland = chat('1', 'Pacific/Auckland');
    const angeles = chat('2', 'America/Los_Angeles');
    const step = 5 * minute;
    let current = scheduler();
    for (let now = start, ticks = 0; now < end; now += step, ticks += 1) {
      clock.set(now);
      // A restart every 997 ticks (about 3.5 days, never in step with the week): the state lives in the database.
      if (ticks % 997 === 0) current = scheduler();
      await current.tick();
    }
    for (const [zone, id] of [
      ['Pacific/Auckland', auckland.id],
      ['America/Los_Angeles', angeles.id],
    ] as const) {
      const mine = enqueued.filter((digest) => digest.chatId === id);
      const fridays = Math.round((end - start) / (7 * 24 * hour));
      expect(mine.length).toBeGreaterThanOrEqual(fridays - 1);
      expect(mine.length).toBeLessThanOrEqual(fridays + 1);
      expect(new Set(mine.map((digest) => digest.period)).size).toBe(mine.length);
      expect((mine[0]?.slot ?? 0) - start).toBeLessThan(7 * 24 * hour);
      expect(end - (mine.at(-1)?.slot ?? 0)).toBeLessThan(7 * 24 * hour);
      for (const digest of mine) {
        expect(local(digest.slot ?? 0, zone)).toBe('Fri 09:00');
        expect(digest.at - (digest.slot ?? 0)).toBeLessThan(step);
        expect(digest.until).toBe(digest.slot);
      }
      for (const [index, digest] of mine.slice(1).entries()) {
        const previous = mine[index] as Enqueued;
        expect(digest.since).toBe(previous.slot);
        expect(Math.abs((digest.slot ?? 0) - (previous.slot ?? 0) - 7 * 24 * hour)).toBeLessThanOrEqual(hour);
      }
    }
  });

  it('sends a push missed while Parley was down once when it comes back within the catch-up window', async () => {
    // Friday 2026-11-27 09:00 UTC; down from 08:00 to 11:30, restarted twice after.
    const { clock, scheduler, enqueued, chat } = setup(Date.UTC(2026, 10, 20));
    chat('1', 'UTC');
    for (const at of [
      Date.UTC(2026, 10, 27, 8),
      Date.UTC(2026, 10, 27, 11, 30),
      Date.UTC(2026, 10, 27, 11, 31),
    ]) {
      clock.set(at);
      await scheduler().tick();
      await scheduler().tick();
    }
    expect(enqueued.map((digest) => [digest.period, digest.at])).toEqual([
      ['2026-W48 Fri 09:00', Date.UTC(2026, 10, 27, 11, 30)],
    ]);
  });

  it('skips a push missed for longer than the catch-up window and resumes the next week', async () => {
    const { clock, scheduler, enqueued, chat } = setup(Date.UTC(2026, 10, 20));
    chat('1', 'UTC');
    clock.set(Date.UTC(2026, 10, 28, 10)); // 25 hours after the slot
    await scheduler().tick();
    clock.set(Date.UTC(2026, 11, 4, 9, 0, 5));
    await scheduler().tick();
    expect(enqueued.map((digest) => digest.period)).toEqual(['2026-W49 Fri 09:00']);
  });

  it('does not push to a chat that subscribed after the slot, nor to one whose platform has no token', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20), ['slack']);
    chat('1', 'UTC', Date.UTC(2026, 10, 27, 10));
    chats.ensure(
      { platform: 'slack', chatId: 'C1', threadId: null },
      { title: null, timeZone: 'UTC', schedule: weekly },
      'test',
      Date.UTC(2026, 10, 27, 10),
    );
    clock.set(Date.UTC(2026, 10, 27, 11));
    expect(await scheduler().tick()).toEqual({ due: 0, enqueued: 0, quiet: 0, failed: 0 });
    expect(enqueued).toEqual([]);
  });

  it('covers only the days since the last digest when a weekly chat turns daily', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20));
    const c = chat('1', 'UTC');
    clock.set(Date.UTC(2026, 10, 27, 9, 1));
    await scheduler().tick();
    chats.update(c.id, { schedule: parseSchedule('daily 18:00') }, 'test', clock.now());
    clock.set(Date.UTC(2026, 10, 27, 18, 1));
    await scheduler().tick();
    expect(enqueued.map((digest) => [digest.period, digest.since, digest.until])).toEqual([
      // Each ends when it was composed (no lag here), a minute after its slot.
      ['2026-W48 Fri 09:00', Date.UTC(2026, 10, 20, 9), Date.UTC(2026, 10, 27, 9, 1)],
      ['2026-11-27 18:00', Date.UTC(2026, 10, 27, 9, 1), Date.UTC(2026, 10, 27, 18, 1)],
    ]);
  });
});

describe('quiet periods', () => {
  it('stores nothing for a chat that skips them, yet counts the slot as done; a chat that wants a note gets one', async () => {
    const { clock, chat, chats, outbox } = setup(Date.UTC(2026, 10, 20));
    const noted = chat('1', 'UTC');
    const skipping = chats.update(chat('2', 'UTC').id, { quiet: 'skip' }, 'test', Date.UTC(2026, 10, 20));
    // Stories only in the week to 4 December.
    const busyFrom = Date.UTC(2026, 10, 28);
    const stories: DigestComposer = {
      compose: (target, period) => {
        const storyCount = period.until > busyFrom ? 3 : 0;
        return { storyCount, parts: [{ platform: 'telegram', html: `${storyCount} for ${target.id}` }] };
      },
    };
    const enqueued: DigestRecord[] = [];
    const recording = {
      ...{ batch: outbox.batch, passQuiet: outbox.passQuiet },
      enqueue: (digest: DigestRecord, now: number) => {
        enqueued.push(digest);
        return outbox.enqueue(digest, now);
      },
    };
    const scheduler = () =>
      createDigestScheduler({
        ...{ chats, outbox: recording, composer: stories, clock, log: createSilentLogger() },
        ...{ catchUpMs: 24 * hour, platforms: ['telegram'] },
      });
    clock.set(Date.UTC(2026, 10, 27, 9, 1));
    expect(await scheduler().tick()).toEqual({ due: 2, enqueued: 1, quiet: 1, failed: 0 });
    // Not due again, after a restart either: the quiet slot is the chat's last.
    expect(await scheduler().tick()).toEqual({ due: 0, enqueued: 0, quiet: 0, failed: 0 });
    expect(chats.get(skipping.id)?.lastSlot).toBe(Date.UTC(2026, 10, 27, 9));
    clock.set(Date.UTC(2026, 11, 4, 9, 1));
    expect(await scheduler().tick()).toEqual({ due: 2, enqueued: 2, quiet: 0, failed: 0 });
    expect(enqueued.map((digest) => [digest.chatId, digest.storyCount, digest.since])).toEqual([
      [noted.id, 0, Date.UTC(2026, 10, 20, 9)],
      [noted.id, 3, Date.UTC(2026, 10, 27, 9, 1)],
      [skipping.id, 3, Date.UTC(2026, 10, 27, 9, 1)],
    ]);
  });
});

describe('the digest lag', () => {
  it('ends each digest the lag before it is composed, so periods still meet and a report dated just before a slot is in the next digest', async () => {
    const { clock, scheduler, enqueued, chat } = setup(Date.UTC(2026, 10, 20));
    chat('1', 'UTC');
    clock.set(Date.UTC(2026, 10, 27, 9, 1));
    await scheduler({ lagMs: hour }).tick();
    clock.set(Date.UTC(2026, 11, 4, 9, 1));
    await scheduler({ lagMs: hour }).tick();
    expect(enqueued.map((digest) => [digest.period, digest.since, digest.until])).toEqual([
      ['2026-W48 Fri 09:00', Date.UTC(2026, 10, 20, 8), Date.UTC(2026, 10, 27, 8, 1)],
      ['2026-W49 Fri 09:00', Date.UTC(2026, 10, 27, 8, 1), Date.UTC(2026, 11, 4, 8, 1)],
    ]);
    // published at 08:59 on the 27th, fetched at 09:10, after the first digest: the second has it
    const report = Date.UTC(2026, 10, 27, 8, 59);
    const [first, second] = enqueued;
    expect(report >= (first?.until ?? 0)).toBe(true);
    expect(report >= (second?.since ?? 0) && report < (second?.until ?? 0)).toBe(true);
  });

  it('is two polling intervals, and at least an hour', () => {
    expect(digestLagMs(30 * minute)).toBe(hour);
    expect(digestLagMs(5 * minute)).toBe(hour);
    expect(digestLagMs(2 * hour)).toBe(4 * hour);
  });
});

describe('a tick over many due chats', () => {
  const friday = Date.UTC(2026, 10, 27, 9, 0, 5);

  it('lets other callbacks run between chats and pages and still enqueues each chat once', async () => {
    const { clock, scheduler, enqueued, chat } = setup(Date.UTC(2026, 10, 20));
    for (let id = 1; id <= 200; id += 1) chat(String(id), 'UTC');
    clock.set(friday);
    // What another callback (a bot command, a Slack ack) sees each time it gets the event loop.
    const seen: number[] = [];
    let done = false;
    const watch = () => {
      seen.push(enqueued.length);
      if (!done) setImmediate(watch);
    };
    setImmediate(watch);
    const current = scheduler({ sliceMs: 0, pageSize: 50 });
    const result = await current.tick();
    done = true;
    expect(result).toEqual({ due: 200, enqueued: 200, quiet: 0, failed: 0 });
    const stretches = seen.slice(1).map((count, index) => count - (seen[index] ?? 0));
    expect(Math.max(...stretches)).toBe(1);
    expect(seen).toContain(100);
    expect(new Set(enqueued.map((digest) => digest.chatId)).size).toBe(200);
    expect(await current.tick()).toEqual({ due: 0, enqueued: 0, quiet: 0, failed: 0 });
  });

  it('decides from the stored chat when a command turned its schedule off while the tick yielded', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20));
    const first = chat('1', 'UTC');
    const second = chat('2', 'UTC');
    clock.set(friday);
    setImmediate(() => chats.update(second.id, { schedule: { frequency: 'off' } }, 'telegram:2', friday));
    expect(await scheduler({ sliceMs: 0 }).tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
    expect(enqueued.map((digest) => digest.chatId)).toEqual([first.id]);
  });

  it('skips a chat the platform turned off while the tick yielded (the bot was blocked)', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20));
    const first = chat('1', 'UTC');
    const second = chat('2', 'UTC');
    clock.set(friday);
    setImmediate(() => chats.deactivate(second.id, 'blocked', 'system', friday));
    expect(await scheduler({ sliceMs: 0 }).tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
    expect(enqueued.map((digest) => digest.chatId)).toEqual([first.id]);
  });

  it('reads the chats in pages and does each once, even when chats are added or changed between pages', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20));
    const west = chat('1', 'UTC').id;
    const blocked = chat('2', 'UTC').id;
    const retopic = chat('3', 'UTC').id;
    const fourth = chat('4', 'UTC').id;
    const fifth = chat('5', 'UTC').id;
    clock.set(friday);
    const pages: Array<number | null> = [];
    let added = 0;
    const paged: Pick<ChatStore, 'list' | 'get'> = {
      get: (id) => chats.get(id),
      list: (filter) => {
        pages.push(filter?.afterId ?? null);
        if (pages.length === 2) {
          // Done already: one chat moves west (its Friday 09:00 comes again, later in UTC), one is blocked.
          // Not read yet: one changes its topics. And a chat arrives (subscribed last week).
          chats.update(west, { timeZone: 'America/New_York' }, 'telegram:1', friday);
          chats.deactivate(blocked, 'blocked', 'system', friday);
          chats.update(retopic, { topics: ['gaza'] }, 'telegram:3', friday);
          added = chat('6', 'UTC').id;
        }
        return chats.list(filter);
      },
    };
    const result = await scheduler({ sliceMs: 0, pageSize: 2, chats: paged }).tick();
    expect(result).toEqual({ due: 6, enqueued: 6, quiet: 0, failed: 0 });
    expect(enqueued.map((digest) => digest.chatId)).toEqual([west, blocked, retopic, fourth, fifth, added]);
    expect(pages).toEqual([null, blocked, fourth, added]);
  });

  it('counts a chat whose digest cannot be stored as failed, serves the others, and retries it next tick', async () => {
    const { clock, chats, chat, outbox: real } = setup(Date.UTC(2026, 10, 20));
    const [first, broken, third] = ['1', '2', '3'].map((id) => chat(id, 'UTC')) as [Chat, Chat, Chat];
    const stored: number[] = [];
    let failing = true;
    const outbox: Pick<Outbox, 'enqueue' | 'batch' | 'passQuiet'> = {
      enqueue(digest, now) {
        if (failing && digest.chatId === broken.id) throw new Error('disk I/O error');
        stored.push(digest.chatId);
        return real.enqueue(digest, now);
      },
      batch: (work) => real.batch(work),
      passQuiet: (chatId, slot, until) => real.passQuiet(chatId, slot, until),
    };
    const scheduler = createDigestScheduler({
      ...{ chats, outbox, composer, clock, log: createSilentLogger() },
      ...{ catchUpMs: 24 * hour, platforms: ['telegram'] },
    });
    clock.set(friday);
    expect(await scheduler.tick()).toEqual({ due: 3, enqueued: 2, quiet: 0, failed: 1 });
    expect(stored).toEqual([first.id, third.id]);
    failing = false;
    clock.set(friday + minute);
    expect(await scheduler.tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
    expect(stored).toEqual([first.id, third.id, broken.id]);
  });

  it('gives a chat that moved west after its digest no second digest for the same local Friday', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20));
    const moved = chat('1', 'UTC');
    clock.set(friday);
    await scheduler().tick();
    chats.update(moved.id, { timeZone: 'America/New_York' }, 'telegram:1', friday + minute);
    // 09:00 in New York: the same "2026-W48 Fri 09:00" the chat already got, which the outbox holds once.
    clock.set(Date.UTC(2026, 10, 27, 14, 0, 5));
    const later = scheduler();
    expect(await later.tick()).toEqual({ due: 1, enqueued: 0, quiet: 0, failed: 0 });
    expect(enqueued.map((digest) => [digest.chatId, digest.period])).toEqual([
      [moved.id, '2026-W48 Fri 09:00'],
    ]);
    // Refused once, it waits for its next slot instead of being composed and refused every minute.
    clock.set(Date.UTC(2026, 10, 27, 14, 1, 5));
    expect(await later.tick()).toEqual({ due: 0, enqueued: 0, quiet: 0, failed: 0 });
  });

  it('gives a chat that moves east past its slot no digest at once: its next one is when /timezone said', async () => {
    const { clock, scheduler, enqueued, chat, chats } = setup(Date.UTC(2026, 10, 20));
    const moved = chat('1', 'UTC');
    clock.set(friday);
    await scheduler().tick();
    // Next Friday 08:30 UTC, before its 09:00 UTC slot: /timezone Europe/Kyiv, whose 09:00 (07:00 UTC) has
    // passed. The answer names next week's 09:00 Kyiv (nextSlotAfter): a digest a minute later contradicted it.
    const changedAt = Date.UTC(2026, 11, 4, 8, 30);
    clock.set(changedAt);
    const kyiv = chats.update(moved.id, { timeZone: 'Europe/Kyiv' }, 'telegram:1', changedAt);
    expect(nextSlotAfter(kyiv.schedule, kyiv.timeZone, changedAt)).toBe(Date.UTC(2026, 11, 11, 7));
    clock.set(changedAt + minute);
    expect(await scheduler().tick()).toEqual({ due: 0, enqueued: 0, quiet: 0, failed: 0 });
    // It comes then, with the two weeks since its last digest: nothing is lost.
    clock.set(Date.UTC(2026, 11, 11, 7, 0, 5));
    expect(await scheduler().tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
    const [first, next] = enqueued;
    expect(next?.period).toBe('2026-W50 Fri 09:00');
    expect(next?.since).toBe(first?.until);
  });
});

describe('scheduler edges an operator relies on', () => {
  const friday = Date.UTC(2026, 10, 20);
  const slot = Date.UTC(2026, 10, 27, 9);
  const empty: DigestComposer = {
    compose: () => ({ storyCount: 0, parts: [{ platform: 'telegram', html: 'nothing' }] }),
  };

  it('with catchUpHours 0, a slot still stays due for ten minutes, not for none', async () => {
    const { clock, chat, chats, outbox } = setup(friday);
    chat('1', 'UTC');
    // A new scheduler for each tick: one remembers that a chat is not due until its next slot.
    const scheduler = () =>
      createDigestScheduler({
        ...{ chats, outbox, composer, clock, log: createSilentLogger() },
        ...{ catchUpMs: 0, platforms: ['telegram'] },
      });
    clock.set(slot + 11 * minute);
    expect((await scheduler().tick()).due).toBe(0);
    clock.set(slot + 9 * minute);
    expect(await scheduler().tick()).toEqual({ due: 1, enqueued: 1, quiet: 0, failed: 0 });
  });

  it('leaves the chats of a platform that cannot send now alone', async () => {
    const { clock, chat, scheduler, enqueued } = setup(friday, ['slack']);
    chat('1', 'UTC');
    clock.set(slot + minute);
    expect(await scheduler().tick()).toEqual({ due: 0, enqueued: 0, quiet: 0, failed: 0 });
    expect(enqueued).toEqual([]);
  });

  it('a skipped quiet period ends where its digest would have, the lag before it was composed', async () => {
    const { clock, chat, chats, outbox } = setup(friday);
    const skipping = chats.update(chat('1', 'UTC').id, { quiet: 'skip' }, 'test', friday);
    const scheduler = createDigestScheduler({
      ...{ chats, outbox, composer: empty, clock, log: createSilentLogger() },
      ...{ catchUpMs: 24 * hour, platforms: ['telegram'], lagMs: hour },
    });
    clock.set(slot + minute);
    expect(await scheduler.tick()).toEqual({ due: 1, enqueued: 0, quiet: 1, failed: 0 });
    expect(chats.get(skipping.id)).toMatchObject({ lastSlot: slot, lastUntil: slot + minute - hour });
  });

  // Review: a digest sent while the clock ran a week ahead recorded next week's slot, and once the clock
  // was put right the chat got nothing until that slot came round; one subscribed meanwhile likewise.
  it('serves the real slot once a clock that ran ahead is put right, and sends no period twice', async () => {
    const { clock, chat, chats, scheduler, enqueued } = setup(friday);
    const early = chat('1', 'UTC');
    const week = 7 * 24 * hour;
    clock.set(slot + week + minute);
    await scheduler().tick();
    const late = chat('2', 'UTC', clock.now());
    expect(chats.get(early.id)?.lastSlot).toBe(slot + week);
    // Put right on Friday before the slot: each chat gets this Friday's digest at its time.
    clock.set(slot - hour);
    const ticks = scheduler();
    expect((await ticks.tick()).due).toBe(0);
    clock.set(slot + minute);
    expect(await ticks.tick()).toMatchObject({ due: 2, enqueued: 2 });
    // Both stored as this Friday's: the slot recorded ahead and the subscription's time are put right.
    expect(chats.get(early.id)).toMatchObject({ lastSlot: slot });
    expect(chats.get(late.id)).toMatchObject({ lastSlot: slot, scheduleSetAt: slot });
    // Next Friday's period went out while the clock was ahead: not again.
    clock.set(slot + week + minute);
    await ticks.tick();
    expect(enqueued.map((digest) => `${digest.chatId} ${digest.period}`)).toEqual([
      `${early.id} 2026-W49 Fri 09:00`,
      `${early.id} 2026-W48 Fri 09:00`,
      `${late.id} 2026-W48 Fri 09:00`,
      `${late.id} 2026-W49 Fri 09:00`,
    ]);
  });
});
