import type { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

/** A failure no retry can mend (a refused token, a webhook URL Telegram will not take), with its log message. */
export type Refusal = { error: AppError; message: string };

export type KeptTrying = {
  /** Settles after the first try: the refusal when that try was refused, else null. */
  first: Promise<Refusal | null>;
  /** Settles when it is over: success, refusal or stop(). */
  done: Promise<void>;
  stop(): void;
};

/** Resolves after `delay`, or at once when the returned wake() is called. */
function pause(delay: number): { slept: Promise<void>; wake(): void } {
  let wake = (): void => {};
  const slept = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, delay);
    timer.unref();
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { slept, wake };
}

/**
 * Runs `task` until it succeeds or stop(), trying again after a failure (retryMs.first doubling, at
 * most retryMs.max; from retryMs.first again after a try that lasted retryMs.max or longer). A failure
 * `refused` recognises is logged (error) and not retried: retrying it forever only hides that the
 * operator has something to fix.
 */
export function keepTrying(
  task: () => Promise<void>,
  options: {
    failed: string;
    refused: (error: unknown) => Refusal | null;
    log: Logger;
    retryMs: { first: number; max: number };
  },
): KeptTrying {
  const { log, retryMs } = options;
  let stopped = false;
  let wake = (): void => {};
  let tried: (refusal: Refusal | null) => void = () => {};
  const first = new Promise<Refusal | null>((resolve) => {
    tried = resolve;
  });
  const run = async (): Promise<void> => {
    for (let delay = retryMs.first; !stopped; delay = Math.min(delay * 2, retryMs.max)) {
      const began = Date.now();
      try {
        await task();
        return;
      } catch (error) {
        if (stopped) return;
        // A try that ran longer than the longest wait worked for a while (polling for hours, then a 409):
        // its failure is a new one, waited for from the start, not after the failures of hours before.
        if (Date.now() - began >= retryMs.max) delay = retryMs.first;
        const refusal = options.refused(error);
        if (refusal !== null) {
          log.error({ err: error, reason: refusal.error.message }, refusal.message);
          tried(refusal);
          return;
        }
        log.error({ err: error, retry_in_ms: delay }, options.failed);
        tried(null);
        const paused = pause(delay);
        wake = paused.wake;
        await paused.slept;
      }
    }
  };
  const done = run().finally(() => tried(null));
  return {
    first,
    done,
    stop: () => {
      stopped = true;
      wake();
    },
  };
}
