import { classOf, classSize, createBlocks, resized } from './cluster-blocks.js';
import { type SparseVector, sliceDot, vectorNorm } from './cluster-vectors.js';

/** Keys a merge added to a pooled vector, and keys whose posting flag it turned on. */
export type MergeResult = { added: number[]; posted: number[] };

/**
 * Story vectors in one arena (int32 key + float32 weight whose sign bit is the posted flag + uint16
 * count of the merged vectors that had the key, for the vocabulary's item frequencies; a count that
 * reaches 65,535 is kept in a map beside the arena, by handle and key). A vector
 * is a handle to a block of one of a few sizes (size classes with free lists, so evicted stories'
 * blocks are reused); entries are sorted by key.
 */
export type VectorPool = {
  create(): number;
  free(handle: number): void;
  length(handle: number): number;
  norm(handle: number): number;
  /** Adds `scale × v`; new keys and newly posted keys (v.flags) are appended to `result`. */
  merge(handle: number, v: SparseVector, scale: number, result: MergeResult): void;
  /** The dot product with `v`; `out.shared` gets the number of shared keys. */
  dot(handle: number, v: SparseVector, out: { shared: number }): number;
  /** The dot product of two pooled vectors. */
  dotPooled(a: number, b: number): number;
  /** Calls `visit(key, posted, count)` for every entry; `count`: the merges that brought the key. */
  forEach(handle: number, visit: (key: number, posted: boolean, count: number) => void): void;
  /** Bytes held by the arena and the handle table. */
  bytes(): number;
};

const ENTRY_BYTES = 10;
// A count past what an entry holds: the entry says so, the map has it.
const COUNT_MAX = 0xffff;
const OVERFLOW_ENTRY_BYTES = 40;
const HANDLE_BYTES = 17;
// Blocks freed by evicted stories are reused only by blocks of their size class: as the mix of sizes
// drifts, free blocks pile up. Past this share of the arena, the live blocks are moved together.
const COMPACT_FREE_SHARE = 0.125;
const FREE_HANDLE = -1;

