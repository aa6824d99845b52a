/**
 * Story clustering: throughput at 10k and 100k items (the window must keep growth near-linear),
 * bytes per item in the window (counted and, with --expose-gc, measured), and B-cubed agreement with
 * the synthetic truth as a sanity check (quality on real items belongs to `npm run eval`).
 */
import { createStoryIndex, defaultClusterOptions } from '../../src/analysis/cluster.js';
import { type SyntheticItem, syntheticItems } from './analysis-cluster-data.js';

const HOUR = 3_600_000;
const EVICT_EVERY = 500;
const ROUNDS = 3;

type Run = {
  ms: number;
  storyOf: Int32Array;
  truth: Int32Array;
  stories: number;
  windowItems: number;
  bytes: number;
};

/**
 * Items are generated in batches of EVICT_EVERY (as a poll would deliver them) and only the index
 * calls are timed: holding 100k pre-generated items would make the benchmark measure its own heap.
 */
function cluster(count: number): Run {
  const index = createStoryIndex(defaultClusterOptions);
  const windowMs = defaultClusterOptions.windowHours * HOUR;
  const storyOf = new Int32Array(count);
  const truth = new Int32Array(count);
  const source = syntheticItems(count);
  let ms = 0;
  for (let done = 0; done < count; ) {
    const batch: SyntheticItem[] = [];
    for (let next = source.next(); batch.length < EVICT_EVERY && !next.done; ) {
      batch.push(next.value);
      if (batch.length < EVICT_EVERY) next = source.next();
    }
    const started = performance.now();
    index.evict((batch[0]?.publishedAt ?? 0) - windowMs);
    for (const item of batch) storyOf[done++] = index.add(item).storyId;
    ms += performance.now() - started;
    batch.forEach((item, i) => {
      truth[done - batch.length + i] = item.story;
    });
  }
  const stats = index.stats();
  return { ms, storyOf, truth, stories: stats.stories, windowItems: stats.items, bytes: stats.bytesEstimate };
}

/** B-cubed precision and recall (Bagga & Baldwin 1998) of the clusters against the planned stories. */
function bcubed(run: Run): [number, number] {
  const pairs = new Map<string, number>();
  const predicted = new Map<number, number>();
  const planned = new Map<number, number>();
  for (let i = 0; i < run.storyOf.length; i++) {
    const story = run.storyOf[i] ?? -1;
    const truth = run.truth[i] ?? -1;
    const key = `${story}:${truth}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function gc(): (() => void) | null {
  const candidate = (globalThis as { gc?: unknown }).gc;
  return typeof candidate === 'function' ? () => candidate() : null;
}

/** Bytes the index holds, measured after a full GC, items streamed so that only the index keeps them. */
function measuredBytes(count: number): { bytes: number; windowItems: number; estimate: number } | null {
  const collect = gc();
  if (!collect) return null;
  collect();
  const before = process.memoryUsage();
  const index = createStoryIndex(defaultClusterOptions);
  const windowMs = defaultClusterOptions.windowHours * HOUR;
  let i = 0;
  for (const item of syntheticItems(count)) {
    if (i++ % EVICT_EVERY === 0) index.evict(item.publishedAt - windowMs);
    index.add(item);
  }
  collect();
  const after = process.memoryUsage();
  const bytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  const stats = index.stats();
  return { bytes, windowItems: stats.items, estimate: stats.bytesEstimate };
}

export async function runClusterBench(): Promise<void> {
  const sizes = [10_000, 100_000];
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
    const ms = median(times.get(n) ?? []);
    const run = last.get(n);
    if (!run) continue;
    const [p, r] = bcubed(run);
    const f1 = (2 * p * r) / (p + r);
    const line =
      `cluster ${n} items: ${ms.toFixed(0)} ms, ${Math.round(n / (ms / 1000))} items/s, ` +
      `${((ms * 1000) / n).toFixed(1)} µs/item; window ${run.windowItems} items in ${run.stories} stories, ` +
      `~${Math.round(run.bytes / run.windowItems)} B/item counted; synthetic B-cubed P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${f1.toFixed(3)}\n`;
    process.stdout.write(line);
  }
  const ratio = median(times.get(100_000) ?? []) / median(times.get(10_000) ?? []);
  process.stdout.write(`cluster growth: time(100k) / time(10k) = ${ratio.toFixed(2)} (target ≤ 12)\n`);
  const memory = measuredBytes(100_000);
  process.stdout.write(
    memory
      ? `cluster memory after 100k: ${Math.round(memory.bytes / memory.windowItems)} B/item measured ` +
          `(heapUsed + arrayBuffers after gc), ${Math.round(memory.estimate / memory.windowItems)} B/item counted, ` +
          `${memory.windowItems} items in the window (target ≤ 1024)\n`
      : 'cluster memory: run node with --expose-gc to measure heap bytes per item\n',
  );
}
