import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedPollResult, Poller } from '../../../src/scheduler/poll-feeds.js';
import { startPollTicker } from '../../../src/scheduler/poll-ticker.js';
import { createSilentLogger } from '../../../src/shared/logger.js';

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
});
