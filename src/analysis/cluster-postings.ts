import { classOf, classSize, createBlocks, resized } from './cluster-blocks.js';

/** Where the references of one key are: `array[from … from + count)`. */
export type PostingRange = { array: Int32Array; from: number; count: number };

/**
 * The inverted index: key id (term or entity) → references of the stories holding it (see
 * cluster-table.ts), oldest first, in one int32 arena (4 bytes an entry, no per-list object). Most
 * keys are rare words held by one story: that reference is kept in the key's own column, without a
 * block. Evicted stories leave short lists at once and long lists lazily: a long list is compacted
 * once a quarter of it is dead, so eviction stays O(1) amortised per entry even for a key that
 * every story of the window holds.
 */
export type Postings = {
  add(key: number, ref: number): void;
  /** Fills `out` with the key's references (`out.count = 0` when none); valid until the next change. */
  range(key: number, out: PostingRange): void;
  /** The story `ref`, which held `key`, was evicted. */
  died(key: number, ref: number): void;
  /** No live story holds `key` any more (its id is about to be reused). */
  drop(key: number): void;
  entries(): number;
  bytes(): number;
};

const SHORT_LIST = 32;
const INLINE = -1;
// Per key id: start, size and dead counts (int32) and a size class (int8).
const KEY_BYTES = 13;

export function createPostings(isLive: (ref: number) => boolean): Postings {
  let refs = new Int32Array(1 << 14);
  const blocks = createBlocks(refs.length, (capacity) => {
    refs = resized(refs, capacity);
  });
  let start = new Int32Array(1024);
  let size = new Int32Array(1024);
  let dead = new Int32Array(1024);
  let sizeClass = new Int8Array(1024);
  const single = new Int32Array(1);
  let entries = 0;

  const ensureKey = (key: number): void => {
    if (key < start.length) return;
    const length = Math.max(key + 1, start.length * 2);
    start = resized(start, length);
    size = resized(size, length);
    dead = resized(dead, length);
    sizeClass = resized(sizeClass, length);
  };

  /** Moves a key's list to a block of class `c`, or back inline when one reference is left. */
  const move = (key: number, n: number, c: number): void => {
    const from = start[key] ?? 0;
    const old = sizeClass[key] ?? INLINE;
    if (c === INLINE) start[key] = refs[from] ?? 0;
    else {
      const to = blocks.alloc(c);
      if (old === INLINE) refs[to] = from;
      else refs.copyWithin(to, from, from + n);
      start[key] = to;
    }
    if (old !== INLINE) blocks.free(from, old);
    sizeClass[key] = c;
  };

  const shrinkTo = (key: number, n: number): void => {
    if (n === 0) {
      drop(key);
      return;
    }
    entries -= (size[key] ?? 0) - n;
    size[key] = n;
    dead[key] = 0;
    if (n === 1) move(key, 1, INLINE);
  };

  /** Keeps the references for which `keep` holds, in order. */
  const filter = (key: number, keep: (ref: number) => boolean): void => {
    const from = start[key] ?? 0;
    const n = size[key] ?? 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const ref = refs[from + i] ?? 0;
      if (keep(ref)) refs[from + kept++] = ref;
    }
    shrinkTo(key, kept);
  };

  const drop = (key: number): void => {
    if (key >= start.length) return;
    const c = sizeClass[key] ?? INLINE;
    if (c !== INLINE && (size[key] ?? 0) > 0) blocks.free(start[key] ?? 0, c);
    entries -= size[key] ?? 0;
    size[key] = 0;
    dead[key] = 0;
    sizeClass[key] = INLINE;
  };

  return {
    add(key, ref) {
      ensureKey(key);
      const n = size[key] ?? 0;
      if (n === 0) {
        start[key] = ref;
        sizeClass[key] = INLINE;
      } else {
        const c = sizeClass[key] ?? INLINE;
        if (c === INLINE || n === classSize(c)) move(key, n, classOf(n + 1));
        refs[(start[key] ?? 0) + n] = ref;
      }
      size[key] = n + 1;
      entries++;
    },
    range(key, out) {
      const n = key < size.length ? (size[key] ?? 0) : 0;
      out.count = n;
      if (n === 1 && sizeClass[key] === INLINE) {
        single[0] = start[key] ?? 0;
        out.array = single;
        out.from = 0;
      } else {
        out.array = refs;
        out.from = start[key] ?? 0;
      }
    },
    died(key, ref) {
      const n = key < size.length ? (size[key] ?? 0) : 0;
      if (n === 0) return;
      if (sizeClass[key] === INLINE) {
        if (start[key] === ref) drop(key);
      } else if (n <= SHORT_LIST) filter(key, (other) => other !== ref);
      else {
        const count = (dead[key] ?? 0) + 1;
        dead[key] = count;
        if (count * 4 > n) filter(key, isLive);
      }
    },
    drop,
    entries: () => entries,
    bytes: () => blocks.capacity() * 4 + start.length * KEY_BYTES,
  };
}
