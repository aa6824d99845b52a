import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { FeedServer, RecordedRequest } from '../../fakes/feed-server.js';
import { failure, useFixtures } from './fetch-helpers.js';

const fixtures = useFixtures();
const MB = 1024 * 1024;

async function eventually(check: () => boolean, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  while (!check() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
}

/** The most requests in flight at once, over all servers, from the server-side records. */
function peakOverlap(servers: FeedServer[]): number {
  const events = servers
    .flatMap((server) => server.requests)
    .flatMap((request: RecordedRequest) => [
      { at: request.startedAt, delta: 1 },
      { at: request.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const event of events) {
    current += event.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

describe('http fetcher: time limits', () => {
  it('gives up on a server that is slow to answer', async () => {
    const server = await fixtures.server({ '/slow': { delayMs: 3_000, body: 'late' } });
    const started = performance.now();
    const error = await failure(fixtures.fetcher({ timeoutMs: 300 }).fetch({ url: server.url('/slow') }));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('cuts off a body that drips in too slowly and closes the connection', async () => {
    const server = await fixtures.server({ '/drip': { body: 'x'.repeat(10_000), dripBytesPerSecond: 200 } });
    const error = await failure(fixtures.fetcher({ timeoutMs: 400 }).fetch({ url: server.url('/drip') }));
    expect(error.code).toBe('timeout');
    expect(server.requests[0]?.bytesSent).toBeGreaterThan(0);
    expect(await eventually(() => server.openConnections() === 0, 1_000)).toBe(true);
  });

  it('gives up on a server that never answers', async () => {
    const server = await fixtures.server({ '/hang': { hang: true } });
    const error = await failure(fixtures.fetcher({ timeoutMs: 300 }).fetch({ url: server.url('/hang') }));
    expect(error.code).toBe('timeout');
    expect(await eventually(() => server.openConnections() === 0, 1_000)).toBe(true);
  });
});

describe('http fetcher: size limits', () => {
  it('stops reading a 50 MB body at the 10 MB cap', async () => {
    const server = await fixtures.server({ '/huge': { hugeBytes: 50 * MB } });
    const before = process.memoryUsage().arrayBuffers;
    const error = await failure(fixtures.fetcher({ maxBytes: 10 * MB }).fetch({ url: server.url('/huge') }));
    expect(error).toMatchObject({
      code: 'too_large',
      message: 'response larger than 10 MB',
      details: { maxBytes: 10 * MB },
    });
    // The server could only write what the client read plus socket buffers: far less than 50 MB.
    expect(server.requests[0]?.bytesSent).toBeLessThan(30 * MB);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(40 * MB);
    expect(await eventually(() => server.openConnections() === 0, 1_000)).toBe(true);
  });

  it('caps a gzip bomb by its decompressed size', async () => {
    const server = await fixtures.server({ '/bomb': { hugeBytes: 50 * MB, encoding: 'gzip' } });
    const error = await failure(fixtures.fetcher({ maxBytes: 10 * MB }).fetch({ url: server.url('/bomb') }));
    expect(error.code).toBe('too_large');
    expect(server.requests[0]?.bytesSent).toBeLessThan(1 * MB);
  });

  it('refuses a body whose declared length is over the cap without reading it', async () => {
    const server = await fixtures.server({
      '/big': { body: 'x'.repeat(2_000), headers: { 'content-length': '2000' } },
    });
    const error = await failure(fixtures.fetcher({ maxBytes: 1_000 }).fetch({ url: server.url('/big') }));
    expect(error).toMatchObject({ code: 'too_large', message: 'response larger than 1000 bytes' });
  });

  it('accepts a body exactly at the cap', async () => {
    const server = await fixtures.server({ '/exact': { hugeBytes: 1_000 } });
    const response = await fixtures.fetcher({ maxBytes: 1_000 }).fetch({ url: server.url('/exact') });
    expect(response.kind === 'ok' && response.body.length).toBe(1_000);
  });
});

describe('http fetcher: politeness', () => {
  it('never has more than perHostConcurrency requests in flight to one host', async () => {
    const server = await fixtures.server({ '/feed.xml': { delayMs: 100, body: 'ok' } });
    const fetcher = fixtures.fetcher({ perHostConcurrency: 2, concurrency: 16 });
    await Promise.all(Array.from({ length: 6 }, () => fetcher.fetch({ url: server.url('/feed.xml') })));
    expect(server.requests).toHaveLength(6);
    expect(server.maxConcurrent()).toBe(2);
  });

  it('spaces request starts to one host by perHostIntervalMs', async () => {
    const server = await fixtures.server({ '/feed.xml': { body: 'ok' } });
    const fetcher = fixtures.fetcher({ perHostConcurrency: 4, perHostIntervalMs: 150 });
    await Promise.all(Array.from({ length: 4 }, () => fetcher.fetch({ url: server.url('/feed.xml') })));
    const starts = server.requests.map((request) => request.startedAt).sort((a, b) => a - b);
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? 0));
    expect(gaps).toHaveLength(3);
    // Loopback latency varies by a few ms between requests; without spacing the gaps are ~0.
    for (const gap of gaps) expect(gap).toBeGreaterThan(130);
  });

  it('never has more than concurrency requests in flight over all hosts', async () => {
    const servers = await Promise.all(
      [1, 2, 3].map(() => fixtures.server({ '/feed.xml': { delayMs: 100, body: 'ok' } })),
    );
    const fetcher = fixtures.fetcher({ concurrency: 2, perHostConcurrency: 4 });
    const urls = servers.flatMap((server) => [server.url('/feed.xml'), server.url('/feed.xml')]);
    await Promise.all(urls.map((url) => fetcher.fetch({ url })));
    expect(servers.map((server) => server.requests.length)).toEqual([2, 2, 2]);
    expect(peakOverlap(servers)).toBe(2);
  });
});
