import { afterEach, describe, expect, it } from 'vitest';
import {
  type HealthReport,
  type HealthServer,
  startHealthServer,
} from '../../../src/server/health-server.js';
import { createMetrics, type MetricsSnapshot } from '../../../src/server/metrics.js';

const servers: HealthServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const snapshot = (): MetricsSnapshot => ({
  items: 0,
  stories: 0,
  feeds: { enabled: 2, failing: 0, disabled: 0 },
  deliveries: { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 },
  chats: { active: 0, inactive: 0 },
});
const metrics = () => createMetrics(snapshot);

const minute = 60_000;
const now = Date.UTC(2026, 10, 27, 12);

/** A healthy instance: two feeds, none failing, a poll cycle ended a minute ago; `changes` say otherwise. */
function report(changes: Partial<HealthReport> = {}): HealthReport {
  return {
    database: () => ({ items: 5 }),
    lastPollAt: () => now - minute,
    startedAt: now - 60 * minute,
    pollIntervalMs: 30 * minute,
    fetchTimeoutMs: 30_000,
    oldestRead: () => null,
    feeds: () => ({ enabled: 2, failing: 0 }),
    outbox: () => ({ pending: 0, sending: 0, failed: 0, oldestPendingAt: null }),
    now: () => now,
    ...changes,
  };
}

async function serve(health: HealthReport, scraped = metrics()): Promise<number> {
  const server = await startHealthServer({ host: '127.0.0.1', port: 0, report: health, metrics: scraped });
  servers.push(server);
  return server.port;
}

async function health(changes: Partial<HealthReport> = {}): Promise<Record<string, unknown>> {
  const port = await serve(report(changes));
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}

describe('/healthz', () => {
  it('says degraded, and why, when every enabled feed is failing', async () => {
    const feeds = (failing: number, enabled = 2) => ({ feeds: () => ({ enabled, failing }) });
    expect(await health(feeds(1))).toMatchObject({ status: 'ok', failingFeeds: 1, enabledFeeds: 2 });
    expect(await health(feeds(2))).toMatchObject({
      status: 'degraded',
      problems: ['every enabled feed is failing'],
    });
    expect(await health(feeds(0, 0))).toMatchObject({ status: 'ok' });
  });

  it('says degraded when no poll cycle has ended for three polling intervals, or 15 minutes, since start before the first', async () => {
    const stale = { status: 'degraded', problems: ['no poll cycle has ended for over 90 minutes'] };
    expect(await health({ lastPollAt: () => now - 89 * minute })).toMatchObject({ status: 'ok' });
    expect(await health({ lastPollAt: () => now - 6 * 60 * minute })).toMatchObject(stale);
    // None ended yet: judged from the start.
    expect(await health({ lastPollAt: () => null, startedAt: now - 80 * minute })).toMatchObject({
      status: 'ok',
    });
    expect(await health({ lastPollAt: () => null, startedAt: now - 91 * minute })).toMatchObject(stale);
    // A 1-minute interval: 15 minutes, not 3.
    const often = { pollIntervalMs: minute };
    expect(await health({ ...often, lastPollAt: () => now - 14 * minute })).toMatchObject({ status: 'ok' });
    expect(await health({ ...often, lastPollAt: () => now - 16 * minute })).toMatchObject({
      problems: ['no poll cycle has ended for over 15 minutes'],
    });
  });

  it('says degraded, naming the feed by id and host, when one read hangs while later cycles still end', async () => {
    // Cycles overlap and skip the feed being read, so the last one ended a minute ago.
    const hung = (since: number, fetchTimeoutMs = 30_000) => ({
      fetchTimeoutMs,
      oldestRead: () => ({ feed: { id: 7, url: 'https://news.example.com/rss?key=s3cret' }, since }),
    });
    expect(await health(hung(now - 89 * minute))).toMatchObject({ status: 'ok' });
    const body = await health(hung(now - 91 * minute));
    expect(body).toMatchObject({
      status: 'degraded',
      problems: ['feed 7 (news.example.com) has been read for over 90 minutes'],
    });
    expect(JSON.stringify(body)).not.toContain('s3cret');
    // A 30-minute ingest.timeout: four of them (the feed, two for its pages, the last page begun).
    expect(await health(hung(now - 100 * minute, 30 * minute))).toMatchObject({ status: 'ok' });
    expect(await health(hung(now - 121 * minute, 30 * minute))).toMatchObject({
      problems: ['feed 7 (news.example.com) has been read for over 120 minutes'],
    });
  });

  it('names the port in use and the likely reason instead of crashing', async () => {
    const first = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      report: report(),
      metrics: metrics(),
    });
    servers.push(first);
    await expect(
      startHealthServer({ host: '127.0.0.1', port: first.port, report: report(), metrics: metrics() }),
    ).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(
        `server.port ${first.port} on 127.0.0.1 is already in use: is Parley already running?`,
      ),
    });
  });
});

describe('/metrics', () => {
  it('reads the database once per scrape, whatever the number of gauges, and again at the next scrape', async () => {
    let reads = 0;
    const port = await serve(
      report(),
      createMetrics(() => {
        reads += 1;
        return snapshot();
      }),
    );
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/^parley_feeds\{state="enabled"\} 2$/m);
    expect(text).toMatch(/^parley_deliveries\{state="pending"\} 0$/m);
    expect(reads).toBe(1);
    await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(reads).toBe(2);
  });

  it('reads the feed list once per /healthz', async () => {
    let reads = 0;
    const port = await serve(
      report({
        feeds: () => {
          reads += 1;
          return { enabled: 2, failing: 2 };
        },
      }),
    );
    await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(reads).toBe(1);
  });
});
