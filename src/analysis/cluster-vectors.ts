/**
 * Sparse vectors sorted by key id. Item vectors are scratch buffers reused for every item; story
 * vectors live in one pooled arena (cluster-vector-pool.ts), because a typed array per story costs
 * ~190 bytes of V8 overhead and a JS number array 8 bytes per weight.
 */

/** A sorted sparse vector being built; `flags[i] = 1` asks for the key to be posted to the index. */
export type SparseVector = {
  keys: Int32Array;
  weights: Float64Array;
  flags: Uint8Array;
  length: number;
  norm: number;
};

export function createSparseVector(capacity = 64): SparseVector {
  return {
    keys: new Int32Array(capacity),
    weights: new Float64Array(capacity),
    flags: new Uint8Array(capacity),
    length: 0,
    norm: 0,
  };
}

function grow(v: SparseVector, size: number): void {
  const keys = new Int32Array(size);
  const weights = new Float64Array(size);
  const flags = new Uint8Array(size);
  keys.set(v.keys.subarray(0, v.length));
  weights.set(v.weights.subarray(0, v.length));
  flags.set(v.flags.subarray(0, v.length));
  v.keys = keys;
  v.weights = weights;
  v.flags = flags;
}

/** Empties a vector, with room for `capacity` entries. */
export function clearVector(v: SparseVector, capacity: number): void {
  v.length = 0;
  v.norm = 0;
  if (v.keys.length < capacity) grow(v, Math.max(capacity, v.keys.length * 2));
}

/** Appends an entry; `sortVector` later orders the keys and sums repeated ones. */
export function pushEntry(v: SparseVector, key: number, weight: number, flag: number): void {
  const i = v.length;
  if (i === v.keys.length) grow(v, i * 2);
  v.keys[i] = key;
  v.weights[i] = weight;
  v.flags[i] = flag;
  v.length = i + 1;
}

/** Insertion sort (vectors are a few dozen entries), merging repeated keys, then the L2 norm. */
export function sortVector(v: SparseVector): void {
  const { keys, weights, flags } = v;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const key = keys[i] ?? 0;
    const weight = weights[i] ?? 0;
    const flag = flags[i] ?? 0;
    let j = n - 1;
    while (j >= 0 && (keys[j] ?? 0) > key) j--;
    if (j >= 0 && keys[j] === key) {
      weights[j] = (weights[j] ?? 0) + weight;
      flags[j] = (flags[j] ?? 0) | flag;
      continue;
    }
    // Shifts are a few entries: a loop beats three copyWithin calls.
    for (let m = n; m > j + 1; m--) {
      keys[m] = keys[m - 1] ?? 0;
      weights[m] = weights[m - 1] ?? 0;
      flags[m] = flags[m - 1] ?? 0;
    }
    keys[j + 1] = key;
    weights[j + 1] = weight;
    flags[j + 1] = flag;
    n++;
  }
  v.length = n;
  v.norm = vectorNorm(weights, 0, n);
}

export function vectorNorm(weights: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const w = weights[i] ?? 0;
    sum += w * w;
  }
  return Math.sqrt(sum);
}

/**
 * The dot product of an arena slice [from, to) with a sorted vector; counts shared keys in `out`.
 * Arena weights carry a flag in their sign bit, hence the absolute values.
 */
export function sliceDot(
  keys: Int32Array,
  weights: Float32Array,
  from: number,
  to: number,
  v: SparseVector,
  out: { shared: number },
): number {
  let dot = 0;
  let shared = 0;
  if (to - from > 8 * v.length) {
    for (let j = 0; j < v.length; j++) {
      const at = findKey(keys, from, to, v.keys[j] ?? 0);
      if (at < 0) continue;
      dot += Math.abs(weights[at] ?? 0) * (v.weights[j] ?? 0);
      shared++;
    }
  } else {
    for (let i = from, j = 0; i < to && j < v.length; ) {
      const a = keys[i] ?? 0;
      const b = v.keys[j] ?? 0;
      if (a < b) i++;
      else if (a > b) j++;
      else {
        dot += Math.abs(weights[i++] ?? 0) * (v.weights[j++] ?? 0);
        shared++;
      }
    }
  }
  out.shared = shared;
  return dot;
}

/** Binary search in a sorted slice; -1 when absent. */
export function findKey(keys: Int32Array, from: number, to: number, key: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid] ?? 0;
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}
