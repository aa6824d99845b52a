import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemCutoffs, Pruner } from '../../../src/domain/ports.js';
import { startRetentionTicker } from '../../../src/scheduler/retention-ticker.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';

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
});
