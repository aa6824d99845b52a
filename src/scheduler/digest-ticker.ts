import { schedule } from 'node-cron';
import type { Logger } from '../shared/logger.js';
import type { DigestScheduler, TickResult } from './digest-scheduler.js';

/**
 * Checks for due digests now and at the start of every minute. node-cron only wakes us; which chats are
 * due is decided from the database (each chat's time zone, schedule and last slot), so a missed tick
 * or a restart loses nothing.
 */
export function startDigestTicker(options: {
  scheduler: DigestScheduler;
  log: Logger;
  onTick?: (result: TickResult) => void;
}): { stop(): Promise<void> } {
  const run = () => {
    try {
      options.onTick?.(options.scheduler.tick());
    } catch (error) {
      options.log.error({ err: error }, 'digest tick failed');
    }
  };
  // Second 5: just after the minute turns, so a 09:00 push is not decided at 08:59:59.9.
  const task = schedule('5 * * * * *', run, { name: 'digests', noOverlap: true });
  run();
  return {
    async stop() {
      await task.destroy();
    },
  };
}
