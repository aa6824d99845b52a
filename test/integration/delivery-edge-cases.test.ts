import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatService } from '../../src/delivery/chat-service.js';
import type { RetryPolicy } from '../../src/delivery/failure-policy.js';
import { createPump, type Pump } from '../../src/delivery/pump.js';
import type { RateLimits } from '../../src/delivery/rate-gate.js';
import type { ChatAddress, Platform } from '../../src/domain/chat.js';
import type { DigestRecord } from '../../src/domain/delivery.js';
import type { ChatStore, DigestComposer, Outbox } from '../../src/domain/ports.js';
import { parseSchedule } from '../../src/domain/schedule.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';
import { createDigestScheduler } from '../../src/scheduler/digest-scheduler.js';
import { createManualClock, systemClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.js';

/**
 * Review findings (delivery, scheduler, chat service): each test states the behaviour the issues and the
 * README promise and fails on the current code. Real SQLite, the loopback fake Bot API, injected clocks.
 */

const minute = 60_000;
const hour = 60 * minute;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const limits: Record<Platform, RateLimits> = {
  telegram: { perSecond: 200, chatGapMs: 50, groupGapMs: 150 },
  slack: { perSecond: 50, chatGapMs: 50, groupGapMs: 0 },
};
const retry: RetryPolicy = { maxAttempts: 3, baseMs: 100, maxMs: 1000, badTokenPauseMs: 60_000 };
const weekly = parseSchedule('weekly friday 09:00');

type Harness = { chats: ChatStore; outbox: Outbox; pump: Pump; fake: FakeTelegram };

async function telegramPump(wrap: (outbox: Outbox) => Outbox = (outbox) => outbox): Promise<Harness> {
  const fake = await startFakeTelegram({ limits: false });
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const outbox = createOutbox(db);
  const sender = createTelegramSender({ token: fake.token, apiRoot: fake.url, timeoutMs: 2_000 });
  const pump = createPump({
    outbox: wrap(outbox),
    chats,
    senders: [sender],
    limits,
    clock: systemClock,
    log: createSilentLogger(),
    retry,
    idleMs: 20,
  });
  cleanups.push(() => fake.close());
  cleanups.push(() => {
    db.close();
  });
  cleanups.push(() => pump.stop());
  return { chats, outbox, pump, fake };
}

function addChat(harness: Harness, chatId: string, threadId: string | null = null): number {
  const address: ChatAddress = { platform: 'telegram', chatId, threadId };
  return harness.chats.ensure(address, { title: null, timeZone: 'UTC', schedule: weekly }, 'test', 0).id;
}

function enqueue(harness: Harness, chat: number, label: string, parts: number, period: string): void {
  const messages = Array.from({ length: parts }, (_, i) => ({
    platform: 'telegram' as const,
    html: `${label} ${i + 1}`,
  }));
  const now = Date.now();
  harness.outbox.enqueue(
    { chatId: chat, period, since: 0, until: now, slot: null, storyCount: 1, parts: messages },
    now,
  );
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the pump');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('edge cases: outbox pump', () => {
  it('paces two forum-topic subscriptions of one supergroup as one chat (20/min per group, 1/s per chat)', async () => {
    const harness = await telegramPump();
    enqueue(harness, addChat(harness, '-100777', '11'), 'topic 11', 1, 'p');
    enqueue(harness, addChat(harness, '-100777', '22'), 'topic 22', 1, 'p');
    harness.pump.start();
    await until(() => harness.fake.messagesTo('-100777').length === 2);
    const [first, second] = harness.fake.messagesTo('-100777').map((message) => message.at);
    // Telegram counts its limits per chat_id; message_thread_id does not make another chat.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(limits.telegram.groupGapMs - 5);
  });

  it('does not interleave the parts of two digests queued for the same chat', async () => {
    const harness = await telegramPump();
    const chat = addChat(harness, '42');
    enqueue(harness, chat, 'weekly', 3, '2026-W48');
    enqueue(harness, chat, 'on-demand', 2, 'on-demand:1');
    harness.pump.start();
    await until(() => harness.fake.messagesTo('42').length === 5);
    expect(harness.fake.messagesTo('42').map((message) => message.text)).toEqual([
      'weekly 1',
      'weekly 2',
      'weekly 3',
      'on-demand 1',
      'on-demand 2',
    ]);
  });

  it('does not fail the rest of a digest when recording a delivered part hits a busy database', async () => {
    let thrown = false;
    const harness = await telegramPump((outbox) => ({
      ...outbox,
      markSent(id, remoteId, now) {
        if (!thrown) {
          thrown = true;
          throw new SQLite.SqliteError('database is locked', 'SQLITE_BUSY');
        }
        outbox.markSent(id, remoteId, now);
      },
    }));
    const chat = addChat(harness, '43');
    enqueue(harness, chat, 'digest', 2, '2026-W48');
    harness.pump.start();
    // Part 1 reached Telegram; part 2 must follow rather than be marked failed with it, and part 1's
    // outcome is written on a later turn rather than sending it again.
    await until(() => harness.outbox.ofChat(chat).every((delivery) => delivery.state === 'sent'), 3_000);
    expect(thrown).toBe(true);
    expect(harness.fake.messagesTo('43').map((message) => message.text)).toEqual(['digest 1', 'digest 2']);
  });

  it('does not leave a failed part `sending` when recording the failure hits a busy database', async () => {
    let thrown = false;
    const harness = await telegramPump((outbox) => ({
      ...outbox,
      retryLater(id, at, error, options) {
        if (!thrown) {
          thrown = true;
          throw new SQLite.SqliteError('database is locked', 'SQLITE_BUSY');
        }
        outbox.retryLater(id, at, error, options);
      },
    }));
    const chat = addChat(harness, '44');
    enqueue(harness, chat, 'digest', 2, '2026-W48');
    harness.fake.failNext('44', 'server-error');
    harness.pump.start();
    // Left `sending`, the part (and its digest, and the chat's later ones) waited for a restart.
    await until(() => harness.outbox.ofChat(chat).every((delivery) => delivery.state === 'sent'), 3_000);
    expect(harness.fake.messagesTo('44').map((message) => message.text)).toEqual(['digest 1', 'digest 2']);
  });
});

