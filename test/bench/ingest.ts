/**
 * `npm run bench -- ingest`: 500 feeds × 50 items served by loopback servers with 20 ms latency,
 * polled through the real fetcher, parser, normaliser and SQLite stores.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { decodeFeedBytes } from '../../src/ingest/charset.js';
import { parseFeed } from '../../src/ingest/feed-parser.js';
import { createFeedReader } from '../../src/ingest/feed-reader.js';
import { createHttpFetcher } from '../../src/ingest/http-fetcher.js';
import { normaliseItems } from '../../src/ingest/normalise.js';
import { createPoller } from '../../src/scheduler/poll-feeds.js';
import { systemClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { syntheticFeed } from '../fakes/synthetic-feed.js';

const FEEDS = 500;
const ITEMS = 50;
const HOSTS = 125; // 127.0.0.2 … 127.0.0.126: Linux routes all of 127/8 to loopback
const LATENCY_MS = 20;

/** Starts the feed hosts in a child process and returns their feed URLs. */
async function startHosts(): Promise<{ urls: string[]; stop: () => void }> {
  const script = fileURLToPath(new URL('./feed-hosts.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [script, String(FEEDS), String(ITEMS), String(HOSTS), String(LATENCY_MS)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { urls } = JSON.parse(line) as { urls: string[] };
  return { urls, stop: () => child.stdin.end() };
}

/** One pass over `buffers`: seconds and items. */
async function parsePass(buffers: Buffer[]): Promise<{ seconds: number; items: number }> {
  let items = 0;
  const started = performance.now();
  for (const buffer of buffers) {
    const parsed = await parseFeed(decodeFeedBytes(buffer, 'application/rss+xml; charset=utf-8').text);
    items += normaliseItems(parsed.items, {
      baseUrl: 'https://news.example/',
      feedLanguage: 'en',
      now: Date.now(),
    }).length;
  }
  return { seconds: (performance.now() - started) / 1000, items };
}

/** The median of three passes: a single one varied by ±5 % from run to run on this machine. */
async function parseThroughput(
  bodies: string[],
): Promise<{ mb: number; mbPerSecond: number; items: number }> {
  const buffers = bodies.map((body) => Buffer.from(body));
  const bytes = buffers.reduce((sum, b) => sum + b.length, 0);
  const passes = [];
  for (let pass = 0; pass < 3; pass += 1) passes.push(await parsePass(buffers));
  passes.sort((a, b) => a.seconds - b.seconds);
  const median = passes[1] as { seconds: number; items: number };
  return { mb: bytes / 1e6, mbPerSecond: bytes / 1e6 / median.seconds, items: median.items };
}

export async function runIngestBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const { urls, stop } = await startHosts();
  // The same documents the hosts serve, for the parse-only figure (made here, after the poll's RSS peak is read).
  const bodies = () =>
    Array.from({ length: FEEDS }, (_, feed) => syntheticFeed(feed, ITEMS, 'https://news.example'));
  const db = openDatabase(join(dir, 'bench.db'));
  const fetcher = createHttpFetcher({
    userAgent: 'Parley-bench',
    timeoutMs: 30_000,
    connectTimeoutMs: 10_000,
    maxBytes: 10 * 1024 * 1024,
    maxRedirects: 5,
    concurrency: 16,
    perHostConcurrency: 2,
    perHostIntervalMs: 250,
    allowPrivateNetworks: true,
  });
  const feeds = createFeedStore(db);
  const items = createItemStore(db);
  const policy = {
    interval: 1_800_000,
    minInterval: 300_000,
    maxInterval: 21_600_000,
    maxBackoff: 86_400_000,
    backoffBase: 300_000,
    maxItemAgeDays: 0,
    articleConcurrency: 4,
    articleBudgetMs: 60_000,
  };
  const reader = createFeedReader({ fetcher, clock: systemClock });
  const poller = createPoller({
    feeds,
    items,
    reader,
    articles: null,
    stories: null,
    clock: systemClock,
    log: createSilentLogger(),
    policy,
  });
  feeds.syncSources(urls.map((url) => ({ url, name: null, language: null, fullText: false })));
  try {
    const t0 = performance.now();
    const first = await poller.pollFeeds(feeds.list());
    const firstSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const second = await poller.pollFeeds(feeds.list());
    const secondSeconds = (performance.now() - t1) / 1000;
    const inserted = first.reduce((sum, r) => sum + r.inserted, 0);
    const failed = first.filter((r) => r.outcome === 'failed');
    const notModified = second.filter((r) => r.outcome === 'not-modified').length;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const documents = bodies();
    const parse = await parseThroughput(documents);
    const mbTotal = documents.reduce((sum, b) => sum + Buffer.byteLength(b), 0) / 1e6;
    const lines = [
      `feeds ${FEEDS} × ${ITEMS} items on ${HOSTS} loopback hosts, ${LATENCY_MS} ms latency, ${mbTotal.toFixed(1)} MB of XML`,
      `first poll:  ${firstSeconds.toFixed(2)} s, ${inserted} items stored (${(inserted / firstSeconds).toFixed(0)} items/s), ${failed.length} feeds failed  [goal ≤ 15 s]`,
      `second poll: ${secondSeconds.toFixed(2)} s, ${notModified}/${FEEDS} answered 304  [goal ≤ 2 s]`,
      `parse+normalise: ${parse.mbPerSecond.toFixed(1)} MB/s (${parse.mb.toFixed(1)} MB, ${parse.items} items, one core, median of 3 passes)  [goal ≥ 25 MB/s]`,
      `peak RSS of the polling process (feed hosts run in a child process): ${peakRssMb.toFixed(0)} MB  [goal ≤ 300 MB]`,
    ];
    for (const line of lines) process.stdout.write(`${line}\n`);
    if (failed[0]) process.stdout.write(`first failure: ${failed[0].feed.url}: ${failed[0].error}\n`);
  } finally {
    await fetcher.close();
    db.close();
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
