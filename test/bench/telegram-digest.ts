/**
 * `npm run bench -- telegram [requests] [stories]`: the time from a `/digest` update being pushed into the
 * fake Bot API to the fake receiving the digest's sendMessage, with 100,000 stories (default) in a
 * file-backed SQLite database. The whole real path: grammY long polling, the handler, the chat service,
 * the digest composer reading the story store, the outbox, the pump and the Telegram sender. Each request
 * comes from another chat, so the per-chat cooldown never applies. Also: the story query alone, and its plan.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidatesPerTopic, readRanked } from '../../src/digest/digest-composer.js';
import type { Database } from '../../src/storage/database.js';
import { createStoryStore, listQuery } from '../../src/storage/story-store.js';
import { startBotHarness, testTopics } from '../support/telegram-bot-harness.js';
import { command, user } from '../support/telegram-updates.js';
import { seedStories } from './seed-stories.js';

const day = 86_400_000;
const write = (line: string) => process.stdout.write(`${line}\n`);

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function summarise(label: string, samples: readonly number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  write(
    `  ${label}: n=${sorted.length} median ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, ` +
      `p99 ${ms(percentile(sorted, 99))}, min ${ms(sorted[0] ?? Number.NaN)}, max ${ms(sorted.at(-1) ?? Number.NaN)}`,
  );
}

function numberArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`not a positive number: ${value}`);
  return parsed;
}

/**
 * The story query on its own, as the composer runs it for a week's digest of a chat with no topics
 * (readRanked, src/digest/digest-composer.ts), and SQLite's plan for that very query (listQuery).
 */
function storyQuery(db: Database, now: number, runs: number): void {
  const stories = createStoryStore(db);
  const times: number[] = [];
  let listed = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    listed = readRanked(stories, { since: now - 7 * day, until: now - i }, null, candidatesPerTopic).length;
    times.push(performance.now() - started);
  }
  summarise(`the composer's ranked story read of one week (${listed} stories returned)`, times);
  const { sql, params } = listQuery({
    since: now - 7 * day,
    until: now,
    order: 'ranked',
    limit: candidatesPerTopic * 4,
  });
  const plan = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all(...params);
  write(`  plan of the story query: ${plan.map((row) => row.detail).join('; ')}`);
}

export async function runTelegramBench(args: readonly string[] = []): Promise<void> {
  const requests = numberArg(args[0], 50);
  const storyCount = numberArg(args[1], 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-telegram-'));
  const now = Date.now();
  const seedStarted = performance.now();
  const harness = await startBotHarness({
    databasePath: join(dir, 'bench.db'),
    clockStart: now,
    seed: (db) => seedStories(db, { count: storyCount, now, days: 90, topics: testTopics.map((t) => t.id) }),
  });
  try {
    write(
      `${storyCount} stories (2 outlets each, over 90 days; seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s) ` +
        `in file-backed SQLite; ${requests} /digest requests from different chats; real polling, composer, outbox, pump`,
    );
    const latencies: number[] = [];
    for (let i = -3; i < requests; i += 1) {
      const chatId = 900_000 + i + 3;
      const started = performance.now();
      harness.fake.pushUpdate(command('/digest', { from: user(chatId) }));
      const sent = await harness.fake.waitFor(
        'sendMessage',
        (p) => String(p['chat_id']) === String(chatId),
        30_000,
      );
      if (i >= 0) latencies.push(performance.now() - started);
      if (!String(sent.params['text']).includes('Peace talks digest')) throw new Error('not a digest');
    }
    summarise('/digest update pushed → sendMessage received (after 3 warm-up requests)', latencies);
    storyQuery(harness.db, now, 20);
  } finally {
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
