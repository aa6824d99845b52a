import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { deliveryStates, type OutboxCounts } from '../domain/delivery.js';

/** Figures read at scrape time, so that /metrics always shows the database's current state. */
export type MetricsSnapshot = {
  items: number;
  stories: number;
  feeds: { enabled: number; failing: number; disabled: number };
  deliveries: OutboxCounts;
  chats: { active: number; inactive: number };
};

export type Metrics = {
  registry: Registry;
  recordFeedPoll(outcome: 'ok' | 'not-modified' | 'failed', seconds: number, newItems: number): void;
  /** A message the platform accepted, and how long the call took. */
  recordSend(platform: string, seconds: number): void;
  /** What became of one send attempt: sent, retry, rate_limited, migrated, dead, failed, paused. */
  recordDelivery(platform: string, outcome: string): void;
  recordDigests(enqueued: number): void;
};

function outboxMetrics(registry: Registry, snapshot: () => MetricsSnapshot): void {
  new Gauge({
    name: 'parley_deliveries',
    help: 'Outbox deliveries (one per digest part and chat) by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { deliveries } = snapshot();
      for (const state of deliveryStates) this.set({ state }, deliveries[state]);
    },
  });
  new Gauge({
    name: 'parley_chats',
    help: 'Chats and channels by state: active (getting digests) or inactive',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { chats } = snapshot();
      for (const state of ['active', 'inactive'] as const) this.set({ state }, chats[state]);
    },
  });
}

/**
 * One snapshot per scrape: registry.metrics() calls every gauge's collect() in one synchronous pass, so
 * the first call reads the database and the others, before the next microtask, share what it read.
 */
function oncePerScrape(read: () => MetricsSnapshot): () => MetricsSnapshot {
  let taken: MetricsSnapshot | null = null;
  return () => {
    if (taken === null) {
      taken = read();
      queueMicrotask(() => {
        taken = null;
      });
    }
    return taken;
  };
}

export function createMetrics(read: () => MetricsSnapshot): Metrics {
  const snapshot = oncePerScrape(read);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  new Gauge({
    name: 'parley_items',
    help: 'Items stored',
    registers: [registry],
    collect() {
      this.set(snapshot().items);
    },
  });
  new Gauge({
    name: 'parley_stories',
    help: 'Stories about peace talks stored',
    registers: [registry],
    collect() {
      this.set(snapshot().stories);
    },
  });
  new Gauge({
    name: 'parley_feeds',
    help: 'Feeds by state: enabled, failing (enabled with consecutive errors), disabled',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { feeds } = snapshot();
      for (const state of ['enabled', 'failing', 'disabled'] as const) this.set({ state }, feeds[state]);
    },
  });
  const polls = new Counter({
    name: 'parley_feed_polls_total',
    help: 'Feed fetches by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const newItems = new Counter({
    name: 'parley_items_ingested_total',
    help: 'New items stored',
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'parley_feed_poll_duration_seconds',
    help: 'Time to fetch, parse and store one feed',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  outboxMetrics(registry, snapshot);
  const sendLatency = new Histogram({
    name: 'parley_send_duration_seconds',
    help: 'Time for the platform to accept one message',
    labelNames: ['platform'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'parley_delivery_attempts_total',
    help: 'Send attempts by platform and outcome',
    labelNames: ['platform', 'outcome'],
    registers: [registry],
  });
  const digests = new Counter({
    name: 'parley_digests_enqueued_total',
    help: 'Scheduled digests put in the outbox',
    registers: [registry],
  });
  return {
    registry,
    recordSend: (platform, seconds) => sendLatency.observe({ platform }, seconds),
    recordDelivery: (platform, outcome) => attempts.inc({ platform, outcome }),
    recordDigests: (enqueued) => digests.inc(enqueued),
    recordFeedPoll(outcome, seconds, inserted) {
      polls.inc({ outcome });
      duration.observe(seconds);
      newItems.inc(inserted);
    },
  };
}
