import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Figures read at scrape time, so that /metrics always shows the database's current state. */
export type MetricsSnapshot = {
  items: number;
  stories: number;
  feeds: { enabled: number; failing: number; disabled: number };
};

export type Metrics = {
  registry: Registry;
  recordFeedPoll(outcome: 'ok' | 'not-modified' | 'failed', seconds: number, newItems: number): void;
};

export function createMetrics(snapshot: () => MetricsSnapshot): Metrics {
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
  return {
    registry,
    recordFeedPoll(outcome, seconds, inserted) {
      polls.inc({ outcome });
      duration.observe(seconds);
      newItems.inc(inserted);
    },
  };
}
