import { afterEach, describe, expect, it } from 'vitest';
import { createPump, type DeliveryOutcome } from '../../src/delivery/pump.js';
import type { RateLimits } from '../../src/delivery/rate-gate.js';
import type { ChatAddress, Platform } from '../../src/domain/chat.js';
import type { MessageSender } from '../../src/domain/ports.js';
import { parseSchedule } from '../../src/domain/schedule.js';
import { systemClock } from '../../src/shared/clock.js';
import { AppError } from '../../src/shared/errors.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';

/**
 * With more than one send in flight per platform, two forum topics of one supergroup are still one
 * chat: the second waits until the first is answered, not only for the chat gap, however slow the send.
 */
const limits: Record<Platform, RateLimits> = {
  telegram: { perSecond: 200, chatGapMs: 50, groupGapMs: 100 },
  slack: { perSecond: 50, chatGapMs: 50, groupGapMs: 0 },
};
const sendMs = 250;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('outbox pump with concurrency', () => {
  it('never has two sends in flight to one chat, even when a send outlasts the chat gap', async () => {
    const sends: Array<{ chatId: string; start: number; end: number }> = [];
    let inFlight = 0;
    let most = 0;
    const sender: MessageSender = {
      platform: 'telegram',
      async send(address) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        const start = Date.now();
        await new Promise((resolve) => setTimeout(resolve, sendMs));
        inFlight -= 1;
        sends.push({ chatId: address.chatId, start, end: Date.now() });
        return { remoteId: String(sends.length) };
      },
    };
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const pump = createPump({
      ...{ outbox, chats, senders: [sender], limits, clock: systemClock, log: createSilentLogger() },
      ...{ concurrency: 2, idleMs: 20 },
    });
    cleanups.push(() => {
      db.close();
    });
    cleanups.push(() => pump.stop());
    const schedule = parseSchedule('weekly friday 09:00');
    for (const topic of ['11', '22']) {
      const address: ChatAddress = { platform: 'telegram', chatId: '-100777', threadId: topic };
      const chat = chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
      const now = Date.now();
      const parts = [{ platform: 'telegram' as const, html: `topic ${topic}` }];
      outbox.enqueue(
        { chatId: chat, period: 'p', since: 0, until: now, slot: null, storyCount: 1, parts },
        now,
      );
    }
    pump.start();
    const deadline = Date.now() + 3_000;
    while (sends.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sends).toHaveLength(2);
    expect(most).toBe(1);
    const [first, second] = sends;
    expect((second?.start ?? 0) - (first?.end ?? 0)).toBeGreaterThanOrEqual(limits.telegram.groupGapMs - 5);
  });
});

describe('outbox pump metrics', () => {
  it('reports a 429 as rate_limited and a bad token as paused', async () => {
    const failures = [
      new AppError('rate_limited', 'Too Many Requests', { details: { retryAfterSeconds: 0.05 } }),
      new AppError('config_invalid', 'Unauthorized'),
    ];
    const sender: MessageSender = {
      platform: 'telegram',
      send: async () => {
        throw failures.shift() ?? new Error('unexpected send');
      },
    };
    const outcomes: DeliveryOutcome[] = [];
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const pump = createPump({
      ...{ outbox, chats, senders: [sender], limits, clock: systemClock, log: createSilentLogger() },
      ...{ idleMs: 20, observe: { sent: () => {}, outcome: (_platform, outcome) => outcomes.push(outcome) } },
    });
    cleanups.push(() => {
      db.close();
    });
    cleanups.push(() => pump.stop());
    const address: ChatAddress = { platform: 'telegram', chatId: '42', threadId: null };
    const schedule = parseSchedule('weekly friday 09:00');
    const chat = chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
    const now = Date.now();
    const parts = [{ platform: 'telegram' as const, html: 'one' }];
    outbox.enqueue(
      { chatId: chat, period: 'p', since: 0, until: now, slot: null, storyCount: 1, parts },
      now,
    );
    pump.start();
    const deadline = Date.now() + 3_000;
    while (outcomes.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outcomes).toEqual(['rate_limited', 'paused']);
  });
});
