import type { ItemVectors } from './cluster-item.js';
import { languageAt, languageCount, type Story, termsAt } from './cluster-story.js';
import type { VectorPool } from './cluster-vector-pool.js';

export type SimilarityWeights = {
  termShare: number;
  crossLanguageWeight: number;
  minSharedEntities: number;
  halfLifeHours: number;
  minTermCosine: number;
};

// Story and item times are in seconds (see cluster.ts).
const HOUR = 3600;

/**
 * Similarity of an item to a story, in [0, 1]:
 *   same language:   decay × (termShare × cos_terms + (1 − termShare) × cos_entities)
 *                    (cos_terms alone when either side has no entities, when some but fewer than
 *                    minSharedEntities are shared, or when cos_terms is below minTermCosine: sharing
 *                    the conflict's names is no evidence of one story when the words differ, "Iran
 *                    won't stop enrichment" beside "Iran, E3 agree to resume talks", and one shared
 *                    name, the country, is none in any language; sharing none still counts against)
 *   other languages: decay × crossLanguageWeight × cos_entities, if ≥ minSharedEntities are shared
 *   decay = 2^(−gap / halfLife), gap = hours between the item and the story's [first, last] span.
 * Terms are stems of one language, so they are compared with the story's centroid for that language
 * only (an item of unknown language tries every centroid); entities are language independent.
 */
export function storySimilarity(
  story: Story,
  item: ItemVectors,
  language: string,
  at: number,
  pool: VectorPool,
  weights: SimilarityWeights,
): number {
  const terms = termCosine(story, item, language, pool);
  const overlap = { shared: 0 };
  let entities = 0;
  const entityNorm = item.entities.norm * pool.norm(story.entities);
  if (entityNorm > 0) entities = pool.dot(story.entities, item.entities, overlap) / entityNorm;
  let score: number;
  if (terms < 0) {
    score = overlap.shared >= weights.minSharedEntities ? weights.crossLanguageWeight * entities : 0;
  } else {
    // Names count for (shared) or against (none shared) one story; one or so in common says nothing.
    const weighed = overlap.shared === 0 || overlap.shared >= weights.minSharedEntities;
    const named = entityNorm > 0 && terms >= weights.minTermCosine && weighed;
    score = named ? weights.termShare * terms + (1 - weights.termShare) * entities : terms;
  }
  return score * decay(story, at, weights.halfLifeHours);
}

/**
 * An upper bound of storySimilarity from the item's weight on the keys it shares with the story
 * (`termShared`, `entityShared`: sums of squared unit-vector weights), without touching the vectors.
 */
export function similarityBound(
  story: Story,
  termShared: number,
  entityShared: number,
  item: ItemVectors,
  language: string,
  at: number,
  pool: VectorPool,
  weights: SimilarityWeights,
  threshold: number,
): number {
  const terms = Math.sqrt(termShared);
  const entities = Math.sqrt(entityShared);
  const hasEntities = item.entities.length > 0 && pool.length(story.entities) > 0;
  let bound: number;
  if (!comparableLanguage(story, language)) bound = weights.crossLanguageWeight * entities;
  // With entities the score may still be the term cosine alone (too few shared, or below the gate).
  else
    bound = hasEntities
      ? Math.max(terms, weights.termShare * terms + (1 - weights.termShare) * entities)
      : terms;
  // The decay (a pow) only matters for stories that could pass: most bounds are far below.
  return bound < threshold ? bound : bound * decay(story, at, weights.halfLifeHours);
}

/** The bound for any story that shares at most these masses with the item (any language, any entities). */
export function similarityCeiling(termMass: number, entityMass: number, weights: SimilarityWeights): number {
  const terms = Math.sqrt(termMass);
  const entities = Math.sqrt(entityMass);
  const mixed = weights.termShare * terms + (1 - weights.termShare) * entities;
  return Math.max(mixed, terms, weights.crossLanguageWeight * entities);
}

function decay(story: Story, at: number, halfLifeHours: number): number {
  const gap = Math.max(0, story.firstAt - at, at - story.lastAt) / HOUR;
  return 2 ** (-gap / halfLifeHours);
}

/** Whether the story has a term centroid in the item's language (or either language is unknown). */
function comparableLanguage(story: Story, language: string): boolean {
  for (let i = 0; i < languageCount(story); i++) {
    const own = languageAt(story, i);
    if (language === '' || own === '' || own === language) return true;
  }
  return false;
}

/** The best cosine with a comparable term centroid, or -1 when the story has none. */
function termCosine(story: Story, item: ItemVectors, language: string, pool: VectorPool): number {
  let best = -1;
  const overlap = { shared: 0 };
  for (let i = 0; i < languageCount(story); i++) {
    const own = languageAt(story, i);
    if (language !== '' && own !== '' && own !== language) continue;
    const handle = termsAt(story, i);
    const norm = item.terms.norm * pool.norm(handle);
    const cosine = norm > 0 ? pool.dot(handle, item.terms, overlap) / norm : 0;
    if (cosine > best) best = cosine;
  }
  return best;
}
