/** Sleeps that end early when woken: the pump naps between sends and must stop or react at once. */
export type Sleeper = {
  sleep(ms: number): Promise<void>;
  /** Ends every current sleep now. */
  wakeAll(): void;
};

export function createSleeper(): Sleeper {
  const sleeping = new Set<() => void>();
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sleeping.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        sleeping.add(done);
      });
    },
    wakeAll() {
      for (const done of [...sleeping]) done();
    },
  };
}
