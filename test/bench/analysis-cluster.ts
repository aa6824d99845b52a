/**
 * Story clustering: throughput at 10k and 100k items (the window must keep growth near-linear),
 * bytes per item in the window (counted, and measured when node runs with --expose-gc), and B-cubed
 * agreement with the synthetic truth as a sanity check (quality on real items is `npm run eval`'s).
 *
 * Items arrive at PER_DAY relevant items a day (clustering only sees items about peace talks, a
 * fraction of the thousands polled), so both runs spend most of their time with a full window.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStoryIndex, defaultClusterOptions } from '../../src/analysis/cluster.js';
import { type SyntheticItem, syntheticItems } from './analysis-cluster-data.js';

const HOUR = 3_600_000;
const PER_DAY = 2000;
const BATCH = 500;
const ROUNDS = 5;

type Run = {
  ms: number;
  /** Time of each successive 10k items: flat when the cost per item does not grow with the run. */
  chunks: number[];
  storyOf: Int32Array;
  truth: Int32Array;
  stories: number;
  windowItems: number;
  bytes: number;
};

function nextBatch(source: Generator<SyntheticItem>): SyntheticItem[] {
  const batch: SyntheticItem[] = [];
  for (let next = source.next(); !next.done; next = source.next()) {
    batch.push(next.value);
    if (batch.length === BATCH) break;
  }
  return batch;
}

/**
 * Items are generated in batches (as a poll delivers them) and only the index calls are timed:
 * holding 100k pre-generated items would make the benchmark measure its own heap. The window
 * slides before each batch, as `parley poll` would do.
 */
function cluster(count: number): Run {
  const index = createStoryIndex(defaultClusterOptions);
  const windowMs = defaultClusterOptions.windowHours * HOUR;
  const storyOf = new Int32Array(count);
  const truth = new Int32Array(count);
  const source = syntheticItems(count, PER_DAY);
  let ms = 0;
  const chunks: number[] = [];
  for (let done = 0; done < count; ) {
    const batch = nextBatch(source);
    const started = performance.now();
    index.evict((batch[0]?.publishedAt ?? 0) - windowMs);
    for (const item of batch) storyOf[done++] = index.add(item).storyId;
    const spent = performance.now() - started;
    ms += spent;
    if ((done - batch.length) % 10_000 === 0) chunks.push(0);
    chunks[chunks.length - 1] = (chunks.at(-1) ?? 0) + spent;
    batch.forEach((item, i) => {
      truth[done - batch.length + i] = item.story;
    });
  }
  const stats = index.stats();
  return {
    ms,
    chunks,
    storyOf,
    truth,
    stories: stats.stories,
    windowItems: stats.items,
    bytes: stats.bytesEstimate,
  };
}

