import type { Command } from 'commander';
import type { FeedPollResult } from '../../scheduler/poll-feeds.js';
import { startPollTicker } from '../../scheduler/poll-ticker.js';
import { startRetentionTicker } from '../../scheduler/retention-ticker.js';
import { type HealthServer, startHealthServer } from '../../server/health-server.js';
import { createMetrics } from '../../server/metrics.js';
import { systemClock } from '../../shared/clock.js';
import type { CommandContext } from '../program.js';
import type { Runtime } from '../runtime.js';
import { summarise } from './poll.js';

type Health = { server: HealthServer | null; record(result: FeedPollResult): void };

async function serveHealth(runtime: Runtime, lastPoll: () => number | null): Promise<Health> {
  const { host, port } = runtime.config.server;
  if (port === 0) return { server: null, record: () => {} };
  const feedCounts = () => {
    const feeds = runtime.feeds.list({ includeDisabled: true });
    const enabled = feeds.filter((feed) => feed.enabled);
    const failing = enabled.filter((feed) => feed.consecutiveErrors > 0).length;
    return { enabled: enabled.length, failing, disabled: feeds.length - enabled.length };
  };
  const metrics = createMetrics(() => ({
    items: runtime.items.count(),
    stories: runtime.stories.count(),
    feeds: feedCounts(),
  }));
  const report = {
    database: () => ({ items: runtime.items.count() }),
    lastPollAt: lastPoll,
    failingFeeds: () => feedCounts().failing,
  };
  const server = await startHealthServer({ host, port, report, metrics });
  return {
    server,
    record: (result) => metrics.recordFeedPoll(result.outcome, result.ms / 1000, result.inserted),
  };
}

async function run(context: CommandContext, runtime: Runtime): Promise<void> {
  const sync = runtime.feeds.syncSources(runtime.config.feeds.sources);
  const enabled = runtime.feeds.list().length;
  context.out(
    `parley: ${enabled} feeds (${sync.added} new, ${sync.disabled} disabled), database ${runtime.config.database.path}`,
  );
  let lastPollAt: number | null = null;
  const { server, record } = await serveHealth(runtime, () => lastPollAt);
  if (server)
    context.out(`parley: health on http://${runtime.config.server.host}:${server.port}/healthz and /metrics`);
  context.out(
    'parley: no chat tokens set: polling only (digests and chat delivery come with the next releases)',
  );
  const ticker = startPollTicker({
    poller: runtime.poller,
    log: runtime.log,
    onResult: record,
    onCycle: (results) => {
      lastPollAt = Date.now();
      if (results.length > 0) context.out(`parley: ${summarise(results).join('\n  ')}`);
    },
  });
  const retention = startRetentionTicker({
    pruner: runtime.pruner,
    days: runtime.config.retention.days,
    clock: systemClock,
    log: runtime.log,
  });
  retention.runOnce();
  const signal = await context.cli.stopSignal();
  context.out(`parley: ${signal} received, finishing the poll in flight`);
  await ticker.stop();
  await retention.stop();
  await server?.close();
}

export function registerStartCommand(program: Command, context: CommandContext): void {
  program
    .command('start')
    .description('run Parley: poll feeds on schedule and serve /healthz and /metrics until stopped')
    .action(() => context.withRuntime((runtime) => run(context, runtime)));
}
