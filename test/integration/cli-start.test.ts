import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { createCliHarness } from '../support/cli-harness.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('parley start', () => {
  const cli = createCliHarness();
  let feeds: FeedServer;
  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.route('/a.xml', {
      body: '<rss version="2.0"><channel><title>A</title><item><title>Truce talks resume</title><link>https://a.example/1</link></item></channel></rss>',
    });
  });
  afterAll(async () => {
    await feeds.close();
    cli.cleanup();
  });

  it('polls on start, serves /healthz and /metrics, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const config = cli.writeConfig(`database: { path: ${join(cli.dir, 'start.db')} }
feeds: { opml: null, list: [ { url: "${feeds.url('/a.xml')}", name: A } ] }
ingest: { allowPrivateNetworks: true, maxItemAgeDays: 0 }
server: { port: ${port} }
log: { level: silent }
`);
    const seen: { health?: Record<string, unknown>; metrics?: string } = {};
    const stopSignal = async () => {
      seen.health = await waitFor(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<
          string,
          unknown
        >;
        return body['lastPollAt'] ? body : null;
      });
      seen.metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return 'SIGTERM';
    };
    const run = await cli.run(['--config', config, 'start'], { stopSignal });
    expect(run.code).toBe(0);
    expect(seen.health).toMatchObject({ status: 'ok', database: 'ok', items: 1, failingFeeds: 0 });
    expect(seen.metrics).toMatch(/^parley_items 1$/m);
    expect(seen.metrics).toMatch(/^parley_stories \d+$/m);
    expect(seen.metrics).toMatch(/^parley_feed_polls_total\{outcome="ok"\} 1$/m);
    expect(run.stdout).toContain('SIGTERM received');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
