/**
 * An int32 → non-negative int32 hash table in two typed arrays (open addressing, linear probing,
 * deletion by backward shift, so no tombstones): 8 bytes a slot at a load of at most one half,
 * where a Map<number, object> costs ~70 bytes an entry measured (its table, and a heap number for
 * every key outside the small-integer range, which hashes are half of the time).
 */
export type IntTable = {
  /** The value stored under `key`, or -1. */
  get(key: number): number;
  set(key: number, value: number): void;
  delete(key: number): void;
  size(): number;
  bytes(): number;
};

const EMPTY = -1;
const MIN_CAPACITY = 16;

/** Fibonacci hashing of a 32-bit key to `bits` bits. */
function home(key: number, bits: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - bits);
}

export function createIntTable(initialCapacity = MIN_CAPACITY): IntTable {
  let bits = Math.max(4, Math.ceil(Math.log2(initialCapacity)));
  let keys = new Int32Array(1 << bits);
  let values = new Int32Array(1 << bits).fill(EMPTY);
  let count = 0;

  const find = (key: number): number => {
    const mask = keys.length - 1;
    for (let i = home(key, bits); ; i = (i + 1) & mask) {
      if (values[i] === EMPTY || keys[i] === key) return i;
    }
  };

  const rehash = (newBits: number): void => {
    const oldKeys = keys;
    const oldValues = values;
    bits = newBits;
    keys = new Int32Array(1 << bits);
    values = new Int32Array(1 << bits).fill(EMPTY);
    for (let i = 0; i < oldKeys.length; i++) {
      const value = oldValues[i] ?? EMPTY;
      if (value === EMPTY) continue;
      const at = find(oldKeys[i] ?? 0);
      keys[at] = oldKeys[i] ?? 0;
      values[at] = value;
    }
  };

  return {
    get(key) {
      return values[find(key)] ?? EMPTY;
    },
    set(key, value) {
      if (!(value >= 0 && value <= 0x7fffffff && Number.isInteger(value)))
        throw new RangeError(`IntTable values are non-negative int32, got ${value}`);
      let at = find(key);
      if (values[at] === EMPTY) {
        if ((count + 1) * 2 > keys.length) {
          rehash(bits + 1);
          at = find(key);
        }
        count++;
      }
      keys[at] = key;
      values[at] = value;
    },
    delete(key) {
      const mask = keys.length - 1;
      let hole = find(key);
      if (values[hole] === EMPTY) return;
      values[hole] = EMPTY;
      count--;
      // Backward shift: move up every later entry of the run whose home is not between the hole
      // and it, so that lookups never stop at the hole before reaching their entry.
      for (let i = (hole + 1) & mask; values[i] !== EMPTY; i = (i + 1) & mask) {
        const want = home(keys[i] ?? 0, bits);
        const between = hole <= i ? hole < want && want <= i : hole < want || want <= i;
        if (between) continue;
        keys[hole] = keys[i] ?? 0;
        values[hole] = values[i] ?? EMPTY;
        values[i] = EMPTY;
        hole = i;
      }
      if (count * 8 < keys.length && keys.length > MIN_CAPACITY) rehash(bits - 1);
    },
    size: () => count,
    bytes: () => keys.length * 8,
  };
}