const composer: DigestComposer = {
  compose: (chat) => ({ storyCount: 0, parts: [{ platform: 'telegram', html: `digest ${chat.id}` }] }),
};

function schedulerSetup(start: number, catchUpMs = 24 * hour) {
  const db = openDatabase(':memory:');
  cleanups.push(() => {
    db.close();
  });
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const enqueued: DigestRecord[] = [];
  let composed = 0;
  const counting: DigestComposer = {
    compose: (chat, period) => {
      composed += 1;
      return composer.compose(chat, period);
    },
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
    composer: counting,
    clock,
    log: createSilentLogger(),
    catchUpMs,
    platforms: ['telegram'],
  });
  const address: ChatAddress = { platform: 'telegram', chatId: '1', threadId: null };
  return { db, chats, real, clock, scheduler, enqueued, address, composed: () => composed };
}

describe('edge cases: digest scheduler', () => {
  it('does not push at once to an existing chat that subscribes after today’s slot', async () => {
    // Seen first through /topics or /digest on Monday (schedule off), subscribed on Friday at 10:00.
    const { chats, clock, scheduler, enqueued, address } = schedulerSetup(Date.UTC(2026, 10, 23));
    const chat = chats.ensure(
      address,
      { title: null, timeZone: 'UTC', schedule: { frequency: 'off' } },
      't',
      clock.now(),
    );
    clock.set(Date.UTC(2026, 10, 27, 10));
    chats.update(chat.id, { schedule: weekly }, 'telegram:7', clock.now());
    clock.set(Date.UTC(2026, 10, 27, 10, 0, 5));
    await scheduler.tick();
    expect(enqueued).toEqual([]);
  });

  it('still sends the digest at the slot when digest.catchUpHours is 0 (no catch-up)', async () => {
    const { chats, clock, scheduler, enqueued, address } = schedulerSetup(Date.UTC(2026, 10, 20), 0);
    chats.ensure(address, { title: null, timeZone: 'UTC', schedule: weekly }, 't', clock.now());
    clock.set(Date.UTC(2026, 10, 27, 9, 0, 5)); // the ticker fires at second 5 of each minute
    await scheduler.tick();
    expect(enqueued.map((digest) => digest.period)).toEqual(['2026-W48 Fri 09:00']);
  });

  it('covers everything since the last digest after a schedule change moved a slot into a period already sent', async () => {
    const { chats, clock, scheduler, enqueued, address } = schedulerSetup(Date.UTC(2026, 10, 20));
    const chat = chats.ensure(
      address,
      { title: null, timeZone: 'UTC', schedule: parseSchedule('daily 08:00') },
      't',
      clock.now(),
    );
    clock.set(Date.UTC(2026, 10, 26, 8, 0, 5));
    await scheduler.tick();
    clock.set(Date.UTC(2026, 10, 26, 12));
    chats.update(chat.id, { schedule: parseSchedule('daily 18:00') }, 'telegram:7', clock.now());
    for (const at of [Date.UTC(2026, 10, 26, 18, 0, 5), Date.UTC(2026, 10, 27, 18, 0, 5)]) {
      clock.set(at);
      await scheduler.tick();
    }
    // The 08:00 digest was the last one sent: the next must start where it ended (when it was composed, 5 s
    // past its slot), or 08:00–18:00 is never sent.
    expect(enqueued.map((digest) => [digest.since, digest.until])).toEqual([
      [Date.UTC(2026, 10, 25, 8), Date.UTC(2026, 10, 26, 8, 0, 5)],
      [Date.UTC(2026, 10, 26, 8, 0, 5), Date.UTC(2026, 10, 26, 18, 0, 5)],
      [Date.UTC(2026, 10, 26, 18, 0, 5), Date.UTC(2026, 10, 27, 18, 0, 5)],
    ]);
  });

  it('does not compose again every minute a slot whose period already has a digest', async () => {
    const { chats, clock, scheduler, address, composed } = schedulerSetup(Date.UTC(2026, 10, 20));
    const chat = chats.ensure(
      address,
      { title: null, timeZone: 'UTC', schedule: parseSchedule('daily 08:00') },
      't',
      clock.now(),
    );
    clock.set(Date.UTC(2026, 10, 26, 8, 0, 5));
    await scheduler.tick();
    chats.update(chat.id, { schedule: parseSchedule('daily 18:00') }, 'telegram:7', clock.now());
    const before = composed();
    for (let at = Date.UTC(2026, 10, 26, 18, 0, 5); at < Date.UTC(2026, 10, 26, 19); at += minute) {
      clock.set(at);
      await scheduler.tick();
    }
    expect(composed() - before).toBeLessThanOrEqual(1);
  });
});

describe('edge cases: chat service', () => {
  it('keeps a chat the operator turned off without scheduled digests when a member asks for /digest', async () => {
    const { chats, real, clock, scheduler, enqueued, address } = schedulerSetup(Date.UTC(2026, 10, 20));
    const chat = chats.ensure(address, { title: null, timeZone: 'UTC', schedule: weekly }, 't', clock.now());
    chats.update(chat.id, { active: false }, 'cli', clock.now()); // `parley chats off`
    const service = createChatService({
      chats,
      outbox: real,
      composer,
      clock,
      topics: [{ id: 'ukraine', label: 'Ukraine' }],
      defaults: { timeZone: 'UTC', schedule: weekly },
    });
    clock.set(Date.UTC(2026, 10, 26, 12));
    // Any group member may ask for /digest: it is refused, saying the chat is off.
    expect(() => service.requestDigest(address, 'telegram:999', [])).toThrow(/turned off/);
    clock.set(Date.UTC(2026, 10, 27, 9, 0, 5));
    await scheduler.tick();
    expect(enqueued.filter((digest) => digest.slot !== null)).toEqual([]);
  });
});
