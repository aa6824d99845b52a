/**
 * `npm run bench -- delivery [chats]`: one 1-part digest fanned out to N Telegram chats (default 10,000)
 * through the real outbox (file-backed SQLite) and pump with the default delivery config, against the
 * fake Bot API enforcing 30 messages/s overall and 1/s per chat (429 beyond); then again with the fake
 * injecting random 429s (retry_after 1) and 5xx, and shorter retry delays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileSchema } from '../../src/config/schema.js';
import type { RetryPolicy } from '../../src/delivery/failure-policy.js';
import { createPump } from '../../src/delivery/pump.js';
import type { MessageSender } from '../../src/domain/ports.js';
import { createTelegramSender } from '../../src/platforms/telegram/telegram-sender.js';
import { systemClock } from '../../src/shared/clock.js';
import { isAppError } from '../../src/shared/errors.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { type FakeTelegramOptions, startFakeTelegram } from '../fakes/telegram-api.js';
import { chatCount } from './bench-args.js';

/** The built-in defaults (what config/parley.yaml also says), not a second copy of the numbers. */
const defaults = configFileSchema.parse({}).delivery;
const defaultRetry: RetryPolicy = {
  maxAttempts: defaults.maxAttempts,
  baseMs: defaults.retryDelay,
  maxMs: defaults.maxRetryDelay,
  badTokenPauseMs: 5 * 60_000,
};
/** The Bot FAQ's limits, as the fake enforces them (fakes/telegram-limits.ts). */
const fakeLimits = { globalPerSecond: 30, perChatPerSecond: 1, groupPerMinute: 20 };

/** A digest of a realistic size: five stories with sources, about 2 KB of HTML. */
const digestHtml = [
  '<b>Peace talks digest, 20 Nov 2026 to 27 Nov 2026</b>',
  ...Array.from(
    { length: 5 },
    (_, i) =>
      `<b>Envoys meet for round ${i + 1} of ceasefire talks</b>\nMediators said both delegations agreed on a prisoner exchange and a timetable for the next round &amp; a monitoring mission.\n<a href="https://news.example/${i}">Outlet A</a>, <a href="https://news.example/${i}b">Outlet B</a> +2 more`,
  ),
].join('\n\n');

type Counters = { sent: number; rateLimited: number; serverErrors: number; otherErrors: number };

/** Counts what the pump got back from the platform, by kind, on the way through. */
function counting(inner: MessageSender, counts: Counters): MessageSender {
  return {
    platform: inner.platform,
    async send(address, message) {
      try {
        const sent = await inner.send(address, message);
        counts.sent += 1;
        return sent;
      } catch (error) {
        if (isAppError(error, 'rate_limited')) counts.rateLimited += 1;
        else if (isAppError(error, 'http_status') && Number(error.details['status']) >= 500)
          counts.serverErrors += 1;
        else counts.otherErrors += 1;
        throw error;
      }
    },
  };
}

type RunResult = {
  seconds: number;
  /** Seconds from a /digest's enqueue, halfway through the push, to its send. */
  askedWaitSeconds: number | null;
  setupSeconds: number;
  counts: Counters;
  peakRssMb: number;
  fakeRateLimited: number;
  perChat: { none: number; once: number; more: number };
  outbox: Record<string, number>;
};

