/**
 * Every port Parley listens on (the Telegram webhook, the Slack HTTP receiver, /healthz and /metrics)
 * cuts a client that sends half a request's headers after 10 s, as README says: the limits are given to
 * createServer, so Node checks them every second instead of every 30 s. Runs with the real limits, the
 * three servers at once (about 11 s).
 */
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelegramFrontEnd } from '../../src/platforms/telegram/front-end.js';
import { startHealthServer } from '../../src/server/health-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startSlackHarness } from '../support/slack-harness.js';
import { startBotHarness } from '../support/telegram-bot-harness.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

/** Milliseconds until the server closes a connection that sent only the start of a request's headers. */
async function cutAfter(port: number, path: string): Promise<number> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  // Read what comes (a 408), so that the server's end of the connection is seen.
  socket.resume();
  await new Promise((resolve) => socket.once('connect', resolve));
  const started = performance.now();
  socket.write(`POST ${path} HTTP/1.1\r\nHost: parley\r\n`);
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(performance.now() - started)),
  );
  const waited = new Promise<number>((resolve) =>
    setTimeout(() => resolve(Number.POSITIVE_INFINITY), 14_000),
  );
  const elapsed = await Promise.race([closed, waited]);
  socket.destroy();
  return elapsed;
}

describe.concurrent('a client that sends half the headers', () => {
  it('is cut by the Telegram webhook within 10–12 s', async () => {
    const h = await startBotHarness({ polling: false });
    const frontEnd = await startTelegramFrontEnd({
      ...{ token: h.fake.token, apiRoot: h.fake.url, service: h.service, log: h.log },
      mode: 'webhook',
      webhook: {
        url: 'https://parley.example',
        port: 0,
        path: '/telegram',
        secret: 'parley_s3cret',
        host: '127.0.0.1',
      },
    });
    cleanups.push(() => frontEnd.stop().then(() => h.stop()));
    const elapsed = await cutAfter(frontEnd.port ?? 0, '/telegram');
    expect(elapsed).toBeGreaterThan(9_500);
    expect(elapsed).toBeLessThan(12_500);
  }, 20_000);

  it('is cut by the Slack HTTP receiver within 10–12 s', async () => {
    const slack = await startSlackHarness();
    cleanups.push(() => slack.close());
    const elapsed = await cutAfter(slack.frontEnd.port ?? 0, '/slack/events');
    expect(elapsed).toBeGreaterThan(9_500);
    expect(elapsed).toBeLessThan(12_500);
  }, 20_000);

  it('is cut by the health and metrics server within 10–12 s', async () => {
    const metrics = createMetrics(() => ({
      items: 0,
      stories: 0,
      feeds: { enabled: 0, failing: 0, disabled: 0 },
      deliveries: { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 },
      chats: { active: 0, inactive: 0 },
    }));
    const report = {
      database: () => ({ items: 0 }),
      lastPollAt: () => null,
      startedAt: Date.now(),
      pollIntervalMs: 60_000,
      feeds: () => ({ enabled: 0, failing: 0 }),
      outbox: () => ({ pending: 0, sending: 0, failed: 0, oldestPendingAt: null }),
      now: () => Date.now(),
      fetchTimeoutMs: 20_000,
      oldestRead: () => null,
    };
    const server = await startHealthServer({ host: '127.0.0.1', port: 0, report, metrics });
    cleanups.push(() => server.close());
    const elapsed = await cutAfter(server.port, '/healthz');
    expect(elapsed).toBeGreaterThan(9_500);
    expect(elapsed).toBeLessThan(12_500);
  }, 20_000);
});
