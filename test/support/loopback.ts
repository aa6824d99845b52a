import { createServer } from 'node:net';
import type { HttpFetcherOptions } from '../../src/ingest/http-fetcher.js';
import type { PollPolicy } from '../../src/scheduler/poll-feeds.js';

const minute = 60_000;

/** Fetcher options for tests against loopback servers: private addresses allowed, no politeness delay. */
export function loopbackFetcherOptions(overrides: Partial<HttpFetcherOptions> = {}): HttpFetcherOptions {
  return {
    userAgent: 'Parley-test',
    timeoutMs: 2_000,
    connectTimeoutMs: 1_000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    concurrency: 16,
    perHostConcurrency: 16,
    perHostIntervalMs: 0,
    allowPrivateNetworks: true,
    ...overrides,
  };
}

/** The default schedule policy of config/parley.yaml, with no item age limit. */
export function testPollPolicy(overrides: Partial<PollPolicy> = {}): PollPolicy {
  return {
    interval: 30 * minute,
    minInterval: 5 * minute,
    maxInterval: 360 * minute,
    maxBackoff: 1440 * minute,
    backoffBase: 5 * minute,
    maxItemAgeDays: 0,
    articleConcurrency: 2,
    articleBudgetMs: 60_000,
    ...overrides,
  };
}

/** A port that was free a moment ago on 127.0.0.1, for a server a test starts later or in a child process. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
