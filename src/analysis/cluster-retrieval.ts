import type { ItemVectors } from './cluster-item.js';
import type { Postings } from './cluster-postings.js';
import type { Story } from './cluster-story.js';
import type { SparseVector } from './cluster-vectors.js';
import type { Vocabulary } from './cluster-vocabulary.js';

export type RetrievalLimits = { maxCandidates: number; maxPostingsPerItem: number; threshold: number };

/** Which stories may be joined: live, and within `window` of the item's time (seconds). */
export type Eligibility = { at: number; window: number };

/** Candidate stories for an item, from the inverted index: never a scan of the window. */
export type Retrieval = {
  /** Eligible stories that may reach the threshold, best first by their similarity bound. */
  gather(
    item: ItemVectors,
    postings: Postings<Story>,
    vocabulary: Vocabulary,
    limits: RetrievalLimits,
    eligibility: Eligibility,
    /** An upper bound of the similarity from the sums of squared weights of the shared keys. */
    bound: (story: Story, termShared: number, entityShared: number) => number,
  ): readonly Story[];
  /** Cumulative count of index entries visited. */
  visited(): number;
};

// Marks a story already found ineligible in this round.
const SKIP = -1;

/** Per-story scratch in columns indexed by `story.slot`: dense, and no boxed doubles on stories. */
type Columns = { round: Int32Array; terms: Float64Array; entities: Float64Array };

function ensureColumns(c: Columns, slot: number): void {
  if (slot < c.round.length) return;
  const size = Math.max(slot + 1, c.round.length * 2);
  const round = new Int32Array(size);
  const terms = new Float64Array(size);
  const entities = new Float64Array(size);
  round.set(c.round);
  terms.set(c.terms);
  entities.set(c.entities);
  c.round = round;
  c.terms = terms;
  c.entities = entities;
}

/**
 * Keys are visited rarest first, each list from its newest end, within a budget per item and per
 * key: a rare shared entity finds its story at once, while a key held by half the window ("talks",
 * "ukraine") cannot turn one item into a scan of the window. Such keys still count in the full
 * similarity of the candidates found.
 *
 * While visiting, each story sums the squared item weights of the keys it shares, per channel. By
 * Cauchy–Schwarz, cos(item, centroid) ≤ ‖item restricted to the shared keys‖ / ‖item‖, so a story
 * whose bound is below the threshold cannot be joined and is never scored (as in MaxScore pruning:
 * Turtle & Flood 1995, "Query evaluation: strategies and optimizations").
 */
export function createRetrieval(): Retrieval {
  let keys = new Int32Array(64);
  let idfs = new Float64Array(64);
  let squares = new Float64Array(64);
  let entity = new Uint8Array(64);
  const touched: Story[] = [];
  const best: Story[] = [];
  const columns: Columns = {
    round: new Int32Array(1024),
    terms: new Float64Array(1024),
    entities: new Float64Array(1024),
  };
  let round = 0;
  let visited = 0;

  const reserve = (size: number): void => {
    if (keys.length >= size) return;
    keys = new Int32Array(size * 2);
    idfs = new Float64Array(size * 2);
    squares = new Float64Array(size * 2);
    entity = new Uint8Array(size * 2);
  };

  /** Appends a vector's keys to the visiting order (insertion by descending IDF). */
  const collect = (v: SparseVector, isEntity: number, n: number, vocabulary: Vocabulary): number => {
    let count = n;
    for (let i = 0; i < v.length; i++) {
      const idf = vocabulary.idf(v.keys[i] ?? 0);
      let j = count - 1;
      for (; j >= 0 && (idfs[j] ?? 0) < idf; j--) {
        keys[j + 1] = keys[j] ?? 0;
        idfs[j + 1] = idfs[j] ?? 0;
        squares[j + 1] = squares[j] ?? 0;
        entity[j + 1] = entity[j] ?? 0;
      }
      const w = (v.weights[i] ?? 0) / v.norm;
      keys[j + 1] = v.keys[i] ?? 0;
      idfs[j + 1] = idf;
      squares[j + 1] = w * w;
      entity[j + 1] = isEntity;
      count++;
    }
    return count;
  };

  /** Credits the stories of one key; returns the number of entries visited. */
  const visit = (list: readonly Story[], k: number, limit: number, e: Eligibility): number => {
    const stop = Math.max(0, list.length - limit);
    const from = e.at - e.window;
    const to = e.at + e.window;
    const square = squares[k] ?? 0;
    const isEntity = entity[k] === 1;
    for (let i = list.length - 1; i >= stop; i--) {
      const story = list[i] as Story;
      if (!story.alive) continue;
      const slot = story.slot;
      ensureColumns(columns, slot);
      if (columns.round[slot] !== round) {
        columns.round[slot] = round;
        const eligible = story.lastAt >= from && story.firstAt <= to;
        columns.terms[slot] = eligible ? 0 : SKIP;
        columns.entities[slot] = 0;
        if (eligible) touched.push(story);
      }
      if (columns.terms[slot] === SKIP) continue;
      if (isEntity) columns.entities[slot] = (columns.entities[slot] ?? 0) + square;
      else columns.terms[slot] = (columns.terms[slot] ?? 0) + square;
    }
    return list.length - stop;
  };

  return {
    gather(item, postings, vocabulary, limits, eligibility, bound) {
      reserve(item.entities.length + item.terms.length);
      const n = collect(item.terms, 0, collect(item.entities, 1, 0, vocabulary), vocabulary);
      round++;
      touched.length = 0;
      let budget = limits.maxPostingsPerItem;
      const perKey = Math.max(16, budget >> 3);
      for (let k = 0; k < n && budget > 0; k++) {
        const list = postings.list(keys[k] ?? 0);
        if (!list) continue;
        const seen = visit(list, k, Math.min(perKey, budget), eligibility);
        budget -= seen;
        visited += seen;
      }
      for (const story of touched) {
        const slot = story.slot;
        columns.terms[slot] = bound(story, columns.terms[slot] ?? 0, columns.entities[slot] ?? 0);
      }
      return topByBound(touched, columns.terms, limits, best);
    },
    visited: () => visited,
  };
}

/** The best stories by bound, at most `maxCandidates`, none below `threshold`. */
function topByBound(
  stories: readonly Story[],
  bounds: Float64Array,
  limits: RetrievalLimits,
  out: Story[],
): Story[] {
  const k = limits.maxCandidates;
  const boundOf = (story: Story): number => bounds[story.slot] ?? 0;
  out.length = 0;
  for (const story of stories) {
    const bound = boundOf(story);
    if (bound < limits.threshold) continue;
    if (out.length === k && bound <= boundOf(out[k - 1] as Story)) continue;
    let j = Math.min(out.length, k - 1);
    for (; j > 0 && boundOf(out[j - 1] as Story) < bound; j--) out[j] = out[j - 1] as Story;
    out[j] = story;
  }
  return out;
}
