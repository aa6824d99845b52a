/**
 * Block allocation inside typed-array arenas (the story vectors and the member lists). Sizes come
 * in classes, four per doubling (4, 5, 6, 7, 8, 10, 12, 14, 16, 20…), so a block wastes under an
 * eighth of itself on average; freed blocks go to a free list per class and are reused first.
 */
export type Blocks = {
  /** The offset of a block of class `c`; `grow(capacity)` is called first when the arena is full. */
  alloc(c: number): number;
  free(at: number, c: number): void;
  /** Entries the arena holds, used or not. */
  capacity(): number;
  /** Entries in freed blocks that no allocation has taken again. */
  freeEntries(): number;
  /**
   * After the owner moved every live block below `top` (compaction): forgets the free blocks and
   * shrinks the arena to `top` plus an eighth.
   */
  restart(top: number): void;
};

const MIN_BLOCK = 4;

export function classSize(c: number): number {
  if (c < 4) return MIN_BLOCK + c;
  const base = MIN_BLOCK << (c >> 2);
  return base + (c & 3) * (base >> 2);
}

export function classOf(size: number): number {
  let c = 0;
  while (classSize(c) < size) c++;
  return c;
}

/**
 * Arenas grow by a quarter: less slack than doubling, still amortised O(1) per entry. `grow` also
 * shrinks them (restart).
 */
export function createBlocks(initial: number, grow: (capacity: number) => void): Blocks {
  let capacity = initial;
  let top = 0;
  let freeEntries = 0;
  let freeLists: number[][] = [];
  return {
    alloc(c) {
      const reused = freeLists[c]?.pop();
      if (reused !== undefined) {
        freeEntries -= classSize(c);
        return reused;
      }
      const at = top;
      top += classSize(c);
      if (top > capacity) {
        capacity = Math.max(top, Math.ceil(capacity * 1.25));
        grow(capacity);
      }
      return at;
    },
    free(at, c) {
      let list = freeLists[c];
      if (!list) {
        list = [];
        freeLists[c] = list;
      }
      list.push(at);
      freeEntries += classSize(c);
    },
    capacity: () => capacity,
    freeEntries: () => freeEntries,
    restart(newTop) {
      top = newTop;
      freeEntries = 0;
      freeLists = [];
      const shrunk = Math.max(initial, Math.ceil(top * 1.125));
      if (shrunk < capacity) {
        capacity = shrunk;
        grow(capacity);
      }
    },
  };
}

type TypedArray = Int8Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/** A copy of `array` with room for `size` entries (new entries zero). */
export function resized<T extends TypedArray>(array: T, size: number): T {
  const Constructor = array.constructor as new (length: number) => T;
  const copy = new Constructor(size);
  copy.set(array.length <= size ? array : array.subarray(0, size));
  return copy;
}
