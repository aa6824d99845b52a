import { classOf, classSize, createBlocks, resized } from './cluster-blocks.js';

/**
 * The members of every story, in typed columns (20 bytes a member) instead of a JS array per story
 * (48 bytes of headers plus 8 per number). A story's list is found by its slot.
 */
export type MemberStore = {
  /** Gives a slot an empty list (a new story took the slot). */
  open(slot: number): void;
  add(slot: number, member: MemberRecord): void;
  count(slot: number): number;
  itemId(slot: number, i: number): number;
  similarity(slot: number, i: number): number;
  exact(slot: number, i: number): number;
  sketch0(slot: number, i: number): number;
  sketch1(slot: number, i: number): number;
  close(slot: number): void;
  bytes(): number;
};

export type MemberRecord = {
  id: number;
  similarity: number;
  exact: number;
  sketch0: number;
  sketch1: number;
};

const MEMBER_BYTES = 20;
const SLOT_BYTES = 9;

export function createMemberStore(initial = 1 << 12): MemberStore {
  let ids = new Int32Array(initial);
  let similarities = new Float32Array(initial);
  let hashes = new Int32Array(initial);
  let sketches0 = new Int32Array(initial);
  let sketches1 = new Int32Array(initial);
  let offset = new Int32Array(1024);
  let sizeClass = new Int8Array(1024);
  let counts = new Int32Array(1024);
  const blocks = createBlocks(initial, (capacity) => {
    ids = resized(ids, capacity);
    similarities = resized(similarities, capacity);
    hashes = resized(hashes, capacity);
    sketches0 = resized(sketches0, capacity);
    sketches1 = resized(sketches1, capacity);
  });

  /** Moves a full list to a block of the next class. */
  const grow = (slot: number, n: number): void => {
    const from = offset[slot] ?? 0;
    const c = classOf(n + 1);
    const to = blocks.alloc(c);
    ids.copyWithin(to, from, from + n);
    similarities.copyWithin(to, from, from + n);
    hashes.copyWithin(to, from, from + n);
    sketches0.copyWithin(to, from, from + n);
    sketches1.copyWithin(to, from, from + n);
    blocks.free(from, sizeClass[slot] ?? 0);
    offset[slot] = to;
    sizeClass[slot] = c;
  };

  const at = (slot: number, i: number): number => (offset[slot] ?? 0) + i;

  return {
    open(slot) {
      if (slot >= offset.length) {
        const size = Math.max(slot + 1, offset.length * 2);
        offset = resized(offset, size);
        sizeClass = resized(sizeClass, size);
        counts = resized(counts, size);
      }
      offset[slot] = blocks.alloc(0);
      sizeClass[slot] = 0;
      counts[slot] = 0;
    },
    add(slot, member) {
      const n = counts[slot] ?? 0;
      if (n === classSize(sizeClass[slot] ?? 0)) grow(slot, n);
      const i = at(slot, n);
      ids[i] = member.id;
      similarities[i] = member.similarity;
      hashes[i] = member.exact;
      sketches0[i] = member.sketch0;
      sketches1[i] = member.sketch1;
      counts[slot] = n + 1;
    },
    count: (slot) => counts[slot] ?? 0,
    itemId: (slot, i) => ids[at(slot, i)] ?? 0,
    similarity: (slot, i) => similarities[at(slot, i)] ?? 0,
    exact: (slot, i) => hashes[at(slot, i)] ?? 0,
    sketch0: (slot, i) => sketches0[at(slot, i)] ?? 0,
    sketch1: (slot, i) => sketches1[at(slot, i)] ?? 0,
    close(slot) {
      blocks.free(offset[slot] ?? 0, sizeClass[slot] ?? 0);
      counts[slot] = 0;
    },
    bytes: () => blocks.capacity() * MEMBER_BYTES + offset.length * SLOT_BYTES,
  };
}
