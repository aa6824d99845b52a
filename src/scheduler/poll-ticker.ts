import type { Logger } from '../shared/logger.js';
import { scheduleCronTask } from './cron-task.js';
import type { FeedPollResult, Poller } from './poll-feeds.js';

export type PollTicker = {
  /** Stops ticking and waits for the polls in flight, so that nothing is cut off half-stored. */
  stop(): Promise<void>;
};

/**
 * Polls due feeds now and then every minute. Each feed carries its own next-fetch time (interval,
 * backoff, Retry-After), so a minute tick is the resolution, not the polling interval.
 *
 * A cycle does not wait for the one before: a feed on a slow site (a fetch can take several timeouts,
 * its article pages more) would otherwise hold back every other feed's next read until it ends. Each
 * cycle reads the feeds due and not already being read (the poller skips those).
 */
export function startPollTicker(options: {
  poller: Poller;
  log: Logger;
  onResult?: (result: FeedPollResult) => void;
  /** After each cycle that did not fail, with the feeds it read. */
  onCycle?: (results: FeedPollResult[]) => void;
  /** After every cycle, also one that failed. */
  onSettled?: () => void;
  /**
   * Once, when the first cycle (the one at start) has ended, also if it failed. A later cycle ending
   * first says nothing: it skips the feeds the first is still reading.
   */
  onFirstCycle?: () => void;
}): PollTicker {
  const { poller, log } = options;
  const inFlight = new Set<Promise<void>>();
  const cycle = (): void => {
    // pollDue reads the due feeds before its first await: a database that fails there throws at once,
    // and that must end this cycle as a failed one, not the start (or, in node-cron's hands, skip onSettled).
    const run: Promise<void> = new Promise<FeedPollResult[]>((resolve) =>
      resolve(poller.pollDue(options.onResult)),
    )
      .then((results) => options.onCycle?.(results))
      .catch((error: unknown) => log.error({ err: error }, 'poll cycle failed'))
      .finally(() => {
        inFlight.delete(run);
        options.onSettled?.();
      });
    inFlight.add(run);
  };
  // Each feed keeps its own next fetch, so a minute missed (the machine slept) is read by the next cycle.
  const task = scheduleCronTask('* * * * *', cycle, { name: 'poll', log, suppressMissedWarning: true });
  cycle();
  const [first] = inFlight;
  // Not left unhandled: a rejection here (the console's first digest failing to read) ended the process.
  void first
    ?.then(() => options.onFirstCycle?.())
    .catch((error: unknown) => log.error({ err: error }, 'poll cycle failed'));
  return {
    async stop() {
      await task.destroy();
      await Promise.all(inFlight);
    },
  };
}
