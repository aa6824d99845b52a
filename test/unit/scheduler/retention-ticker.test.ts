import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemCutoffs, Pruner } from '../../../src/domain/ports.js';
import { startRetentionTicker } from '../../../src/scheduler/retention-ticker.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createLogger, createSilentLogger } from '../../../src/shared/logger.js';

const day = 86_400_000;
const now = Date.UTC(2026, 5, 1);

describe('startRetentionTicker', () => {
  const tickers: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const ticker of tickers.splice(0)) await ticker.stop();
  });

  /** The cut-offs one run passes to the pruner, or null when it prunes nothing. */
  async function cutoffsOf(
    days: number,
    maxItemAgeDays: number,
  ): Promise<{ before: number; items: ItemCutoffs } | null> {
    let seen: { before: number; items: ItemCutoffs } | null = null;
    const pruner: Pruner = {
      prune: async (before, items) => {
        seen = { before, items };
        return { items: 0, stories: 0, digests: 0 };
      },
    };
    const clock = createManualClock(now);
    const ticker = startRetentionTicker({ pruner, days, maxItemAgeDays, clock, log: createSilentLogger() });
    tickers.push(ticker);
    await ticker.runOnce();
    return seen;
  }

  it('keeps a day of margin past the first-fetch period and the ingest age limit', async () => {
    // A read in progress, a `parley poll` beside `parley start`, a clock set back by less than a day.
    expect(await cutoffsOf(90, 14)).toEqual({
      before: now - 90 * day,
      items: { unreadBefore: now - 15 * day, agedBefore: now - 15 * day },
    });
  });

  it('with no ingest age limit, reads a feed afresh after 30 days and remembers every dated key', async () => {
    expect(await cutoffsOf(7, 0)).toEqual({
      before: now - 7 * day,
      items: { unreadBefore: now - 31 * day, agedBefore: null },
    });
  });

  it('prunes nothing with retention.days 0', async () => {
    expect(await cutoffsOf(0, 14)).toBeNull();
  });

  it('stops a prune in progress when stopped, and resolves once it has ended (before the database closes)', async () => {
    let ended = false;
    const pruner: Pruner = {
      prune: async (_before, _items, signal) => {
        // A batch a turn until told to stop (a bounded wait, should no signal come).
        for (let batch = 0; batch < 1_000 && signal?.aborted !== true; batch += 1) await nextTurn();
        ended = true;
        return { items: 0, stories: 0, digests: 0 };
      },
    };
    const clock = createManualClock(now);
    const ticker = startRetentionTicker({
      pruner,
      days: 90,
      maxItemAgeDays: 14,
      clock,
      log: createSilentLogger(),
    });
    const run = ticker.runOnce();
    await nextTurn();
    expect(ended).toBe(false);
    await ticker.stop();
    expect(ended).toBe(true);
    await run;
  });

  it('says in the JSON log, not on the console, that a night’s prune was missed while the machine slept', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 5, 1, 2, 0) });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger({
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const pruner: Pruner = { prune: async () => ({ items: 0, stories: 0, digests: 0 }) };
    try {
      const ticker = startRetentionTicker({
        pruner,
        days: 90,
        maxItemAgeDays: 14,
        clock: createManualClock(now),
        log,
      });
      // Asleep from 02:00 to 05:00: the wall clock moves on, the timers do not.
      vi.setSystemTime(Date.UTC(2026, 5, 1, 5, 0));
      await vi.advanceTimersByTimeAsync(24 * 3_600_000);
      await ticker.stop();
      expect(warn).not.toHaveBeenCalled();
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          task: 'retention',
          msg: expect.stringContaining('missed execution'),
        }),
      );
    } finally {
      warn.mockRestore();
      vi.useRealTimers();
    }
  });
});
