import type { Logger } from '../shared/logger.js';
import { scheduleCronTask } from './cron-task.js';
import type { DigestScheduler, TickResult } from './digest-scheduler.js';

export type DigestTicker = {
  /** Stops ticking and waits for the tick in flight, so that no digest is left half-decided at exit. */
  stop(): Promise<void>;
};

/**
 * Checks for due digests now and at the start of every minute. node-cron only wakes us; which chats are
 * due is decided from the database (each chat's time zone, schedule and last slot), so a missed tick
 * or a restart loses nothing.
 */
export function startDigestTicker(options: {
  scheduler: DigestScheduler;
  log: Logger;
  onTick?: (result: TickResult) => void;
  /**
   * The first tick waits for this (the first poll after a start): a digest that fell due while Parley
   * was down is composed once the feeds have been read, with the stories published meanwhile. Until
   * then the minutes pass without a tick.
   */
  after?: Promise<unknown>;
}): DigestTicker {
  const { scheduler, log } = options;
  let inFlight: Promise<void> | null = null;
  let ready = options.after === undefined;
  // One tick at a time (a tick yields to the event loop, so two could interleave). node-cron's noOverlap
  // skips a minute while the promise returned for the previous one is pending
  // (https://nodecron.com/scheduling-options), but it does not know the tick at start; a skipped minute
  // is caught up by the next tick, since the slot stays due.
  const run = (): Promise<void> => {
    if (!ready) return Promise.resolve();
    inFlight ??= scheduler
      .tick()
      .then((result) => options.onTick?.(result))
      .catch((error: unknown) => log.error({ err: error }, 'digest tick failed'))
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  // Second 5: just after the minute turns, so a 09:00 push is not decided at 08:59:59.9.
  // A minute missed (the machine slept, the event loop was held) is caught up by the next tick: after a
  // night's suspend, one warning per minute would flood the log.
  const task = scheduleCronTask('5 * * * * *', run, {
    name: 'digests',
    log,
    noOverlap: true,
    suppressMissedWarning: true,
  });
  let stopped = false;
  if (options.after === undefined) void run();
  else {
    const begin = () => {
      ready = true;
      if (!stopped) void run();
    };
    void options.after.then(begin, begin);
  }
  return {
    async stop() {
      stopped = true;
      await task.destroy();
      await inFlight;
    },
  };
}