async function fanOut(chats: number, fake: FakeTelegramOptions, retry: RetryPolicy): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-delivery-'));
  const api = await startFakeTelegram(fake);
  const db = openDatabase(join(dir, 'bench.db'));
  const log = createSilentLogger();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  try {
    const setupStart = performance.now();
    const store = createChatStore(db);
    const outbox = createOutbox(db);
    const schedule = { frequency: 'weekly', weekday: 'friday', time: '09:00' } as const;
    const now = systemClock.now();
    for (let i = 0; i < chats; i += 1) {
      const address = { platform: 'telegram', chatId: String(100_000 + i), threadId: null } as const;
      const chat = store.ensure(address, { title: null, timeZone: 'UTC', schedule }, 'bench', now);
      const parts = [{ platform: 'telegram', html: digestHtml }] as const;
      const digest = { chatId: chat.id, period: '2026-W48', since: now - 7 * 86_400_000, until: now };
      // The weekly push: scheduled digests, each with its slot.
      outbox.enqueue({ ...digest, slot: now, storyCount: 5, parts: [...parts] }, now);
    }
    // Halfway through the push, someone in another chat types /digest (chat-service enqueues it, slot
    // null, and wakes the pump); its wait is measured from then to its send.
    const askingChat = String(100_000 + chats);
    const asker = store.ensure(
      { platform: 'telegram', chatId: askingChat, threadId: null },
      { title: null, timeZone: 'UTC', schedule },
      'bench',
      now,
    );
    let askedAt: number | null = null;
    let askedWaitSeconds: number | null = null;
    const setupSeconds = (performance.now() - setupStart) / 1000;
    const counts: Counters = { sent: 0, rateLimited: 0, serverErrors: 0, otherErrors: 0 };
    let finished = 0;
    let done: () => void = () => {};
    const allDone = new Promise<void>((resolve) => {
      done = resolve;
    });
    const telegram = createTelegramSender({
      token: api.token,
      apiRoot: api.url,
      timeoutMs: defaults.sendTimeout,
    });
    const sender: MessageSender = {
      platform: telegram.platform,
      async send(address, message) {
        const sent = await telegram.send(address, message);
        if (address.chatId === askingChat && askedAt !== null)
          askedWaitSeconds = (performance.now() - askedAt) / 1000;
        return sent;
      },
    };
    const pump = createPump({
      outbox,
      chats: store,
      senders: [counting(sender, counts)],
      limits: {
        telegram: {
          perSecond: defaults.telegram.perSecond,
          chatGapMs: defaults.telegram.chatInterval,
          groupGapMs: 60_000 / defaults.telegram.groupPerMinute,
        },
        slack: {
          perSecond: defaults.slack.perSecond,
          chatGapMs: defaults.slack.channelInterval,
          groupGapMs: 0,
        },
      },
      clock: systemClock,
      log,
      concurrency: defaults.concurrency,
      retry,
      observe: {
        sent: () => {},
        outcome: (_platform, outcome) => {
          if (outcome === 'sent' || outcome === 'failed' || outcome === 'dead') finished += 1;
          if (finished === Math.floor(chats / 2) && askedAt === null) {
            const asked = { chatId: asker.id, period: 'on-demand', since: now - 7 * 86_400_000, until: now };
            const parts = [{ platform: 'telegram', html: digestHtml }] as const;
            outbox.enqueue({ ...asked, slot: null, storyCount: 5, parts: [...parts] }, systemClock.now());
            askedAt = performance.now();
            pump.wake();
          }
          if (finished === chats + 1) done();
        },
      },
    });
    const started = performance.now();
    pump.start();
    await allDone;
    const seconds = (performance.now() - started) / 1000;
    await pump.stop();
    const perChat = { none: 0, once: 0, more: 0 };
    for (let i = 0; i < chats; i += 1) {
      const got = api.messagesTo(100_000 + i).length;
      if (got === 0) perChat.none += 1;
      else if (got === 1) perChat.once += 1;
      else perChat.more += 1;
    }
    const peakRssMb = Math.max(peakRss, process.memoryUsage().rss) / 1024 / 1024;
    const result = {
      seconds,
      askedWaitSeconds,
      setupSeconds,
      counts,
      peakRssMb,
      perChat,
      outbox: outbox.counts(),
    };
    return { ...result, fakeRateLimited: api.rateLimited };
  } finally {
    clearInterval(sampler);
    db.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const write = (line: string) => process.stdout.write(`${line}\n`);

export async function runDeliveryBench(args: readonly string[] = []): Promise<void> {
  const chats = chatCount(args);
  const { perSecond } = defaults.telegram;
  const minimum = chats / perSecond;
  write(
    `${chats} Telegram chats × one 1-part digest (${digestHtml.length} chars); pump: ${perSecond} msg/s, ` +
      `concurrency ${defaults.concurrency} (config defaults); fake Bot API: ${fakeLimits.globalPerSecond}/s overall, ` +
      `${fakeLimits.perChatPerSecond}/s per chat; file-backed SQLite; pump and fake in this one process`,
  );
  const clean = await fanOut(chats, { limits: fakeLimits }, defaultRetry);
  write(`clean run (setup: ${clean.setupSeconds.toFixed(1)} s to store ${chats} chats and digests):`);
  write(
    `  total ${clean.seconds.toFixed(1)} s; minimum at ${perSecond}/s ${minimum.toFixed(1)} s; ratio ` +
      `${(clean.seconds / minimum).toFixed(3)}  [goal ≤ 1.10]`,
  );
  write(`  ${(clean.counts.sent / clean.seconds).toFixed(2)} sends/s`);
  write(
    `  a /digest typed halfway through, in another chat: sent ${clean.askedWaitSeconds?.toFixed(2) ?? 'never'} s after ` +
      `it was asked (${Math.floor(chats / 2)} scheduled digests still queued)`,
  );
  write(
    `  429s received ${clean.counts.rateLimited} (fake answered ${clean.fakeRateLimited} for its limits)  [goal 0]`,
  );
  write(`  peak RSS ${clean.peakRssMb.toFixed(0)} MB (sampled every 100 ms)  [goal ≤ 200 MB]`);
  write(
    `  messages per chat: 0 → ${clean.perChat.none}, 1 → ${clean.perChat.once}, 2+ → ${clean.perChat.more}`,
  );

  const retry = { ...defaultRetry, baseMs: 500 };
  const chaos = { rate429: 0.01, rate5xx: 0.01, retryAfter: 1, seed: 20_261_127 };
  const noisy = await fanOut(chats, { limits: fakeLimits, chaos }, retry);
  write(
    `chaos run (fake injects 1 % 429 with retry_after 1 and 1 % 500, seed ${chaos.seed}; retry delay ${retry.baseMs} ms doubling):`,
  );
  write(
    `  total ${noisy.seconds.toFixed(1)} s (ratio ${(noisy.seconds / minimum).toFixed(3)}); ` +
      `429s received ${noisy.counts.rateLimited} (${noisy.fakeRateLimited} for the fake's limits); ` +
      `5xx received ${noisy.counts.serverErrors}; other errors ${noisy.counts.otherErrors}`,
  );
  write(`  peak RSS ${noisy.peakRssMb.toFixed(0)} MB; outbox: ${JSON.stringify(noisy.outbox)}`);
  write(
    `  messages per chat: 0 → ${noisy.perChat.none}, 1 → ${noisy.perChat.once}, 2+ → ${noisy.perChat.more}  ` +
      `[goal: all ${chats} exactly once]`,
  );
}
