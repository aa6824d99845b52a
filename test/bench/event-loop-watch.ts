/**
 * How long a piece of async work held the event loop, for benches of work that shares the process with
 * the bots, the Slack app and /healthz.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export type Stalls = { eldMaxMs: number; probeMaxMs: number; p99GapMs: number; gaps: number };

/**
 * Runs `work` under two watches of the event loop: perf_hooks' delay histogram and a 1 ms interval
 * whose gaps are how long a timer (a bot update, an HTTP request) would have waited.
 */
export async function watchEventLoop<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; stalls: Stalls }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let gaps: number[] = [];
  let last = performance.now();
  let ended = Number.POSITIVE_INFINITY;
  const probe = setInterval(() => {
    const at = performance.now();
    // Only gaps that began while the work ran; the one that ends after it holds its last stretch.
    if (last < ended) gaps.push(at - last);
    last = at;
  }, 1);
  histogram.enable();
  await sleep(20);
  // reset() forgets when it last sampled, so the first stall after it would go unrecorded: let it sample again.
  histogram.reset();
  await sleep(5);
  gaps = [];
  last = performance.now();
  const started = performance.now();
  const value = await work();
  ended = performance.now();
  await sleep(5);
  histogram.disable();
  clearInterval(probe);
  const sorted = gaps.sort((a, b) => a - b);
  const p99GapMs = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? Number.NaN;
  const stalls = { eldMaxMs: histogram.max / 1e6, probeMaxMs: sorted.at(-1) ?? Number.NaN, p99GapMs };
  return { value, ms: ended - started, stalls: { ...stalls, gaps: sorted.length } };
}
