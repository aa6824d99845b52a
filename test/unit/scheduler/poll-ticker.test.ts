import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedPollResult, Poller } from '../../../src/scheduler/poll-feeds.js';
import { startPollTicker } from '../../../src/scheduler/poll-ticker.js';
import { createLogger, createSilentLogger } from '../../../src/shared/logger.js';

const minute = 60_000;

/** A poller whose cycles end only when the test says so. */
function heldPoller() {
  const pending: Array<() => void> = [];
  const poller: Poller = {
    pollFeeds: () => Promise.resolve([]),
    pollDue: () =>
      new Promise<FeedPollResult[]>((resolve) => {
        pending.push(() => resolve([]));
      }),
    oldestRead: () => null,
    placed: () => Promise.resolve(),
  };
  return { poller, started: () => pending.length, finish: (index: number) => pending[index]?.() };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('poll ticker', () => {
  it('starts a cycle every minute while an earlier one is still reading a slow feed', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: Date.UTC(2026, 10, 27, 9, 0, 30),
    });
    const held = heldPoller();
    let settled = 0;
    const ticker = startPollTicker({
      poller: held.poller,
      log: createSilentLogger(),
      onSettled: () => settled++,
    });
    expect(held.started()).toBe(1);
    await vi.advanceTimersByTimeAsync(3 * minute);
    expect(held.started()).toBe(4);
    held.finish(1);
    held.finish(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(2);
    let stopped = false;
    const stopping = ticker.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    // stop() waits for every cycle still in flight, not only the latest.
    expect(stopped).toBe(false);
    held.finish(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    held.finish(0);
    await stopping;
    expect(settled).toBe(4);
    await vi.advanceTimersByTimeAsync(2 * minute);
    expect(held.started()).toBe(4);
  });

  it('says the first cycle has ended only when that one has, not when a later cycle ends first', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: Date.UTC(2026, 10, 27, 9, 0, 30),
    });
    const held = heldPoller();
    let firstEnded = false;
    const ticker = startPollTicker({
      poller: held.poller,
      log: createSilentLogger(),
      onFirstCycle: () => {
        firstEnded = true;
      },
    });
    await vi.advanceTimersByTimeAsync(minute);
    // The minute's cycle skips the feeds the first is reading, and ends at once.
    held.finish(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(firstEnded).toBe(false);
    held.finish(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(firstEnded).toBe(true);
    await ticker.stop();
  });

  it('logs a first cycle whose follow-up throws (the console digest cannot read), and the process goes on', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    const { log, lines } = collectingLog();
    const poller: Poller = {
      pollFeeds: () => Promise.resolve([]),
      pollDue: () => Promise.resolve([]),
      oldestRead: () => null,
      placed: () => Promise.resolve(),
    };
    const ticker = startPollTicker({
      poller,
      log,
      onFirstCycle: () => {
        throw new Error('database is locked');
      },
    });
    try {
      await ticker.stop();
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Node 20 ends the process on an unhandled rejection, skipping the graceful stop.
      expect(unhandled).toEqual([]);
      expect(lines()).toContainEqual(
        expect.objectContaining({
          msg: 'poll cycle failed',
          err: expect.objectContaining({ message: 'database is locked' }),
        }),
      );
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('ends a cycle whose pollDue throws before its first await as a failed cycle, at start too', async () => {
    const { log, lines } = collectingLog();
    let settled = 0;
    let firstEnded = false;
    const poller: Poller = {
      pollFeeds: () => Promise.resolve([]),
      pollDue: () => {
        throw new Error('database disk image is malformed');
      },
      oldestRead: () => null,
      placed: () => Promise.resolve(),
    };
    const ticker = startPollTicker({
      poller,
      log,
      onSettled: () => settled++,
      onFirstCycle: () => {
        firstEnded = true;
      },
    });
    await ticker.stop();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(1);
    expect(firstEnded).toBe(true);
    expect(lines()).toContainEqual(expect.objectContaining({ msg: 'poll cycle failed' }));
  });

  it('writes no line for each minute a suspended machine missed, and none to the console', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: Date.UTC(2026, 10, 27, 9, 0, 30),
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { log, lines } = collectingLog();
    const poller: Poller = {
      pollFeeds: () => Promise.resolve([]),
      pollDue: () => Promise.resolve([]),
      oldestRead: () => null,
      placed: () => Promise.resolve(),
    };
    try {
      const ticker = startPollTicker({ poller, log });
      await vi.advanceTimersByTimeAsync(minute);
      // A laptop asleep for an hour: the wall clock moves on, the timers do not.
      vi.setSystemTime(Date.now() + 60 * minute);
      await vi.advanceTimersByTimeAsync(minute);
      await ticker.stop();
      expect(warn).not.toHaveBeenCalled();
      expect(lines().filter((line) => String(line['msg']).includes('missed execution'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  // Review: node-cron waits for the slot it planned by the wall clock, so a clock set back an hour (NTP
  // correcting one that ran ahead) held every poll for that hour.
  it('goes on polling every minute when the clock is set back', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      now: Date.UTC(2026, 10, 27, 9, 0, 30),
    });
    const { log, lines } = collectingLog();
    let cycles = 0;
    const poller: Poller = {
      pollFeeds: () => Promise.resolve([]),
      pollDue: () => {
        cycles++;
        return Promise.resolve([]);
      },
      oldestRead: () => null,
      placed: () => Promise.resolve(),
    };
    const ticker = startPollTicker({ poller, log });
    try {
      await vi.advanceTimersByTimeAsync(2 * minute);
      expect(cycles).toBe(3);
      vi.setSystemTime(Date.now() - 60 * minute);
      await vi.advanceTimersByTimeAsync(3 * minute);
      expect(cycles).toBeGreaterThanOrEqual(5);
      expect(lines()).toContainEqual(expect.objectContaining({ task: 'poll', back_s: 3600, level: 40 }));
    } finally {
      await ticker.stop();
    }
  });
});

/** A JSON logger whose lines the test reads. */
function collectingLog() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { log, lines: () => lines };
}
