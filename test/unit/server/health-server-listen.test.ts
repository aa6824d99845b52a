import { describe, expect, it } from 'vitest';
import { startHealthServer } from '../../../src/server/health-server.js';
import { createMetrics } from '../../../src/server/metrics.js';

const report = {
  database: () => ({ items: 0 }),
  lastPollAt: () => null,
  startedAt: 0,
  pollIntervalMs: 1_800_000,
  fetchTimeoutMs: 30_000,
  oldestRead: () => null,
  feeds: () => ({ enabled: 0, failing: 0 }),
  outbox: () => ({ pending: 0, sending: 0, failed: 0, oldestPendingAt: null }),
  now: () => 0,
};
const metrics = () =>
  createMetrics(() => ({
    items: 0,
    stories: 0,
    feeds: { enabled: 0, failing: 0, disabled: 0 },
    deliveries: { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 },
    chats: { active: 0, inactive: 0 },
  }));

describe('health server: a server.host it cannot listen on', () => {
  // Addresses of other machines (TEST-NET-1 and -3, RFC 5737); names are left out: resolving one leaves loopback.
  it.each(['192.0.2.77', '203.0.113.9'])(
    'fails with config_invalid naming server.host for %s, not a bare system error',
    async (host) => {
      await expect(startHealthServer({ host, port: 0, report, metrics: metrics() })).rejects.toMatchObject({
        code: 'config_invalid',
        message: expect.stringContaining(`server.host ${host} is not an address of this machine`),
      });
    },
  );
});
