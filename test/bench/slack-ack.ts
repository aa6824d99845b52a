/**
 * `npm run bench -- slack [stories] [requests]`: the ack latency of `/digest ukraine` (signed POST to the
 * Bolt HTTP receiver → its HTTP response) and the time until the answer reaches the response_url, with
 * 100,000 stories in a file-backed SQLite database, N = 200 sequential requests, then a burst of 20 at
 * once. Slack's limit is 3 s; Parley's goal is p99 ≤ 200 ms. Also writes one real digest, as the
 * ephemeral answer's Block Kit JSON, to /tmp/slack-digest.json (from the corpus when present).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../../src/storage/database.js';
import type { ResponsePost } from '../fakes/slack-api.js';
import { type StorySeed, seedStories, topicList } from '../support/seed-stories.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import type { ClientJob, ClientResult } from './slack-client.js';
import { storeRealStories } from './slack-real-digest.js';

const day = 86_400_000;
const digestFile = '/tmp/slack-digest.json';

/** `count` stories over the last 90 days (the default retention), topics in turn, newest last. */
function syntheticSeeds(count: number, now: number): StorySeed[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `Envoys meet for round ${i} of ceasefire talks in Istanbul`,
    summary:
      'Delegations agreed on a prisoner exchange and a timetable for the next round; mediators said a ' +
      'monitoring mission would report to both sides before the talks resume next week.',
    topic: topicList[i % topicList.length]?.id ?? 'ukraine',
    at: now - 90 * day + Math.floor(((i + 1) / count) * 90 * day) - 1,
  }));
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const summary = (values: readonly number[]) =>
  `median ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))}`;

type Measured = { ack: number; answer: number; posts: ResponsePost[] };

/** `/digest ukraine` once per key, all at once: ack latency, and the time until the response_url post. */
async function measure(harness: SlackHarness, client: Worker, keys: string[]): Promise<Measured[]> {
  // The system clock, as in production: each request has its own period, so no rendering is reused.
  harness.clock.set(Date.now());
  const job: ClientJob = { keys, text: 'ukraine' };
  const results = await new Promise<ClientResult[]>((resolve, reject) => {
    client.once('message', (message: ClientResult[] | { error: string }) =>
      Array.isArray(message) ? resolve(message) : reject(new Error(message.error)),
    );
    client.postMessage(job);
  });
  return Promise.all(
    results.map(async (result) => {
      if (result.status !== 200) throw new Error(`/digest ukraine answered ${result.status}`);
      const posts = await harness.responses(result.key, 1, 10_000);
      return { ack: result.ackMs, answer: (posts[0]?.at ?? Number.NaN) - result.sentAt, posts };
    }),
  );
}

async function latency(harness: SlackHarness, requests: number): Promise<ResponsePost[]> {
  const client = new Worker(new URL('./slack-client.js', import.meta.url), {
    workerData: { endpoint: harness.endpoint, responseUrlBase: harness.fake.responseUrl('') },
  });
  try {
    for (let i = 0; i < 10; i += 1) await measure(harness, client, [`warm-${i}`]);
    const sequential: Measured[] = [];
    for (let i = 0; i < requests; i += 1) sequential.push(...(await measure(harness, client, [`seq-${i}`])));
    const write = (text: string) => process.stdout.write(`${text}\n`);
    write(`/digest ukraine, N=${requests} one after another (client in a worker thread):`);
    write(
      `  ack (POST → HTTP response): ${summary(sequential.map((r) => r.ack))} (goal p99 ≤ 200 ms; Slack: 3 s)`,
    );
    write(`  answer (POST → response_url POST): ${summary(sequential.map((r) => r.answer))}`);
    const burst = await measure(
      harness,
      client,
      Array.from({ length: 20 }, (_, i) => `burst-${i}`),
    );
    write(`  burst of 20 at once: ack ${summary(burst.map((r) => r.ack))}`);
    write(`  burst of 20 at once: answer ${summary(burst.map((r) => r.answer))}`);
    return sequential.at(-1)?.posts ?? [];
  } finally {
    await client.terminate();
  }
}

async function sampleDigest(dir: string, fallback: ResponsePost[]): Promise<void> {
  const db = openDatabase(join(dir, 'real.db'));
  const real = await storeRealStories(db);
  let posts = fallback;
  let source = 'synthetic bench stories (../shared/corpora absent)';
  if (real !== null) {
    const harness = await startSlackHarness({ db, start: real.until, topics: real.topics });
    try {
      posts = await harness.responses((await harness.command('ukraine 7d', { key: 'real' })).key, 1);
      source = `news-dumpster-2025-05-21 corpus: ${real.stories} stories by the real pipeline`;
    } finally {
      await harness.close();
    }
  } else db.close();
  const body = posts.map(({ responseType, text, blocks }) => ({ response_type: responseType, text, blocks }));
  writeFileSync(digestFile, `${JSON.stringify(body.length === 1 ? body[0] : body, null, 2)}\n`);
  const blocks = posts.reduce((n, post) => n + (post.blocks?.length ?? 0), 0);
  process.stdout.write(
    `sample digest: ${digestFile} (${source}; ${posts.length} message(s), ${blocks} blocks)\n`,
  );
}

export async function runSlackBench(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? 100_000);
  const requests = Number(args[1] ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-slack-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'));
    const now = Date.now();
    const started = performance.now();
    const stories = seedStories(db, syntheticSeeds(count, now));
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`stories: ${stories.count()} stored in ${seconds.toFixed(1)} s (file db, WAL)\n`);
    const harness = await startSlackHarness({ db, start: now });
    let last: ResponsePost[];
    try {
      last = await latency(harness, requests);
    } finally {
      await harness.close();
    }
    await sampleDigest(dir, last);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
