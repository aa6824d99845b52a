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

/** Sorts a copy of the weights ascending into `scratch.sorted`. */
function sortedWeights(v: SparseVector, scratch: ItemVectors): Float64Array {
  if (scratch.sorted.length < v.length) scratch.sorted = new Float64Array(v.length * 2);
  const sorted = scratch.sorted;
  for (let i = 0; i < v.length; i++) {
    const w = v.weights[i] ?? 0;
    let j = i - 1;
    for (; j >= 0 && (sorted[j] ?? 0) > w; j--) sorted[j + 1] = sorted[j] ?? 0;
    sorted[j + 1] = w;
  }
  return sorted;
}

/**
 * Keeps the `max` heaviest entries in key order (the first ones win ties) and flags the `posted`
 * heaviest of those for the index (all ties at that cut-off are flagged).
 */
function keepHeaviest(v: SparseVector, max: number, posted: number, scratch: ItemVectors): void {
  const sorted = sortedWeights(v, scratch);
  const keepCut = v.length <= max ? Number.NEGATIVE_INFINITY : (sorted[v.length - max] ?? 0);
  const postCut = v.length <= posted ? Number.NEGATIVE_INFINITY : (sorted[v.length - posted] ?? 0);
  let above = 0;
  for (let i = 0; i < v.length; i++) if ((v.weights[i] ?? 0) > keepCut) above++;
  let ties = max - above;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const w = v.weights[i] ?? 0;
    if (w < keepCut || (w === keepCut && ties-- <= 0)) continue;
    v.keys[n] = v.keys[i] ?? 0;
    v.weights[n] = w;
    v.flags[n++] = w >= postCut ? 1 : 0;
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
    if (j >= kept.length || kept.keys[j] !== key) continue;
    v.keys[n] = key;
    v.weights[n++] = v.weights[i] ?? 0;
  }
  v.length = n;
  v.norm = vectorNorm(v.weights, 0, n);
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
  keepHeaviest(terms, options.maxTermsPerItem, options.indexTermsPerItem, out);
  restrictTo(title, terms);
}