/** B-cubed precision and recall (Bagga & Baldwin 1998) of the clusters against the planned stories. */
function bcubed(run: Run): [number, number] {
  const pairs = new Map<string, number>();
  const predicted = new Map<number, number>();
  const planned = new Map<number, number>();
  for (let i = 0; i < run.storyOf.length; i++) {
    const story = run.storyOf[i] ?? -1;
    const truth = run.truth[i] ?? -1;
    pairs.set(`${story}:${truth}`, (pairs.get(`${story}:${truth}`) ?? 0) + 1);
    predicted.set(story, (predicted.get(story) ?? 0) + 1);
    planned.set(truth, (planned.get(truth) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const [key, both] of pairs) {
    const [story, truth] = key.split(':').map(Number);
    precision += (both * both) / (predicted.get(story ?? -1) ?? 1);
    recall += (both * both) / (planned.get(truth ?? -1) ?? 1);
  }
  return [precision / run.storyOf.length, recall / run.storyOf.length];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * A full collection, for the memory figure: node's `gc` when run with --expose-gc, else the flag is
 * set now and `gc` taken from a fresh context (V8 installs it in contexts created after the flag).
 * Only this bench asks for it, so the other benches' figures (the ingest bench's peak RSS) are those
 * of a plain node.
 */
function gc(): (() => void) | null {
  const candidate = (globalThis as { gc?: unknown }).gc;
  if (typeof candidate === 'function') return () => candidate();
  v8.setFlagsFromString('--expose-gc');
  const fresh: unknown = runInNewContext('gc');
  return typeof fresh === 'function' ? () => fresh() : null;
}

/** Heap and array-buffer bytes held by an index after 100k items, measured after full collections. */
function measuredBytes(count: number): { bytes: number; windowItems: number; estimate: number } | null {
  const collect = gc();
  if (!collect) return null;
  const settle = (): NodeJS.MemoryUsage => {
    collect();
    collect();
    return process.memoryUsage();
  };
  const before = settle();
  const index = createStoryIndex(defaultClusterOptions);
  const windowMs = defaultClusterOptions.windowHours * HOUR;
  const source = syntheticItems(count, PER_DAY);
  for (let batch = nextBatch(source); batch.length > 0; batch = nextBatch(source)) {
    index.evict((batch[0]?.publishedAt ?? 0) - windowMs);
    for (const item of batch) index.add(item);
  }
  const after = settle();
  const stats = index.stats();
  const bytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  return { bytes, windowItems: stats.items, estimate: stats.bytesEstimate };
}

function report(n: number, times: readonly number[], run: Run): string {
  const ms = median(times);
  const [p, r] = bcubed(run);
  return (
    `cluster ${n} items: ${ms.toFixed(0)} ms, ${Math.round(n / (ms / 1000))} items/s, ` +
    `${((ms * 1000) / n).toFixed(1)} µs/item; window ${run.windowItems} items in ${run.stories} stories, ` +
    `~${Math.round(run.bytes / run.windowItems)} B/item counted; ` +
    `synthetic B-cubed P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${((2 * p * r) / (p + r)).toFixed(3)}\n`
  );
}

export async function runClusterBench(): Promise<void> {
  const sizes = [10_000, 100_000];
  cluster(10_000); // warm-up: the first thousands of items run before the JIT has optimised anything
  const times = new Map<number, number[]>(sizes.map((n) => [n, []]));
  const last = new Map<number, Run>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of sizes) {
      const run = cluster(n);
      times.get(n)?.push(run.ms);
      last.set(n, run);
    }
  }
  for (const n of sizes) {
    const run = last.get(n);
    if (run) process.stdout.write(report(n, times.get(n) ?? [], run));
  }
  const small = times.get(10_000) ?? [];
  const large = times.get(100_000) ?? [];
  const ratio = median(large) / median(small);
  // Each round's own ratio, to show the noise: the 10k run takes about 0.2 s on this machine.
  const rounds = large.map((ms, i) => ms / (small[i] ?? ms));
  // The 10k run spends its first 6k items (three days at PER_DAY) filling the window, cheaper than a
  // full one: that, not a cost growing with the run, puts the ratio above 10. The chunks show it.
  const chunks = last.get(100_000)?.chunks ?? [];
  process.stdout.write(
    `cluster growth: time(100k) / time(10k) = ${ratio.toFixed(2)} (target ≤ 12; ` +
      `the ${rounds.length} rounds alone ${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)}); ` +
      `each 10k of the last 100k run: ${chunks.map((c) => c.toFixed(0)).join(' ')} ms\n`,
  );
  const memory = measuredBytes(100_000);
  process.stdout.write(
    memory
      ? `cluster memory after 100k: ${Math.round(memory.bytes / memory.windowItems)} B/item measured ` +
          `(heapUsed + arrayBuffers after gc), ${Math.round(memory.estimate / memory.windowItems)} B/item ` +
          `counted, ${memory.windowItems} items in the window (target ≤ 1024)\n`
      : 'cluster memory: run node with --expose-gc to measure heap bytes per item\n',
  );
}
