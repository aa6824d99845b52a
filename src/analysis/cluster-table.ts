import { resized } from './cluster-blocks.js';
import type { Story } from './cluster-story.js';

/**
 * Stories by slot, with the columns candidate gathering reads for every index entry (dense typed
 * arrays instead of a pointer chase per entry). A reference packs a slot (20 bits) and the slot's
 * generation (11 bits, bumped on eviction), so an index entry of an evicted story is recognised
 * even after its slot was reused; a reference that survives 2048 reuses of its slot would only
 * yield a spurious candidate, which full scoring then rejects.
 */
export type StoryTable = {
  /** A free slot for a new story. */
  open(story: Story): number;
  close(story: Story): void;
  /** Records a story's span after it changed (seconds). */
  touch(story: Story): void;
  ref(story: Story): number;
  /** The live story a reference points to, or undefined. */
  resolve(ref: number): Story | undefined;
  isLive(ref: number): boolean;
  /** Columns by slot, replaced when they grow: read them through the table. */
  generation: Int32Array;
  firstAt: Int32Array;
  lastAt: Int32Array;
  bytes(): number;
};

export const SLOT_BITS = 20;
export const SLOT_MASK = (1 << SLOT_BITS) - 1;
const GENERATION_MASK = 0x7ff;

export function createStoryTable(): StoryTable {
  const bySlot: Array<Story | undefined> = [];
  const freeSlots: number[] = [];
  const table: StoryTable = {
    generation: new Int32Array(1024),
    firstAt: new Int32Array(1024),
    lastAt: new Int32Array(1024),
    open(story) {
      const slot = freeSlots.pop() ?? bySlot.length;
      if (slot > SLOT_MASK) throw new RangeError('more than 2^20 stories in the clustering window');
      if (slot >= table.generation.length) {
        const size = table.generation.length * 2;
        table.generation = resized(table.generation, size);
        table.firstAt = resized(table.firstAt, size);
        table.lastAt = resized(table.lastAt, size);
      }
      bySlot[slot] = story;
      return slot;
    },
    close(story) {
      table.generation[story.slot] = ((table.generation[story.slot] ?? 0) + 1) & GENERATION_MASK;
      bySlot[story.slot] = undefined;
      freeSlots.push(story.slot);
    },
    touch(story) {
      table.firstAt[story.slot] = story.firstAt;
      table.lastAt[story.slot] = story.lastAt;
    },
    ref: (story) => story.slot | ((table.generation[story.slot] ?? 0) << SLOT_BITS),
    resolve(ref) {
      const slot = ref & SLOT_MASK;
      return table.generation[slot] === ref >>> SLOT_BITS ? bySlot[slot] : undefined;
    },
    isLive: (ref) => table.resolve(ref) !== undefined,
    bytes: () => bySlot.length * 8 + table.generation.length * 12 + freeSlots.length * 8,
  };
  return table;
}
