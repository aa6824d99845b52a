import { afterEach, describe, expect, it } from 'vitest';
import {
  type HealthReport,
  type HealthServer,
  startHealthServer,
} from '../../../src/server/health-server.js';
import { createMetrics } from '../../../src/server/metrics.js';

const servers: HealthServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const metrics = () =>
  createMetrics(() => ({
    items: 0,
    stories: 0,
    feeds: { enabled: 2, failing: 0, disabled: 0 },
    deliveries: { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 },
    chats: { active: 0, inactive: 0 },
  }));

function report(failing: number, enabled = 2): HealthReport {
  return {
    database: () => ({ items: 5 }),
    lastPollAt: () => null,
    failingFeeds: () => failing,
    enabledFeeds: () => enabled,
    outbox: () => ({ pending: 0, sending: 0, failed: 0, oldestPendingAt: null }),
    now: () => 0,
  };
}

async function health(failing: number, enabled = 2): Promise<Record<string, unknown>> {
  const server = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    report: report(failing, enabled),
    metrics: metrics(),
  });
  servers.push(server);
  const answer = await fetch(`http://127.0.0.1:${server.port}/healthz`);
  expect(answer.status).toBe(200);
  return (await answer.json()) as Record<string, unknown>;
}

describe('/healthz', () => {
  it('says degraded, and why, when every enabled feed is failing', async () => {
    expect(await health(1)).toMatchObject({ status: 'ok', failingFeeds: 1, enabledFeeds: 2 });
    expect(await health(2)).toMatchObject({
      status: 'degraded',
      problems: ['every enabled feed is failing'],
    });
    expect(await health(0, 0)).toMatchObject({ status: 'ok' });
  });

  it('names the port in use and the likely reason instead of crashing', async () => {
    const first = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      report: report(0),
      metrics: metrics(),
    });
    servers.push(first);
    await expect(
      startHealthServer({ host: '127.0.0.1', port: first.port, report: report(0), metrics: metrics() }),
    ).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(
        `server.port ${first.port} on 127.0.0.1 is already in use: is Parley already running?`,
      ),
    });
  });
});
