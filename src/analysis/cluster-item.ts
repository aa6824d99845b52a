import type { ClusterInput } from './cluster-types.js';
import {
  clearVector,
  createSparseVector,
  pushEntry,
  type SparseVector,
  sortVector,
  vectorNorm,
} from './cluster-vectors.js';
import type { Vocabulary } from './cluster-vocabulary.js';

/** One item's vectors, rebuilt in place for every item. */
export type ItemVectors = {
  /** Title and lead terms: sublinear TF × IDF, title occurrences weighted `titleWeight`. */
  terms: SparseVector;
  /** Entities: IDF each (present or not), all posted to the index. */
  entities: SparseVector;
  /** Title terms alone (IDF), for the representative-title choice. */
  title: SparseVector;
  /** Ids interned for this item, to free when the item did not keep them. */
  interned: number[];
  /** Scratch for the posting cut-off. */
  sorted: Float64Array;
};

export function createItemVectors(): ItemVectors {
  return {
    terms: createSparseVector(),
    entities: createSparseVector(16),
    title: createSparseVector(16),
    interned: [],
    sorted: new Float64Array(64),
  };
}

function intern(vocabulary: Vocabulary, text: string, entity: boolean, interned: number[]): number {
  const before = vocabulary.size();
  const id = vocabulary.intern(text, entity);
  if (vocabulary.size() !== before) interned.push(id);
  return id;
}

/** IDF-weights a sorted vector: (1 + ln tf) × idf per key (Manning et al. 2008, IIR §6.4.1). */
function weigh(v: SparseVector, vocabulary: Vocabulary, sublinear: boolean): void {
  for (let i = 0; i < v.length; i++) {
    const tf = v.weights[i] ?? 0;
    const idf = vocabulary.idf(v.keys[i] ?? 0);
    v.weights[i] = (sublinear ? 1 + Math.log(tf) : 1) * idf;
  }
  v.norm = vectorNorm(v.weights, 0, v.length);
}

/** The weight of the `rank`-th heaviest entry (1-based); `rank` ≤ v.length. */
function weightAtRank(v: SparseVector, rank: number, scratch: ItemVectors): number {
  if (scratch.sorted.length < v.length) scratch.sorted = new Float64Array(v.length * 2);
  const sorted = scratch.sorted.subarray(0, v.length);
  sorted.set(v.weights.subarray(0, v.length));
  sorted.sort();
  return sorted[v.length - rank] ?? 0;
}

/** Keeps the `max` heaviest entries in key order (first ones win ties), dropping the rest. */
function keepHeaviest(v: SparseVector, max: number, scratch: ItemVectors): void {
  if (v.length <= max) return;
  const cut = weightAtRank(v, max, scratch);
  let above = 0;
  for (let i = 0; i < v.length; i++) if ((v.weights[i] ?? 0) > cut) above++;
  let ties = max - above;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const w = v.weights[i] ?? 0;
    if (w < cut || (w === cut && ties-- <= 0)) continue;
    v.keys[n] = v.keys[i] ?? 0;
    v.weights[n++] = w;
  }
  v.length = n;
  v.norm = vectorNorm(v.weights, 0, n);
}

/** Drops the keys of `v` that `kept` does not have (both sorted). */
function restrictTo(v: SparseVector, kept: SparseVector): void {
  let n = 0;
  for (let i = 0, j = 0; i < v.length; i++) {
    const key = v.keys[i] ?? 0;
    while (j < kept.length && (kept.keys[j] ?? 0) < key) j++;
    if (kept.keys[j] !== key || j >= kept.length) continue;
    v.keys[n] = key;
    v.weights[n++] = v.weights[i] ?? 0;
  }
  v.length = n;
  v.norm = vectorNorm(v.weights, 0, n);
}

/** Flags the `keep` heaviest terms for posting; ties at the cut-off are all posted. */
function flagHeaviest(v: SparseVector, keep: number, scratch: ItemVectors): void {
  const cut = v.length <= keep ? 0 : weightAtRank(v, keep, scratch);
  for (let i = 0; i < v.length; i++) v.flags[i] = (v.weights[i] ?? 0) >= cut ? 1 : 0;
}

export type ItemVectorOptions = { titleWeight: number; maxTermsPerItem: number; indexTermsPerItem: number };

/**
 * Fills `out` from the item's features. Only the `maxTermsPerItem` heaviest terms are kept: the
 * lightest are the most common words, which move a cosine least and would cost memory per story.
 */
export function buildItemVectors(
  item: ClusterInput,
  vocabulary: Vocabulary,
  options: ItemVectorOptions,
  out: ItemVectors,
): void {
  const { terms, entities, title, interned } = out;
  interned.length = 0;
  clearVector(terms, item.titleTerms.length + item.leadTerms.length);
  clearVector(entities, item.entities.length);
  clearVector(title, item.titleTerms.length);
  for (const term of item.titleTerms) {
    const id = intern(vocabulary, term, false, interned);
    pushEntry(terms, id, options.titleWeight, 0);
    pushEntry(title, id, 1, 0);
  }
  for (const term of item.leadTerms) pushEntry(terms, intern(vocabulary, term, false, interned), 1, 0);
  for (const entity of item.entities) pushEntry(entities, intern(vocabulary, entity, true, interned), 1, 1);
  sortVector(terms);
  sortVector(entities);
  sortVector(title);
  weigh(terms, vocabulary, true);
  weigh(entities, vocabulary, false);
  weigh(title, vocabulary, false);
  keepHeaviest(terms, options.maxTermsPerItem, out);
  restrictTo(title, terms);
  flagHeaviest(terms, options.indexTermsPerItem, out);
}
