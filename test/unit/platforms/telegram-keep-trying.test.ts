import { describe, expect, it } from 'vitest';
import { keepTrying } from '../../../src/platforms/telegram/keep-trying.js';
import { createSilentLogger } from '../../../src/shared/logger.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('keepTrying', () => {
  it('starts the backoff afresh after a try that ran for a while (polling that worked, then a 409)', async () => {
    const starts: number[] = [];
    let longTryEnded = 0;
    const kept = keepTrying(
      async () => {
        starts.push(Date.now());
        // Six quick failures (another poller, say) grow the delay to 640 ms; the seventh try runs past
        // the maximum (polling that worked for hours) and then fails once; the eighth succeeds.
        if (starts.length === 7) {
          await sleep(1_100);
          longTryEnded = Date.now();
        }
        if (starts.length <= 7) throw new Error('Conflict: terminated by other getUpdates request');
      },
      {
        failed: 'failed',
        refused: () => null,
        log: createSilentLogger(),
        retryMs: { first: 20, max: 1_000 },
      },
    );
    await kept.done;
    // The restart after the long run waits the first delay (20 ms), not the maximum (1 s): half a second
    // of margin for a loaded machine's late timers.
    expect(starts).toHaveLength(8);
    expect((starts[7] ?? Number.POSITIVE_INFINITY) - longTryEnded).toBeLessThan(500);
  });
});
