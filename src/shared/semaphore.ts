/** A counting semaphore: at most `limit` tasks run at once; the rest wait in FIFO order. */
export type Semaphore = {
  run<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Runs the task when a slot frees within `waitMs`; otherwise gives up its place in the queue and
   * runs `instead` (at once, without a slot).
   */
  runWithin<T>(waitMs: number, task: () => Promise<T>, instead: () => Promise<T>): Promise<T>;
};

export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  // A freed slot passes straight to the first waiter: were it counted free until the waiter woke, a
  // task arriving meanwhile would take it too.
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) active -= 1;
    else next();
  };
  const runHeld = async <T>(task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } finally {
      release();
    }
  };
  return {
    async run(task) {
      if (active < limit) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      return runHeld(task);
    },
    async runWithin(waitMs, task, instead) {
      if (active < limit) {
        active += 1;
        return runHeld(task);
      }
      const got = await new Promise<boolean>((resolve) => {
        const turn = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(turn), 1);
          resolve(false);
        }, waitMs);
        waiting.push(turn);
      });
      return got ? runHeld(task) : instead();
    },
  };
}
