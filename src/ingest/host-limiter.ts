import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export type LimiterOptions = {
  /** Tasks running at once, over all hosts. */
  concurrency: number;
  /** Tasks running at once for one host. */
  perHostConcurrency: number;
  /** Minimum time between the starts of two tasks for the same host. */
  perHostIntervalMs: number;
};

export type Limiter = { run<T>(host: string, task: () => Promise<T>): Promise<T> };

type Slots = { acquire(): Promise<() => void>; idle(): boolean };

/** A counting semaphore whose slots are released by the holder; waiters are served in FIFO order. */
function createSlots(limit: number): Slots {
  let active = 0;
  const waiting: Array<(release: () => void) => void> = [];
  const grant = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next) next(grant());
      else active -= 1;
    };
  };
  return {
    acquire() {
      if (active < limit) {
        active += 1;
        return Promise.resolve(grant());
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    idle: () => active === 0 && waiting.length === 0,
  };
}

type HostState = { slots: Slots; startGate: Slots; lastStartAt: number };

/**
 * Global concurrency + per-host concurrency + per-host spacing of starts (politeness). A task first
 * takes its host's slot, then the global one, so a task queued behind a busy host holds no global slot.
 * Intervals use the monotonic clock: a wall-clock jump must not stall or burst a host.
 */
export function createLimiter(options: LimiterOptions): Limiter {
  const global = createSlots(Math.max(1, options.concurrency));
  const hosts = new Map<string, HostState>();
  const interval = Math.max(0, options.perHostIntervalMs);

  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) {
      state = {
        slots: createSlots(Math.max(1, options.perHostConcurrency)),
        startGate: createSlots(1),
        lastStartAt: -Infinity,
      };
      hosts.set(host, state);
    }
    return state;
  };

  const forgetWhenIdle = (host: string, state: HostState): void => {
    if (!state.slots.idle() || hosts.get(host) !== state) return;
    const wait = state.lastStartAt + interval - performance.now();
    if (wait <= 0) hosts.delete(host);
    else setTimeout(() => forgetWhenIdle(host, state), wait).unref();
  };

  // One task per host at a time passes the start gate, so spacing holds at the moment the task starts.
  const start = async (state: HostState): Promise<() => void> => {
    const releaseGate = await state.startGate.acquire();
    try {
      // Timers run on libuv's cached millisecond clock and may fire a little early: re-check.
      for (let wait = state.lastStartAt + interval - performance.now(); wait > 0; ) {
        await sleep(Math.ceil(wait));
        wait = state.lastStartAt + interval - performance.now();
      }
      const releaseGlobal = await global.acquire();
      state.lastStartAt = performance.now();
      return releaseGlobal;
    } finally {
      releaseGate();
    }
  };

  return {
    async run<T>(host: string, task: () => Promise<T>): Promise<T> {
      const state = stateOf(host);
      const releaseHost = await state.slots.acquire();
      try {
        const releaseGlobal = await start(state);
        try {
          return await task();
        } finally {
          releaseGlobal();
        }
      } finally {
        releaseHost();
        forgetWhenIdle(host, state);
      }
    },
  };
}
