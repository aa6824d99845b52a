import { resized } from './cluster-blocks.js';
import type { ItemVectors } from './cluster-item.js';
import { createKeyOrder, orderKeys } from './cluster-key-order.js';
import type { PostingRange, Postings } from './cluster-postings.js';
import type { Story } from './cluster-story.js';
import { SLOT_BITS, SLOT_MASK, type StoryTable } from './cluster-table.js';

export type RetrievalLimits = { maxCandidates: number; maxPostingsPerItem: number; threshold: number };

/** Which stories may be joined: live, and within `window` of the item's time (seconds). */
export type Eligibility = { at: number; window: number };

/** Upper bounds of the similarity from sums of squared item weights over shared keys, per channel. */
export type Bounds = {
  /** For a story that shares keys of these masses with the item. */
  story(story: Story, termMass: number, entityMass: number): number;
  /** For any story, knowing only the masses it could share at most. */
  ceiling(termMass: number, entityMass: number): number;
};

/** Candidate stories for an item, from the inverted index: never a scan of the window. */
export type Retrieval = {
  /** Eligible stories that may reach the threshold, best first by their similarity bound. */
  gather(
    item: ItemVectors,
    index: { postings: Postings; table: StoryTable },
    limits: RetrievalLimits,
    eligibility: Eligibility,
    bounds: Bounds,
  ): readonly Story[];
  /** Cumulative count of index entries visited. */
  visited(): number;
};

// Marks a story already found ineligible in this round.
const SKIP = -1;

/**
 * Visits the item's keys heaviest first (rare keys weigh most), each list from its newest end. Every
 * story met sums the squared item weights of the keys it shares, per channel: by Cauchy–Schwarz,
 * cos(item, centroid) ≤ ‖item restricted to the shared keys‖ / ‖item‖. Once the keys left could not
 * lift a story not met yet to the threshold, the remaining (common, long) lists are not read at all;
 * stories already met are bounded as if they shared every remaining key. This is MaxScore pruning
 * (Turtle & Flood 1995, "Query evaluation: strategies and optimizations"): no story that could
 * reach the threshold is lost. A budget of entries per item and per key caps the worst case.
 */
export function createRetrieval(): Retrieval {
  const keys = createKeyOrder();
  let round = new Int32Array(1024);
  let termMass = new Float64Array(1024);
  let entityMass = new Float64Array(1024);
  let touched = new Int32Array(256);
  let touchedCount = 0;
  const best: Story[] = [];
  const bestBounds: number[] = [];
  const range: PostingRange = { array: new Int32Array(0), from: 0, count: 0 };
  let current = 0;
  let visited = 0;

  const grow = (slot: number): void => {
    const size = Math.max(slot + 1, round.length * 2);
    round = resized(round, size);
    termMass = resized(termMass, size);
    entityMass = resized(entityMass, size);
  };

  /** Credits the stories of key `k`; reads only the table's dense columns per entry. */
  const visit = (list: PostingRange, k: number, limit: number, e: Eligibility, table: StoryTable): number => {
    const { array, from: first, count } = list;
    const stop = first + Math.max(0, count - limit);
    const from = e.at - e.window;
    const to = e.at + e.window;
    const mass = keys.mass[k] ?? 0;
    const isEntity = keys.entity[k] === 1;
    const { generation, firstAt, lastAt } = table;
    for (let i = first + count - 1; i >= stop; i--) {
      const ref = array[i] ?? 0;
      const slot = ref & SLOT_MASK;
      if (generation[slot] !== ref >>> SLOT_BITS) continue;
      if (slot >= round.length) grow(slot);
      if (round[slot] !== current) {
        round[slot] = current;
        const eligible = (lastAt[slot] ?? 0) >= from && (firstAt[slot] ?? 0) <= to;
        termMass[slot] = eligible ? 0 : SKIP;
        entityMass[slot] = 0;
        if (eligible) {
          if (touchedCount === touched.length) touched = resized(touched, touchedCount * 2);
          touched[touchedCount++] = ref;
        }
      }
      if (termMass[slot] === SKIP) continue;
      if (isEntity) entityMass[slot] = (entityMass[slot] ?? 0) + mass;
      else termMass[slot] = (termMass[slot] ?? 0) + mass;
    }
    return first + count - stop;
  };

  /**
   * Bounds the stories met, as if they shared every key left unread. The story-independent ceiling
   * is checked first from the columns, so most stories are dropped without reading their object.
   */
  const rank = (
    table: StoryTable,
    bounds: Bounds,
    limits: RetrievalLimits,
    restT: number,
    restE: number,
  ): Story[] => {
    best.length = 0;
    bestBounds.length = 0;
    for (let i = 0; i < touchedCount; i++) {
      const ref = touched[i] ?? 0;
      const slot = ref & SLOT_MASK;
      const terms = (termMass[slot] ?? 0) + restT;
      const entities = (entityMass[slot] ?? 0) + restE;
      if (bounds.ceiling(terms, entities) < limits.threshold) continue;
      const story = table.resolve(ref);
      if (!story) continue;
      const bound = bounds.story(story, terms, entities);
      if (bound >= limits.threshold) insertByBound(best, bestBounds, story, bound, limits.maxCandidates);
    }
    return best;
  };

  return {
    gather(item, index, limits, eligibility, bounds) {
      const n = orderKeys(keys, item);
      current++;
      touchedCount = 0;
      let budget = limits.maxPostingsPerItem;
      const perKey = Math.max(16, budget >> 3);
      let k = 0;
      for (; k < n && budget > 0; k++) {
        // Stopping at half the threshold keeps the added masses small, hence the bounds tight:
        // measured, fewer stories to score than stopping at the threshold itself.
        if (bounds.ceiling(keys.restTerms[k] ?? 0, keys.restEntities[k] ?? 0) < limits.threshold / 2) break;
        index.postings.range(keys.keys[k] ?? 0, range);
        if (range.count === 0) continue;
        const seen = visit(range, k, Math.min(perKey, budget), eligibility, index.table);
        budget -= seen;
        visited += seen;
      }
      return rank(index.table, bounds, limits, keys.restTerms[k] ?? 0, keys.restEntities[k] ?? 0);
    },
    visited: () => visited,
  };
}

/** Keeps `best` sorted by descending bound (`bestBounds`, parallel), at most `max` long. */
function insertByBound(best: Story[], bestBounds: number[], story: Story, bound: number, max: number): void {
  if (best.length === max && bound <= (bestBounds[max - 1] ?? 0)) return;
  let j = Math.min(best.length, max - 1);
  for (; j > 0 && (bestBounds[j - 1] ?? 0) < bound; j--) {
    best[j] = best[j - 1] as Story;
    bestBounds[j] = bestBounds[j - 1] ?? 0;
  }
  best[j] = story;
  bestBounds[j] = bound;
}
