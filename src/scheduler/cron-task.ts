import { schedule } from 'node-cron';
import type { Logger } from '../shared/logger.js';
import { cronLogger } from './cron-logger.js';

export type CronTask = {
  /** Stops the task (and its clock watch); a run in flight is the caller's to wait for. */
  destroy(): Promise<void>;
};

/**
 * How often the wall clock is compared with itself, and how far behind the last look it must be to count:
 * a clock set back by less than the two (35 s) only delays the ticks by as much, and is left alone.
 */
const watchEveryMs = 30_000;
const backToleranceMs = 5_000;

/**
 * A node-cron task that keeps ticking when the wall clock is set back. node-cron waits for the next slot
 * it computed before, by the wall clock: set back an hour (NTP correcting a clock that ran ahead, an
 * operator's `date -s`), a minute's tick waited an hour, and with it every poll and digest. A timer
 * (which runs by the monotonic clock) sees the wall clock go back and restarts the task, which plans its
 * next slot from the time now. A clock set ahead needs nothing: node-cron skips the slots in between
 * (each tick catches up from the database).
 */
export function scheduleCronTask(
  expression: string,
  run: () => unknown,
  options: { name: string; log: Logger; noOverlap?: boolean; suppressMissedWarning?: boolean },
): CronTask {
  const { name, log } = options;
  const task = schedule(expression, run, {
    name,
    noOverlap: options.noOverlap ?? false,
    logger: cronLogger(log, name),
    suppressMissedWarning: options.suppressMissedWarning ?? false,
  });
  let lastSeen = Date.now();
  const watch = setInterval(() => {
    const now = Date.now();
    // The timer ran watchEveryMs after the last look (or later, when the event loop was held): a wall
    // clock behind the last look went back by at least that much more.
    if (now < lastSeen - backToleranceMs) {
      log.warn(
        { task: name, back_s: Math.round((lastSeen + watchEveryMs - now) / 1000) },
        'the clock went back: the task plans its next run from the time now',
      );
      task.stop();
      task.start();
    }
    lastSeen = now;
  }, watchEveryMs);
  watch.unref();
  return {
    async destroy() {
      clearInterval(watch);
      await task.destroy();
    },
  };
}
