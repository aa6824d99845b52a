import { schedule } from 'node-cron';
import type { Logger } from '../shared/logger.js';
import type { FeedPollResult, Poller } from './poll-feeds.js';

export type PollTicker = {
  /** Stops ticking and waits for the poll in flight, so that nothing is cut off half-stored. */
  stop(): Promise<void>;
};

/**
 * Polls due feeds now and then every minute. Each feed carries its own next-fetch time (interval,
 * backoff, Retry-After), so a minute tick is the resolution, not the polling interval.
 */
export function startPollTicker(options: {
  poller: Poller;
  log: Logger;
  onResult?: (result: FeedPollResult) => void;
  onCycle?: (results: FeedPollResult[]) => void;
  /** After every cycle, also one that failed. */
  onSettled?: () => void;
}): PollTicker {
  const { poller, log } = options;
  let inFlight: Promise<void> | null = null;
  const cycle = (): Promise<void> => {
    if (inFlight) return inFlight;
    inFlight = poller
      .pollDue(options.onResult)
      .then((results) => options.onCycle?.(results))
      .catch((error: unknown) => log.error({ err: error }, 'poll cycle failed'))
      .finally(() => {
        inFlight = null;
        options.onSettled?.();
      });
    return inFlight;
  };
  const task = schedule('* * * * *', () => cycle(), { name: 'poll', noOverlap: true });
  void cycle();
  return {
    async stop() {
      await task.destroy();
      await inFlight;
    },
  };
}
