import type { Pruner } from '../domain/ports.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { scheduleCronTask } from './cron-task.js';
import { firstFetchAfterMs } from './poll-feeds.js';

const day = 86_400_000;

type Removed = { items: number; stories: number; digests: number };

/**
 * Prunes items and stories older than `days` now and every night; `days` 0 keeps everything. An item
 * goes only once its feed no longer lists it, or when its feed was not read for so long that its next
 * read is a first fetch (poll-feeds.ts firstFetchAfterMs, by `maxItemAgeDays`); the key of a dated one
 * is remembered until ingest would skip it as too old. Both cut-offs keep a day's margin: a read in
 * progress, a `parley poll` beside `parley start`, a clock set back. See Pruner. `stop` ends a run in
 * progress after its current batch, before the database is closed.
 */
export function startRetentionTicker(options: {
  pruner: Pruner;
  days: number;
  maxItemAgeDays: number;
  clock: Clock;
  log: Logger;
}): {
  stop(): Promise<void>;
  runOnce(): Promise<Removed>;
} {
  const { pruner, days, maxItemAgeDays, clock, log } = options;
  const stopped = new AbortController();
  const inFlight = new Set<Promise<Removed>>();
  const prune = async (): Promise<Removed> => {
    if (days <= 0) return { items: 0, stories: 0, digests: 0 };
    const now = clock.now();
    const cutoffs = {
      unreadBefore: now - firstFetchAfterMs(maxItemAgeDays) - day,
      agedBefore: maxItemAgeDays > 0 ? now - maxItemAgeDays * day - day : null,
    };
    const removed = await pruner.prune(now - days * day, cutoffs, stopped.signal);
    if (removed.items + removed.stories + removed.digests > 0)
      log.info({ ...removed, retention_days: days }, 'pruned old items, stories and digests');
    return removed;
  };
  const runOnce = (): Promise<Removed> => {
    const run = prune();
    inFlight.add(run);
    const forget = () => inFlight.delete(run);
    run.then(forget, forget);
    return run;
  };
  // 03:17 local: away from the hour, when digests and other cron jobs cluster.
  const task = scheduleCronTask(
    '17 3 * * *',
    () => runOnce().catch((error: unknown) => log.error({ err: error }, 'retention failed')),
    // A night missed (the machine slept through 03:17) is worth its one line: that prune waits a day.
    { name: 'retention', log, noOverlap: true },
  );
  return {
    runOnce,
    async stop() {
      stopped.abort();
      await task.destroy();
      await Promise.allSettled(inFlight);
    },
  };
}
