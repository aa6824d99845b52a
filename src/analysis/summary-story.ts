import type { AnalysableItem } from '../domain/analysis.js';
import { primaryLanguage } from '../domain/item.js';
import { addressesReader, leansOnPrevious, refersBack, speaksInFirstPerson } from './summary-furniture.js';
import {
  addInto,
  cosine,
  inverseDocumentFrequency,
  normalise,
  type Scored,
  type TermVector,
  tfidf,
} from './summary-score.js';
import { itemCandidates, type SummaryCandidate, sentencesPerItem } from './summary-sentences.js';
import { contentTerms } from './text.js';

export { majorityLanguage } from '../domain/item.js';

/** A candidate sentence with its TF-IDF vector and its score against the story's centroid. */
export type ScoredCandidate = SummaryCandidate & Scored;

// Headlines name the event, so they pull the centroid towards it; less than a whole article.
const titleWeight = 0.5;
// News puts the main fact first (the inverted pyramid): an item's first sentence gets up to
// 1 + leadBoost times its centrality, the boost fading with position.
const leadBoost = 0.5;
// Sentences that talk to the reader are mostly page prompts that no rule knew; they stay available
// for a story that has nothing else.
const readerPenalty = 0.5;
// A sentence that leans on another ("He added…", "Sie sieht … vor") weighs less, unless the sentence
// right before it in its text is chosen too (then the summary reads them together, in order: BBC News
// ROUGE-1/2 with k = reference sentences 72.72 / 63.96 → 73.73 / 65.25). First person never regains it.
const danglingPenalty = 0.4;

/**
 * Whether an item in `language` may give a sentence to a summary in `storyLanguage`: the same
 * primary language ("en-GB" for "en"), or either one unknown.
 */
export function inLanguage(language: string | null, storyLanguage: string | null): boolean {
  const item = primaryLanguage(language);
  const story = primaryLanguage(storyLanguage);
  return item === null || story === null || item === story;
}

function languageOf(
  item: { language: string | null } | undefined,
  storyLanguage: string | null,
): string | null {
  return item?.language ?? storyLanguage;
}

/**
 * Every candidate sentence of the story scored by cosine similarity to the story's centroid: the
 * mean of the items' vectors (each item's sentences and headline), so that each report counts once
 * and a fact several reports share weighs more than one outlet's detail. IDF is taken over the
 * story's own sentences.
 */
export function scoreCandidates(
  items: readonly AnalysableItem[],
  storyLanguage: string | null,
): ScoredCandidate[] {
  const cap = sentencesPerItem(items.length);
  const perItem = items.map((item, index) =>
    itemCandidates(item, index, languageOf(item, storyLanguage), cap),
  );
  const sentenceTerms = perItem.map((candidates, index) => {
    const language = languageOf(items[index], storyLanguage);
    return candidates.map((candidate) => contentTerms(candidate.text, language));
  });
  const titleTerms = items.map((item) => contentTerms(item.title, languageOf(item, storyLanguage)));
  const idf = inverseDocumentFrequency([...sentenceTerms.flat(), ...titleTerms]);
  const centroid: TermVector = new Map();
  const scored: ScoredCandidate[] = [];
  perItem.forEach((candidates, itemIndex) => {
    const sentenceSum: TermVector = new Map();
    candidates.forEach((candidate, at) => {
      const vector = tfidf(sentenceTerms[itemIndex]?.[at] ?? [], idf);
      addInto(sentenceSum, vector);
      scored.push({ ...candidate, length: candidate.text.length, score: 0, vector });
    });
    const title = tfidf(titleTerms[itemIndex] ?? [], idf);
    addInto(centroid, normalise(addScaled(normalise(sentenceSum), title, titleWeight)));
  });
  const unit = normalise(centroid);
  scored.forEach((candidate, index) => {
    const centrality = cosine(candidate.vector, unit);
    const unleaned =
      centrality *
      (addressesReader(candidate.text) ? readerPenalty : 1) *
      (1 + leadBoost / (1 + candidate.position));
    candidate.score = unleaned;
    const language = languageOf(items[candidate.itemIndex], storyLanguage);
    if (!leansOnPrevious(candidate.text, language)) return;
    candidate.score = unleaned * danglingPenalty;
    // The sentence right before it in its text, when that one is a candidate too and answers it.
    const before = scored[index - 1];
    if (
      before?.itemIndex === candidate.itemIndex &&
      before.position === candidate.position - 1 &&
      refersBack(candidate.text, language) &&
      !speaksInFirstPerson(candidate.text, language)
    ) {
      candidate.leansOn = index - 1;
      candidate.unleaned = unleaned;
    }
  });
  return scored;
}

function addScaled(base: TermVector, extra: TermVector, weight: number): TermVector {
  const sum: TermVector = new Map(base);
  addInto(sum, extra, weight);
  return sum;
}

/**
 * The item whose headline and feed summary are closest to those of the whole story: the one to take a
 * fallback sentence or title from when no sentence qualifies.
 */
export function bestItemIndex(items: readonly AnalysableItem[], storyLanguage: string | null): number {
  if (items.length <= 1) return 0;
  const terms = items.map((item) =>
    contentTerms(`${item.title}\n${item.summary}`, languageOf(item, storyLanguage)),
  );
  const idf = inverseDocumentFrequency(terms);
  const vectors = terms.map((list) => tfidf(list, idf));
  const centroid: TermVector = new Map();
  for (const vector of vectors) addInto(centroid, vector);
  const unit = normalise(centroid);
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  vectors.forEach((vector, index) => {
    const score = cosine(vector, unit);
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  return best;
}
