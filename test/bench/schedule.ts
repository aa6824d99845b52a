/**
 * `npm run bench -- schedule [chats] [stories]`: the digest scheduler's minute tick over N active Telegram
 * chats (default 10,000) on the default weekly Friday 09:00 UTC, with a week of stories (default 300, two
 * outlets each; the scale review's store is `schedule 5500 100000`)
 * in file-backed SQLite and the real chat store, outbox, story store and composer. Times (a) the tick at
 * 09:00:05 where every chat is due and (b) the next one, where none is, and how long each held the event
 * loop: the tick shares it with the bots, the Slack app and /healthz.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigestComposer } from '../../src/digest/digest-composer.js';
import { parseSchedule } from '../../src/domain/schedule.js';
import { createDigestScheduler, type TickResult } from '../../src/scheduler/digest-scheduler.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createChatStore } from '../../src/storage/chat-store.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { createOutbox } from '../../src/storage/outbox-store.js';
import { createStoryStore } from '../../src/storage/story-store.js';
import { chatCount } from './bench-args.js';
import { type Stalls, watchEventLoop } from './event-loop-watch.js';
import { seedStories } from './seed-stories.js';

const day = 86_400_000;
const topics = 'ukraine gaza lebanon iran yemen syria sudan drc caucasus south-asia'.split(' ');
const friday = Date.UTC(2026, 10, 27, 9, 0, 5);
const defaultStoryCount = 300;
// Slack wants its ack within 3 s (https://api.slack.com/interactivity/slash-commands#responding_basic_receipt),
// but /healthz and bot commands should not wait visibly either.
const stallGoalMs = 50;
const rateGoal = 2_000;
const write = (line: string) => process.stdout.write(`${line}\n`);

/** Chats that subscribed a week earlier through the real chat store, in one transaction to seed fast. */
function seedChats(db: Database, count: number): void {
  const chats = createChatStore(db);
  const defaults = { title: null, timeZone: 'UTC', schedule: parseSchedule('weekly friday 09:00') };
  const subscribed = friday - 7 * day;
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const address = { platform: 'telegram', chatId: String(100_000 + i), threadId: null } as const;
      chats.ensure(address, defaults, 'bench', subscribed);
    }
  })();
}

function report(label: string, chats: number, run: { value: TickResult; ms: number; stalls: Stalls }): void {
  const { value, ms, stalls } = run;
  const rate = chats / (ms / 1000);
  const longest = Math.max(stalls.eldMaxMs, stalls.probeMaxMs);
  write(`${label}: due ${value.due}, enqueued ${value.enqueued}, failed ${value.failed}`);
  const rateGoalText = value.due > 0 ? `  [goal ≥ ${rateGoal.toLocaleString('en')} chats/s]` : '';
  write(`  total ${ms.toFixed(0)} ms, ${rate.toFixed(0)} chats/s${rateGoalText}`);
  write(
    `  longest stall ${longest.toFixed(1)} ms (event-loop delay max ${stalls.eldMaxMs.toFixed(1)}, ` +
      `1 ms probe ${stalls.probeMaxMs.toFixed(1)})  [goal ≤ ${stallGoalMs} ms]`,
  );
  write(
    `  p99 gap ${stalls.p99GapMs.toFixed(1)} ms of ${stalls.gaps} probe gaps  [goal ≤ ${stallGoalMs} ms]`,
  );
}

export async function runScheduleBench(args: readonly string[] = []): Promise<void> {
  const chats = chatCount(args);
  const storyCount = Number(args[1] ?? defaultStoryCount);
  if (!Number.isSafeInteger(storyCount) || storyCount < 1)
    throw new Error(`not a number of stories: ${args[1]}`);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-schedule-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const seedStarted = performance.now();
    seedStories(db, { count: storyCount, now: friday, days: 7, topics });
    seedChats(db, chats);
    const clock = createManualClock(friday - 60_000);
    const labels = new Map(topics.map((topic) => [topic, topic]));
    const outbox = createOutbox(db);
    const scheduler = createDigestScheduler({
      chats: createChatStore(db),
      outbox,
      composer: createDigestComposer({ stories: createStoryStore(db), labels, clock, lagMs: 3_600_000 }),
      clock,
      log: createSilentLogger(),
      catchUpMs: day,
      platforms: ['telegram'],
    });
    write(
      `${chats} active Telegram chats on weekly Friday 09:00 UTC, no topics chosen; ${storyCount} stories over the ` +
        `week; file-backed SQLite; real chat store, outbox, story store, composer; scheduler defaults ` +
        `(seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`,
    );
    // A running process has ticked every minute before 09:00: JIT-warm, and it knows no chat is due until then.
    const warmUp = await watchEventLoop(() => scheduler.tick());
    write(`warm-up tick at 08:59:05: due ${warmUp.value.due}, ${warmUp.ms.toFixed(0)} ms`);
    clock.set(friday);
    const allDue = await watchEventLoop(() => scheduler.tick());
    report('(a) all due, Fri 09:00:05', chats, allDue);
    const pending = outbox.counts().pending;
    if (allDue.value.enqueued !== chats || pending % chats !== 0)
      throw new Error(
        `expected ${chats} digests, got ${allDue.value.enqueued} (${pending} pending deliveries)`,
      );
    // What the tick wrote of message text: each distinct rendering once in messages (migration 7), plus the
    // `message` column of each delivery (JSON null for new rows). Characters, as LENGTH counts them.
    const stored = db
      .prepare<[], { bodies: number; messages: number; columns: number }>(
        `SELECT (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM messages) AS bodies,
           (SELECT COUNT(*) FROM messages) AS messages,
           (SELECT COALESCE(SUM(LENGTH(message)), 0) FROM deliveries) AS columns`,
      )
      .get();
    const mb = (((stored?.bodies ?? 0) + (stored?.columns ?? 0)) / 1e6).toFixed(2);
    write(
      `  outbox: ${pending} pending deliveries (${pending / chats} parts a digest), ${stored?.messages ?? 0} ` +
        `distinct messages, ${mb} MB of message text`,
    );
    clock.set(friday + 60_000);
    const noneDue = await watchEventLoop(() => scheduler.tick());
    report('(b) none due, the next tick at 09:01:05', chats, noneDue);
    if (noneDue.value.due !== 0) throw new Error(`${noneDue.value.due} chats due again`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
