import { schedule } from 'node-cron';
import type { Pruner } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

const day = 86_400_000;

/**
 * Prunes items and stories older than `days` now and every night; `days` 0 keeps everything. An item
 * goes only once its feed no longer lists it, or when its feed was not read for `unreadMs`, after which
 * the feed's next read is a first fetch (poll-feeds.ts firstFetchAfterMs): see Pruner.
 */
export function startRetentionTicker(options: {
  pruner: Pruner;
  days: number;
  unreadMs: number;
  clock: Clock;
  log: Logger;
}): {
  stop(): Promise<void>;
  runOnce(): { items: number; stories: number; digests: number };
} {
  const { pruner, days, unreadMs, clock, log } = options;
  const runOnce = () => {
    if (days <= 0) return { items: 0, stories: 0, digests: 0 };
    const now = clock.now();
    const removed = pruner.prune(now - days * day, now - unreadMs);
    if (removed.items + removed.stories + removed.digests > 0)
      log.info({ ...removed, retention_days: days }, 'pruned old items, stories and digests');
    return removed;
  };
  // 03:17 local: away from the hour, when digests and other cron jobs cluster.
  const task = schedule(
    '17 3 * * *',
    () => {
      try {
        runOnce();
      } catch (error) {
        log.error({ err: error }, 'retention failed');
      }
    },
    { name: 'retention', noOverlap: true },
  );
  return {
    runOnce,
    async stop() {
      await task.destroy();
    },
  };
}
