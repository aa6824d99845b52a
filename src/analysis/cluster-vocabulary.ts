/**
 * Terms and entities of the window, interned to small integer ids, with how many stories and how
 * many items hold each.
 *
 * A key is identified by two independent 32-bit hashes of its text (64 bits): the strings are not
 * kept, which saves ~80 bytes a key. With 10^5 live keys the chance that two of them collide is
 * about 10^10 / 2^65 ≈ 3·10^-10. The table is open addressing with linear probing and backward-shift
 * deletion (Knuth, TAOCP vol. 3, §6.4, Algorithm R), so freed keys leave no tombstones.
 *
 * The story frequency keeps an id alive (at 0 it is freed). IDF counts items, the documents of the
 * window: a key's document frequency is the number of items merged into stories that hold it, N the
 * number of those items (copies caught as duplicates are not merged, so ten feeds carrying one wire
 * text count once). Story-level frequencies reinforced over-merging: once a day's Iran reports had
 * merged into one story, "Iran" and "nuclear" were rare across stories, weighed most, and pulled the
 * next Iran report in whatever it said (real headlines: story B³ precision 0.71 → 0.78 with items).
 * IDF is the BM25 form ln(1 + (N − df + 0.5) / (df + 0.5)), always positive and near 0 for a key in
 * every item (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond",
 * §3.3), with `priorDocuments` items added to N in which no key occurs: with an empty window every key
 * shared by two reports would otherwise look as common as "talks" (df = N).
 */
export type Vocabulary = {
  /** The id of a term or entity, creating it (with frequency 0) when new. */
  intern(text: string, entity: boolean): number;
  /** One more story holds the key. */
  retain(id: number): void;
  /** One story fewer holds it; at 0 the id is freed for reuse. */
  release(id: number): void;
  /** Frees an id interned for an item that did not keep it. */
  forgetIfUnused(id: number): void;
  frequency(id: number): number;
  /** `n` more items (fewer, when negative) hold the key. */
  occur(id: number, n: number): void;
  /** The number of items holding the key (its document frequency). */
  occurrences(id: number): number;
  /** `n` more items (fewer, when negative) in the window: N of the IDF. */
  addDocuments(n: number): void;
  idf(id: number): number;
  size(): number;
  bytes(): number;
};

const EMPTY = -1;

function hashA(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function hashB(text: string, seed: number): number {
  let h = 0x9747b28c + seed;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h | 0;
}

export function createVocabulary(priorDocuments = 0): Vocabulary {
  let slots = new Int32Array(1 << 12).fill(EMPTY);
  let mask = slots.length - 1;
  let first = new Int32Array(1024);
  let second = new Int32Array(1024);
  let frequency = new Int32Array(1024);
  let items = new Int32Array(1024);
  let ids = 0;
  const freeIds: number[] = [];
  let live = 0;
  let documents = 0;

  const home = (id: number): number => (first[id] ?? 0) & mask;

  const place = (id: number): void => {
    let slot = home(id);
    while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    slots[slot] = id;
  };

  const growTable = (): void => {
    const old = slots;
    slots = new Int32Array(old.length * 2).fill(EMPTY);
    mask = slots.length - 1;
    for (const id of old) if (id !== EMPTY) place(id);
  };

  const allocate = (): number => {
    const reused = freeIds.pop();
    if (reused !== undefined) return reused;
    if (ids === first.length) {
      const size = ids * 2;
      const grow = (from: Int32Array): Int32Array<ArrayBuffer> => {
        const to = new Int32Array(size);
        to.set(from);
        return to;
      };
      first = grow(first);
      second = grow(second);
      frequency = grow(frequency);
      items = grow(items);
    }
    return ids++;
  };

  /** Algorithm R: pulls later entries of the probe run back over the hole. */
  const free = (id: number): void => {
    let hole = home(id);
    while (slots[hole] !== id) hole = (hole + 1) & mask;
    for (let next = (hole + 1) & mask; slots[next] !== EMPTY; next = (next + 1) & mask) {
      const wanted = home(slots[next] ?? 0);
      const movable = hole <= next ? wanted <= hole || wanted > next : wanted <= hole && wanted > next;
      if (!movable) continue;
      slots[hole] = slots[next] ?? EMPTY;
      hole = next;
    }
    slots[hole] = EMPTY;
    freeIds.push(id);
    live--;
  };

  return {
    intern(text, entity) {
      const seed = entity ? 1 : 0;
      const a = hashA(text, seed);
      const b = hashB(text, seed);
      let slot = a & mask;
      for (let id = slots[slot] ?? EMPTY; id !== EMPTY; id = slots[slot] ?? EMPTY) {
        if (first[id] === a && second[id] === b) return id;
        slot = (slot + 1) & mask;
      }
      const id = allocate();
      first[id] = a;
      second[id] = b;
      frequency[id] = 0;
      items[id] = 0;
      slots[slot] = id;
      if (++live * 2 > slots.length) growTable();
      return id;
    },
    retain(id) {
      frequency[id] = (frequency[id] ?? 0) + 1;
    },
    release(id) {
      const left = (frequency[id] ?? 0) - 1;
      frequency[id] = left;
      if (left === 0) free(id);
    },
    forgetIfUnused(id) {
      if ((frequency[id] ?? 0) === 0) free(id);
    },
    frequency: (id) => frequency[id] ?? 0,
    occur(id, n) {
      items[id] = (items[id] ?? 0) + n;
    },
    occurrences: (id) => items[id] ?? 0,
    addDocuments(n) {
      documents += n;
    },
    idf(id) {
      const df = items[id] ?? 0;
      return Math.log(1 + (documents + priorDocuments - df + 0.5) / (df + 0.5));
    },
    size: () => live,
    bytes: () => slots.length * 4 + first.length * 16 + freeIds.length * 8,
  };
}