export function createVectorPool(initialEntries = 1 << 14): VectorPool {
  let keys = new Int32Array(initialEntries);
  // The sign bit of a stored weight is the posted flag (weights are positive): 8 bytes an entry.
  let weights = new Float32Array(initialEntries);
  let counts = new Uint16Array(initialEntries);
  const overflow = new Map<number, number>();
  const overflowKey = (h: number, key: number): number => h * 0x1_0000_0000 + (key >>> 0);
  /** The count of entry `i` of handle `h`'s block. */
  const countAt = (h: number, i: number): number => {
    const count = counts[i] ?? 0;
    return count < COUNT_MAX ? count : (overflow.get(overflowKey(h, keys[i] ?? 0)) ?? COUNT_MAX);
  };
  const setCount = (h: number, i: number, count: number): void => {
    if (count >= COUNT_MAX) overflow.set(overflowKey(h, keys[i] ?? 0), count);
    counts[i] = Math.min(count, COUNT_MAX);
  };
  let offset = new Int32Array(1024);
  let sizeClass = new Int8Array(1024);
  let used = new Int32Array(1024);
  let norms = new Float64Array(1024);
  let handles = 0;
  const freeHandles: number[] = [];
  const blocks = createBlocks(initialEntries, (capacity) => {
    keys = resized(keys, capacity);
    weights = resized(weights, capacity);
    counts = resized(counts, capacity);
  });

  /** Moves the live blocks to the arena's start, in offset order, leaving no free block. */
  const compact = (): void => {
    const live: number[] = [];
    for (let h = 0; h < handles; h++) if (sizeClass[h] !== FREE_HANDLE) live.push(h);
    live.sort((a, b) => (offset[a] ?? 0) - (offset[b] ?? 0));
    let top = 0;
    for (const h of live) {
      const from = offset[h] ?? 0;
      const size = classSize(sizeClass[h] ?? 0);
      if (from !== top) {
        const n = used[h] ?? 0;
        keys.copyWithin(top, from, from + n);
        weights.copyWithin(top, from, from + n);
        counts.copyWithin(top, from, from + n);
        offset[h] = top;
      }
      top += size;
    }
    blocks.restart(top);
  };

  const growHandles = (): void => {
    const size = offset.length * 2;
    offset = resized(offset, size);
    sizeClass = resized(sizeClass, size);
    used = resized(used, size);
    norms = resized(norms, size);
  };

  const countNew = (at: number, n: number, v: SparseVector): number => {
    let fresh = 0;
    let i = at;
    const end = at + n;
    for (let j = 0; j < v.length; j++) {
      const key = v.keys[j] ?? 0;
      while (i < end && (keys[i] ?? 0) < key) i++;
      if (i >= end || keys[i] !== key) fresh++;
    }
    return fresh;
  };

  /** Merges backwards from the ends so that the target may be the source block itself. */
  const mergeInto = (
    h: number,
    src: number,
    n: number,
    dst: number,
    total: number,
    v: SparseVector,
    scale: number,
    r: MergeResult,
  ): void => {
    let i = n - 1;
    let j = v.length - 1;
    let k = dst + total - 1;
    while (j >= 0) {
      const b = v.keys[j] ?? 0;
      const a = i >= 0 ? (keys[src + i] ?? 0) : -1;
      if (a > b) {
        keys[k] = a;
        counts[k] = counts[src + i] ?? 0;
        weights[k--] = weights[src + i--] ?? 0;
        continue;
      }
      const count = a === b ? countAt(h, src + i) : 0;
      const stored = a === b ? (weights[src + i--] ?? 0) : 0;
      const posted = stored < 0 || (v.flags[j] ?? 0) === 1;
      const weight = Math.abs(stored) + scale * (v.weights[j--] ?? 0);
      if (a !== b) r.added.push(b);
      if (posted && !(stored < 0)) r.posted.push(b);
      keys[k] = b;
      setCount(h, k, count + 1);
      weights[k--] = posted ? -weight : weight;
    }
    for (; i >= 0; i--, k--) {
      keys[k] = keys[src + i] ?? 0;
      counts[k] = counts[src + i] ?? 0;
      weights[k] = weights[src + i] ?? 0;
    }
  };

  return {
    create() {
      let h = freeHandles.pop();
      if (h === undefined) {
        h = handles++;
        if (h >= offset.length) growHandles();
      }
      offset[h] = blocks.alloc(0);
      sizeClass[h] = 0;
      used[h] = 0;
      norms[h] = 0;
      return h;
    },
    free(h) {
      if (overflow.size > 0) {
        const at = offset[h] ?? 0;
        for (let i = at; i < at + (used[h] ?? 0); i++)
          if (counts[i] === COUNT_MAX) overflow.delete(overflowKey(h, keys[i] ?? 0));
      }
      blocks.free(offset[h] ?? 0, sizeClass[h] ?? 0);
      used[h] = 0;
      sizeClass[h] = FREE_HANDLE;
      freeHandles.push(h);
      if (blocks.freeEntries() > blocks.capacity() * COMPACT_FREE_SHARE) compact();
    },
    length: (h) => used[h] ?? 0,
    norm: (h) => norms[h] ?? 0,
    merge(h, v, scale, r) {
      const src = offset[h] ?? 0;
      const n = used[h] ?? 0;
      const total = n + countNew(src, n, v);
      const c = sizeClass[h] ?? 0;
      if (total <= classSize(c)) mergeInto(h, src, n, src, total, v, scale, r);
      else {
        const bigger = classOf(total);
        const dst = blocks.alloc(bigger);
        mergeInto(h, src, n, dst, total, v, scale, r);
        blocks.free(src, c);
        offset[h] = dst;
        sizeClass[h] = bigger;
      }
      used[h] = total;
      const at = offset[h] ?? 0;
      norms[h] = vectorNorm(weights, at, at + total);
    },
    dot(h, v, out) {
      const at = offset[h] ?? 0;
      return sliceDot(keys, weights, at, at + (used[h] ?? 0), v, out);
    },
    dotPooled(a, b) {
      let i = offset[a] ?? 0;
      let j = offset[b] ?? 0;
      const endA = i + (used[a] ?? 0);
      const endB = j + (used[b] ?? 0);
      let dot = 0;
      while (i < endA && j < endB) {
        const ka = keys[i] ?? 0;
        const kb = keys[j] ?? 0;
        if (ka < kb) i++;
        else if (ka > kb) j++;
        else dot += Math.abs((weights[i++] ?? 0) * (weights[j++] ?? 0));
      }
      return dot;
    },
    forEach(h, visit) {
      const at = offset[h] ?? 0;
      const end = at + (used[h] ?? 0);
      for (let i = at; i < end; i++) visit(keys[i] ?? 0, (weights[i] ?? 0) < 0, countAt(h, i));
    },
    bytes: () =>
      blocks.capacity() * ENTRY_BYTES + offset.length * HANDLE_BYTES + overflow.size * OVERFLOW_ENTRY_BYTES,
  };
}
