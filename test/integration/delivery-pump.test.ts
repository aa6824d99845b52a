import { afterEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/delivery/failure-policy.js';
import { createPump, type Pump } from '../../src/delivery/pump.js';
import type { RateLimits } from '../../src/delivery/rate-gate.js';
import type { Platform } from '../../src/domain/chat.js';
import type { OutgoingMessage } from '../../src/domain/delivery.js';
import type { ChatStore, MessageSender, Outbox } from '../../src/domain/ports.js';
import { createSlackSender } from '../../src/platforms/slack/slack-sender.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';
import { systemClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { type FakeSlack, type SlackFailure, startFakeSlack } from '../fakes/slack-api.js';
import {
  type FakeTelegram,
  type FakeTelegramOptions,
  startFakeTelegram,
  type TelegramFailure,
} from '../fakes/telegram-api.js';

/**
 * The outbox pump against the loopback Bot API and Slack Web API fakes, with real SQLite. Limits are
 * the production ones scaled down (chat gap 50 ms instead of 1 s) so that each case takes about a second.
 */
const chatGapMs = 50;
const fastLimits: Record<Platform, RateLimits> = {
  telegram: { perSecond: 200, chatGapMs, groupGapMs: 100 },
  slack: { perSecond: 50, chatGapMs, groupGapMs: 0 },
};
const fastRetry: RetryPolicy = { maxAttempts: 3, baseMs: 100, maxMs: 1000, badTokenPauseMs: 60_000 };
/** The fakes enforce the same per-chat gap (with their 5 ms tolerance) and answer 429 below it. */
const fakeTelegramLimits = { globalPerSecond: 300, perChatPerSecond: 1000 / chatGapMs, groupPerMinute: null };

type Request = { chatId: string; at: number };

/** A fake's `behaviour`: logs every send it sees and answers what `plan` says for the chat's nth request. */
function script<F>(plan: (chatId: string, nth: number) => F | null = () => null) {
  const requests: Request[] = [];
  return {
    requests,
    to: (chatId: string) => requests.filter((request) => request.chatId === chatId),
    behaviour(chatId: string): F | null {
      requests.push({ chatId, at: Date.now() });
      return plan(chatId, requests.filter((request) => request.chatId === chatId).length);
    },
  };
}

type Harness = { db: Database; chats: ChatStore; outbox: Outbox; pump: Pump };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startPump(
  sender: MessageSender,
  options: { limits?: Record<Platform, RateLimits>; retry?: RetryPolicy } = {},
): Harness {
  const db = openDatabase(':memory:');
  const chats = createChatStore(db);
  const outbox = createOutbox(db);
  const pump = createPump({
    outbox,
    chats,
    senders: [sender],
    limits: options.limits ?? fastLimits,
    clock: systemClock,
    log: createSilentLogger(),
    retry: options.retry ?? fastRetry,
    idleMs: 20,
  });
  cleanups.push(() => {
    db.close();
  });
  cleanups.push(() => pump.stop());
  return { db, chats, outbox, pump };
}

async function telegram(
  fakeOptions: FakeTelegramOptions = {},
  options: Parameters<typeof startPump>[1] & { timeoutMs?: number } = {},
): Promise<Harness & { fake: FakeTelegram }> {
  const fake = await startFakeTelegram({ limits: fakeTelegramLimits, ...fakeOptions });
  cleanups.push(() => fake.close());
  const timeoutMs = options.timeoutMs ?? 2_000;
  const sender = createTelegramSender({ token: fake.token, apiRoot: fake.url, timeoutMs });
  return { ...startPump(sender, options), fake };
}

async function slack(behaviour: (channel: string) => SlackFailure | null = () => null) {
  const fake: FakeSlack = await startFakeSlack({ perChannelPerSecond: 1000 / chatGapMs, behaviour });
  cleanups.push(() => fake.close());
  const sender = createSlackSender({ token: fake.token, apiUrl: fake.url, timeoutMs: 2_000 });
  return { ...startPump(sender), fake };
}

const schedule = { frequency: 'weekly', weekday: 'friday', time: '09:00' } as const;

function addChat(harness: Harness, platform: Platform, chatId: string): number {
  const address = { platform, chatId, threadId: null };
  return harness.chats.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'test', 0).id;
}

function message(platform: Platform, text: string): OutgoingMessage {
  if (platform === 'telegram') return { platform, html: text };
  return { platform, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A digest for the chat whose parts say "<chatId> <n>". Returns the chat's row id. */
function enqueue(
  harness: Harness,
  platform: Platform,
  chatId: string,
  parts = 1,
  period = '2026-W48',
): number {
  const id =
    harness.chats.byAddress({ platform, chatId, threadId: null })?.id ?? addChat(harness, platform, chatId);
  const messages = Array.from({ length: parts }, (_, i) => message(platform, `${chatId} ${i + 1}`));
  const now = Date.now();
  harness.outbox.enqueue(
    { chatId: id, period, since: 0, until: now, slot: null, storyCount: 1, parts: messages },
    now,
  );
  return id;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the pump');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Until nothing is left to send (every delivery sent, failed or dead). */
async function settled(harness: Harness, timeoutMs?: number): Promise<void> {
  await until(() => {
    const counts = harness.outbox.counts();
    return counts.pending + counts.sending === 0;
  }, timeoutMs);
}

const states = (harness: Harness, chatId: number) => harness.outbox.ofChat(chatId).map((d) => d.state);
const gaps = (times: number[]) => times.slice(1).map((at, i) => at - (times[i] ?? at));

describe('delivery pump → Telegram Bot API', () => {
  it('a 429 with retry_after pauses every send to Telegram for retry_after, then delivers each message once', async () => {
    let limitedAt = 0;
    const plan = script<TelegramFailure>((chatId, nth) => {
      if (chatId !== '1' || nth > 1) return null;
      limitedAt = Date.now();
      return { kind: 'rate-limit', retryAfter: 1 };
    });
    const harness = await telegram({ behaviour: plan.behaviour });
    const chatIds = ['1', '2', '3', '4', '5'];
    const [first] = chatIds.map((chatId) => enqueue(harness, 'telegram', chatId));
    harness.pump.start();
    await settled(harness);
    expect(limitedAt).toBeGreaterThan(0);
    // Other chats are not waiting for a chat gap: only a platform-wide pause explains this.
    for (const sent of harness.fake.messages) expect(sent.at).toBeGreaterThanOrEqual(limitedAt + 1000);
    expect(chatIds.map((chatId) => harness.fake.messagesTo(chatId).length)).toEqual([1, 1, 1, 1, 1]);
    // The 429 was not the message's fault: it does not count as an attempt.
    expect(harness.outbox.ofChat(first ?? 0)[0]).toMatchObject({ state: 'sent', attempts: 1 });
    expect(harness.fake.rateLimited).toBe(0);
  });

  it.each([
    { failure: 'blocked', reason: /blocked by the user/ },
    { failure: 'not-found', reason: /chat not found/ },
  ] as const)(
    'a $failure answer deactivates the chat and kills its unsent parts; other chats still get theirs',
    async ({ failure, reason }) => {
      const plan = script<TelegramFailure>((chatId) => (chatId === '1' ? failure : null));
      const harness = await telegram({ behaviour: plan.behaviour });
      const gone = enqueue(harness, 'telegram', '1', 3);
      const other = enqueue(harness, 'telegram', '2', 2);
      harness.pump.start();
      await settled(harness);
      expect(harness.chats.get(gone)).toMatchObject({
        active: false,
        inactiveReason: expect.stringMatching(reason),
      });
      expect(states(harness, gone)).toEqual(['dead', 'dead', 'dead']);
      expect(plan.to('1')).toHaveLength(1);
      expect(harness.fake.messagesTo('1')).toEqual([]);
      expect(harness.chats.get(other)?.active).toBe(true);
      expect(harness.fake.messagesTo('2').map((m) => m.text)).toEqual(['2 1', '2 2']);
    },
  );

  it('a group upgraded to a supergroup is moved to migrate_to_chat_id, gets the digest there once, and later digests too', async () => {
    const harness = await telegram();
    harness.fake.failNext('-123', { kind: 'migrate', to: '-100123' });
    const chat = enqueue(harness, 'telegram', '-123', 2);
    harness.pump.start();
    await settled(harness);
    expect(harness.chats.get(chat)?.chatId).toBe('-100123');
    expect(harness.fake.messagesTo('-100123').map((m) => m.text)).toEqual(['-123 1', '-123 2']);
    enqueue(harness, 'telegram', '-100123', 1, '2026-W49');
    harness.pump.wake();
    await settled(harness);
    expect(harness.fake.messagesTo('-100123').map((m) => m.text)).toEqual(['-123 1', '-123 2', '-100123 1']);
    expect(harness.fake.messagesTo('-123')).toEqual([]);
    expect(states(harness, chat)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a migration into a supergroup that has its own subscription finishes the digest that supergroup had begun (found by review)', async () => {
    // -5 became -1005, where the bot had been started on its own: each row has a digest under way.
    const plan = script<TelegramFailure>((c, n) =>
      c === '-5' && n === 2 ? { kind: 'migrate', to: '-1005' } : null,
    );
    const h = await telegram({ behaviour: plan.behaviour });
    const migrated = enqueue(h, 'telegram', '-5', 3);
    const supergroup = enqueue(h, 'telegram', '-1005', 2);
    h.pump.start();
    await settled(h);
    const seen = h.fake.messagesTo('-1005').map((m) => m.text);
    // Before: the supergroup's part 2 was killed ("merged into …") after its part 1 had gone out.
    expect(seen.filter((text) => text?.startsWith('-1005 '))).toEqual(['-1005 1', '-1005 2']);
    expect(seen.filter((text) => text?.startsWith('-5 '))).toEqual(['-5 2', '-5 3']);
    expect(h.fake.messagesTo('-5').map((m) => m.text)).toEqual(['-5 1']);
    expect(h.chats.get(supergroup)).toMatchObject({
      active: false,
      inactiveReason: `merged into ${migrated}`,
    });
    expect([...states(h, migrated), ...states(h, supergroup)].filter((state) => state !== 'sent')).toEqual(
      [],
    );
  });

  it('a group found upgraded on its first part does not send the supergroup a period it already had (found by review)', async () => {
    // The migration's service messages were missed; the supergroup was started on its own and got this
    // week's digest. The old group's digest for the same week, none of it sent, is then found migrated.
    const h = await telegram();
    const supergroup = enqueue(h, 'telegram', '-1007', 1);
    h.pump.start();
    await settled(h);
    h.fake.failNext('-7', { kind: 'migrate', to: '-1007' });
    const migrated = enqueue(h, 'telegram', '-7', 2);
    h.pump.wake();
    await settled(h);
    // Before: the supergroup got the week twice ('-1007 1', then '-7 1', '-7 2').
    expect(h.fake.messagesTo('-1007').map((m) => m.text)).toEqual(['-1007 1']);
    expect(h.chats.get(migrated)?.chatId).toBe('-1007');
    expect(h.chats.get(supergroup)?.inactiveReason).toBe(`merged into ${migrated}`);
    expect(states(h, migrated)).toEqual(['dead', 'dead']);
    // The chat goes on with its next period at the new id.
    enqueue(h, 'telegram', '-1007', 1, '2026-W49');
    h.pump.wake();
    await settled(h);
    expect(h.fake.messagesTo('-1007').map((m) => m.text)).toEqual(['-1007 1', '-1007 1']);
  });

  it('a 500 is retried with growing delays and then delivered', async () => {
    const plan = script<TelegramFailure>((chatId, nth) =>
      chatId === '1' && nth <= 2 ? 'server-error' : null,
    );
    const harness = await telegram({ behaviour: plan.behaviour });
    const chat = enqueue(harness, 'telegram', '1');
    harness.pump.start();
    await settled(harness);
    const [first, second, third] = plan.to('1').map((request) => request.at);
    // baseMs 100, doubling: the second try ≥ 100 ms after the first, the third ≥ 200 ms after the second.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(100);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(200);
    expect(harness.fake.messagesTo('1')).toHaveLength(1);
    expect(harness.outbox.ofChat(chat)[0]).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
  });

  it('a 500 that never ends marks the delivery and its later parts failed with the reason after maxAttempts', async () => {
    const plan = script<TelegramFailure>((chatId) => (chatId === '1' ? 'server-error' : null));
    const harness = await telegram({ behaviour: plan.behaviour });
    const chat = enqueue(harness, 'telegram', '1', 2);
    enqueue(harness, 'telegram', '2');
    harness.pump.start();
    await settled(harness);
    expect(plan.to('1')).toHaveLength(fastRetry.maxAttempts);
    const [first, second] = harness.outbox.ofChat(chat);
    expect(first).toMatchObject({ state: 'failed', attempts: 3 });
    expect(first?.lastError).toMatch(/gave up after 3 attempts: .*500/);
    expect(second).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/an earlier part failed/),
    });
    expect(harness.chats.get(chat)?.active).toBe(true);
    expect(harness.fake.messagesTo('2')).toHaveLength(1);
  });

  it('a send that hangs times out and is sent again', async () => {
    const plan = script<TelegramFailure>((chatId, nth) => (chatId === '1' && nth === 1 ? 'hang' : null));
    const harness = await telegram({ behaviour: plan.behaviour }, { timeoutMs: 300 });
    const chat = enqueue(harness, 'telegram', '1');
    // The client's timeout begins after this, and the retry waits the backoff after it: measured from the
    // start, not from the hung request's arrival, which a loaded machine delays by an unknown transit
    // (a 20 ms allowance for it failed 1 run in 3 under load).
    const started = Date.now();
    harness.pump.start();
    await settled(harness);
    const [, retried] = plan.to('1').map((request) => request.at);
    // Less 2 ms: each of the two timers may fire up to a millisecond early on libuv's cached clock.
    expect((retried ?? 0) - started).toBeGreaterThanOrEqual(300 + fastRetry.baseMs - 2);
    expect(harness.outbox.ofChat(chat)[0]).toMatchObject({ state: 'sent', attempts: 2 });
    // At-least-once: a real API may have delivered the request that timed out, so the chat may see the
    // message twice (README "Delivery guarantees"); never more, since the retry got an answer. This fake
    // never accepts a hung request, so here it arrives exactly once: a second copy would be a resend
    // after the retry's answer, which at-least-once does not allow.
    expect(harness.fake.messagesTo('1')).toHaveLength(1);
  });

  it('a send whose answer is lost after Telegram accepted it is resent: the one duplicate at-least-once allows', async () => {
    const plan = script<TelegramFailure>((chatId, nth) =>
      chatId === '1' && nth === 1 ? 'drop-after-accept' : null,
    );
    const harness = await telegram({ behaviour: plan.behaviour });
    const chat = enqueue(harness, 'telegram', '1');
    harness.pump.start();
    await settled(harness);
    expect(harness.fake.messagesTo('1')).toHaveLength(2);
    expect(harness.outbox.ofChat(chat)[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('sends the parts of a digest in order, at least the chat gap apart', async () => {
    const harness = await telegram();
    enqueue(harness, 'telegram', '1', 4);
    enqueue(harness, 'telegram', '2', 4);
    harness.pump.start();
    await settled(harness);
    for (const chatId of ['1', '2']) {
      const sent = harness.fake.messagesTo(chatId);
      expect(sent.map((m) => m.text)).toEqual([1, 2, 3, 4].map((n) => `${chatId} ${n}`));
      // Arrival times at the fake: the pump counts the gap from the previous part's answer, not its start.
      for (const gap of gaps(sent.map((m) => m.at))) expect(gap).toBeGreaterThanOrEqual(chatGapMs);
    }
    expect(harness.fake.rateLimited).toBe(0);
  });

  it('sends a group no more than groupPerMinute messages a minute', async () => {
    // The fake's clock runs 20× fast, so its 60 s group window is 3 s here; the pump's gaps are the
    // production ones (1 s per chat, 60 s / 20 per group) divided by 20, its tolerance 5 ms as usual.
    const speed = 20;
    const start = Date.now();
    const groupPerMinute = 20;
    const harness = await telegram(
      {
        now: () => start + (Date.now() - start) * speed,
        limits: { globalPerSecond: null, perChatPerSecond: 1, groupPerMinute, toleranceMs: 5 * speed },
      },
      {
        limits: {
          ...fastLimits,
          telegram: { perSecond: 200, chatGapMs: 1000 / speed, groupGapMs: 60_000 / groupPerMinute / speed },
        },
      },
    );
    enqueue(harness, 'telegram', '-42', 24);
    harness.pump.start();
    await settled(harness, 15_000);
    const times = harness.fake.messagesTo('-42').map((m) => m.at);
    expect(times).toHaveLength(24);
    const busiestMinute = Math.max(
      ...times.map((at) => times.filter((t) => t >= at && t < at + 60_000).length),
    );
    expect(busiestMinute).toBeLessThanOrEqual(groupPerMinute);
    expect(harness.fake.rateLimited).toBe(0);
  });

  it('stop() waits for the send in flight to be recorded and claims nothing after it', async () => {
    const harness = await telegram({ latencyMs: 300 });
    const first = enqueue(harness, 'telegram', '1');
    const rest = ['2', '3'].map((chatId) => enqueue(harness, 'telegram', chatId));
    harness.pump.start();
    await until(() => harness.fake.calls === 1);
    const stopping = Date.now();
    await harness.pump.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(100);
    expect(harness.outbox.ofChat(first)[0]?.state).toBe('sent');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.fake.calls).toBe(1);
    expect(rest.map((chat) => harness.outbox.ofChat(chat)[0])).toMatchObject([
      { state: 'pending', attempts: 0 },
      { state: 'pending', attempts: 0 },
    ]);
  });
});

describe('delivery pump → Slack Web API', () => {
  it('a 429 with Retry-After pauses every send to Slack, then delivers each message once', async () => {
    let limitedAt = 0;
    const plan = script<SlackFailure>((channel, nth) => {
      if (channel !== 'C1' || nth > 1) return null;
      limitedAt = Date.now();
      return { kind: 'rate-limit', retryAfter: 1 };
    });
    const harness = await slack(plan.behaviour);
    const channels = ['C1', 'C2', 'C3'];
    for (const channel of channels) enqueue(harness, 'slack', channel);
    harness.pump.start();
    await settled(harness);
    expect(limitedAt).toBeGreaterThan(0);
    for (const sent of harness.fake.messages) expect(sent.at).toBeGreaterThanOrEqual(limitedAt + 1000);
    expect(channels.map((channel) => harness.fake.messagesTo(channel).length)).toEqual([1, 1, 1]);
  });

  it('message_limit_exceeded (the workspace sends too many messages) pauses every send to Slack, then delivers each message once', async () => {
    let limitedAt = 0;
    const plan = script<SlackFailure>((channel, nth) => {
      if (channel !== 'C1' || nth > 1) return null;
      limitedAt = Date.now();
      return { kind: 'error', error: 'message_limit_exceeded', retryAfter: 1 };
    });
    const harness = await slack(plan.behaviour);
    const channels = ['C1', 'C2'];
    const ids = channels.map((channel) => enqueue(harness, 'slack', channel));
    harness.pump.start();
    await settled(harness);
    expect(limitedAt).toBeGreaterThan(0);
    for (const sent of harness.fake.messages) expect(sent.at).toBeGreaterThanOrEqual(limitedAt + 1000);
    expect(channels.map((channel) => harness.fake.messagesTo(channel).length)).toEqual([1, 1]);
    for (const id of ids) expect(states(harness, id)).toEqual(['sent']);
  });

  it('an HTML page with status 200 (a proxy in the way) is retried, not failed, and the message delivered', async () => {
    const plan = script<SlackFailure>((channel, nth) => (channel === 'C1' && nth === 1 ? 'html-page' : null));
    const harness = await slack(plan.behaviour);
    const id = enqueue(harness, 'slack', 'C1');
    harness.pump.start();
    await settled(harness);
    expect(plan.to('C1')).toHaveLength(2);
    expect(states(harness, id)).toEqual(['sent']);
    expect(harness.fake.messagesTo('C1')).toHaveLength(1);
  });

  it('channel_not_found deactivates the channel and kills its unsent parts', async () => {
    const harness = await slack((channel) => (channel === 'C1' ? 'channel_not_found' : null));
    const gone = enqueue(harness, 'slack', 'C1', 2);
    enqueue(harness, 'slack', 'C2');
    harness.pump.start();
    await settled(harness);
    expect(harness.chats.get(gone)).toMatchObject({
      active: false,
      inactiveReason: expect.stringMatching(/channel_not_found/),
    });
    expect(states(harness, gone)).toEqual(['dead', 'dead']);
    expect(harness.fake.messagesTo('C1')).toEqual([]);
    expect(harness.fake.messagesTo('C2')).toHaveLength(1);
  });

  it('posts the parts of a digest in order, at least the channel gap apart', async () => {
    const harness = await slack();
    enqueue(harness, 'slack', 'C1', 3);
    enqueue(harness, 'slack', 'C2', 3);
    harness.pump.start();
    await settled(harness);
    for (const channel of ['C1', 'C2']) {
      const sent = harness.fake.messagesTo(channel);
      expect(sent.map((m) => m.text)).toEqual([1, 2, 3].map((n) => `${channel} ${n}`));
      for (const gap of gaps(sent.map((m) => m.at))) expect(gap).toBeGreaterThanOrEqual(chatGapMs);
    }
    expect(harness.fake.rateLimited).toBe(0);
  });
});
