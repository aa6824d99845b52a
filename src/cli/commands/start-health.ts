import type { FeedPollResult } from '../../scheduler/poll-feeds.js';
import { type HealthServer, startHealthServer } from '../../server/health-server.js';
import { createMetrics, type Metrics } from '../../server/metrics.js';
import type { Runtime } from '../runtime.js';

export type Health = {
  server: HealthServer | null;
  metrics: Metrics | null;
  record(result: FeedPollResult): void;
};

/** /healthz and /metrics for `parley start`; `server.port: 0` turns both off. */
export async function serveHealth(runtime: Runtime, lastPoll: () => number | null): Promise<Health> {
  const { host, port } = runtime.config.server;
  if (port === 0) return { server: null, metrics: null, record: () => {} };
  const feedCounts = () => {
    const feeds = runtime.feeds.list({ includeDisabled: true });
    const enabled = feeds.filter((feed) => feed.enabled);
    const failing = enabled.filter((feed) => feed.consecutiveErrors > 0).length;
    return { enabled: enabled.length, failing, disabled: feeds.length - enabled.length };
  };
  const metrics = createMetrics(() => {
    const active = runtime.chats.count({ active: true });
    return {
      items: runtime.items.count(),
      stories: runtime.stories.count(),
      feeds: feedCounts(),
      deliveries: runtime.outbox.counts(),
      chats: { active, inactive: runtime.chats.count() - active },
    };
  });
  const report = {
    database: () => ({ items: runtime.items.count() }),
    lastPollAt: lastPoll,
    startedAt: runtime.clock.now(),
    pollIntervalMs: runtime.config.ingest.interval,
    fetchTimeoutMs: runtime.config.ingest.timeout,
    oldestRead: () => runtime.poller.oldestRead(),
    feeds: feedCounts,
    outbox: () => ({ ...runtime.outbox.counts(), oldestPendingAt: runtime.outbox.oldestPendingAt() }),
    now: () => runtime.clock.now(),
  };
  const server = await startHealthServer({ host, port, report, metrics });
  return {
    server,
    metrics,
    record: (result) => metrics.recordFeedPoll(result.outcome, result.ms / 1000, result.inserted),
  };
}
