/**
 * Centroid scoring and redundancy removal for extractive summaries.
 * Centroid-based multi-document summarisation: Radev et al., "Centroid-based summarization of
 * multiple documents", Information Processing & Management 40 (2004).
 * Maximal marginal relevance: Carbonell & Goldstein, SIGIR 1998, https://doi.org/10.1145/290941.291025
 */

/** A sparse term vector, L2-normalised unless said otherwise. */
export type TermVector = Map<string, number>;

/** Smoothed inverse document frequency over the given documents (here: the story's sentences). */
export function inverseDocumentFrequency(documents: readonly (readonly string[])[]): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const terms of documents) {
    for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  const count = documents.length;
  for (const [term, df] of frequency) idf.set(term, Math.log((1 + count) / (1 + df)) + 1);
  return idf;
}

export function normalise(vector: TermVector): TermVector {
  let norm = 0;
  for (const weight of vector.values()) norm += weight * weight;
  if (norm === 0) return vector;
  const length = Math.sqrt(norm);
  const result: TermVector = new Map();
  for (const [term, weight] of vector) result.set(term, weight / length);
  return result;
}

/** The normalised TF-IDF vector of one document's terms. */
export function tfidf(terms: readonly string[], idf: ReadonlyMap<string, number>): TermVector {
  const vector: TermVector = new Map();
  for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + (idf.get(term) ?? 1));
  return normalise(vector);
}

/** `weight × vector` added into `into`. */
export function addInto(into: TermVector, vector: ReadonlyMap<string, number>, weight = 1): void {
  for (const [term, value] of vector) into.set(term, (into.get(term) ?? 0) + weight * value);
}

/** Cosine of two normalised vectors (their dot product). */
export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return dot;
}

export type Scored = {
  length: number;
  score: number;
  vector: TermVector;
  /**
   * A sentence that leans on the one before it in its text (summary-furniture.ts leansOnPrevious): the
   * index of that one among the candidates, and its score without the penalty for leaning, which it
   * gets once that one is chosen (the summary then reads them together, in order).
   */
  leansOn?: number;
  unleaned?: number;
};

export type SelectionOptions = {
  maxSentences: number;
  maxChars: number;
  /** MMR trade-off between centrality (1) and novelty (0). */
  lambda: number;
  /** A candidate this similar to a chosen sentence says the same thing and is never chosen. */
  duplicateCut: number;
  /** After the first pick, a candidate scoring below this share of the first one's score is filler. */
  minRelativeScore: number;
  /** A candidate whose terms are this much (by weight) in one chosen sentence restates it. */
  coverageCut?: number;
  /**
   * A candidate less than this share of whose distinct terms is new to the chosen sentences together
   * restates the summary so far (see `novelty`).
   */
  noveltyCut?: number;
};

/**
 * The share of `candidate`'s term weight (TF-IDF) whose terms `other` has too: 1 for a sentence whose
 * every term is in the other. A short sentence that repeats a longer one ("Undoubtedly, there will be
 * a separate list of conditions for a ceasefire." after "Moscow will prepare a separate list of
 * conditions for a ceasefire, Kremlin Spokesman Dmitry Peskov told reporters.") is mostly covered
 * (0.7) while the cosine of the two stays low (0.34), the longer one having many terms of its own.
 */
export function coverage(candidate: ReadonlyMap<string, number>, other: ReadonlyMap<string, number>): number {
  let covered = 0;
  let total = 0;
  for (const [term, weight] of candidate) {
    total += weight;
    if (other.has(term)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

// Ordinals written in figures and in words are one term ("5th round", "the fifth round").
const ordinals: Readonly<Record<string, string>> = {
  '1st': 'first',
  '2nd': 'second',
  '3rd': 'third',
  '4th': 'fourth',
  '5th': 'fifth',
  '6th': 'sixth',
  '7th': 'seventh',
  '8th': 'eighth',
  '9th': 'ninth',
  '10th': 'tenth',
};

function sameSense(term: string): string {
  return ordinals[term] ?? term;
}

/** Adds the terms of a chosen sentence to what the summary has said. */
export function addSaid(said: Set<string>, vector: ReadonlyMap<string, number>): void {
  for (const term of vector.keys()) said.add(sameSense(term));
}

// Below this many terms a sentence is too short to judge by its words: "Ukraine was not invited." after
// a sentence naming Ukraine and the meeting says something new in one word (and the negation is no term).
const noveltyMinTerms = 4;

/**
 * The share of the candidate's distinct terms that the summary has not said yet (`said`, see addSaid;
 * in this form or another, isSaid): what it would add. Each term counts once whatever its weight, since
 * within one story the words every report shares (the event's) have the lowest IDF, and a restatement
 * in other words ("Omani foreign minister says 5th round of Iran-US talks will be held in Rome" after
 * "The fifth round of nuclear talks between Iran and the United States will take place on May 23 in
 * Rome") adds few terms of its own but much weight. 1 for a candidate of fewer than four terms.
 */
export function novelty(candidate: ReadonlyMap<string, number>, said: ReadonlySet<string>): number {
  if (candidate.size < noveltyMinTerms) return 1;
  let fresh = 0;
  for (const term of candidate.keys()) if (!isSaid(sameSense(term), said)) fresh++;
  return fresh / candidate.size;
}

// A name said in another form, which stemming leaves apart: a word of letters of 4 or more and the same
// word with a demonym's ending (Oman and Omani, Iran and Iranian, Israel and Israeli, Ukraine and
// Ukrainian, Иран and иранский). Only those endings: Niger is no Nigeria, a king no kingdom, and
// 1200 no 12000.
const shortestBase = 4;
const letters = /^\p{L}+$/u;
const demonymEnding = /^(?:i|n|an|ian|ese|is|ish|ns|ск|ськ)$/u;

function isSaid(term: string, said: ReadonlySet<string>): boolean {
  if (said.has(term)) return true;
  if (term.length < shortestBase || !letters.test(term)) return false;
  for (const other of said) {
    const [base, longer] = other.length < term.length ? [other, term] : [term, other];
    if (
      base.length >= shortestBase &&
      longer.startsWith(base) &&
      demonymEnding.test(longer.slice(base.length))
    )
      return true;
  }
  return false;
}

function marginalRelevance(
  score: number,
  candidate: Scored,
  chosen: readonly Scored[],
  lambda: number,
): number {
  let redundancy = 0;
  for (const picked of chosen) redundancy = Math.max(redundancy, cosine(candidate.vector, picked.vector));
  return lambda * score - (1 - lambda) * redundancy;
}

/**
 * Indices of the candidates to use, best first: greedy MMR under a sentence and character budget
 * (sentences joined by one space). A sentence that does not fit the remaining budget is skipped and
 * shorter ones are still considered; near-duplicates of a chosen sentence, and sentences it covers
 * (`coverageCut`), are never taken.
 */
export function selectByMmr(candidates: readonly Scored[], options: SelectionOptions): number[] {
  const chosen: number[] = [];
  const open = new Set(candidates.keys());
  const said = new Set<string>();
  // The worth the first sentence was chosen at: the floor of the others (a leaning one chosen first
  // keeps its floor when the one it leans on follows).
  let first = 0;
  const noveltyCut = options.noveltyCut ?? 0;
  let used = 0;
  const score = (candidate: Scored): number =>
    candidate.leansOn !== undefined && chosen.includes(candidate.leansOn)
      ? (candidate.unleaned ?? candidate.score)
      : candidate.score;
  while (chosen.length < options.maxSentences) {
    const picked = chosen.map((index) => candidates[index]).filter((c): c is Scored => c !== undefined);
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const index of open) {
      const candidate = candidates[index];
      if (candidate === undefined) continue;
      const cost = candidate.length + (chosen.length > 0 ? 1 : 0);
      const coverageCut = options.coverageCut ?? Number.POSITIVE_INFINITY;
      const tooSimilar =
        picked.some(
          (p) =>
            cosine(candidate.vector, p.vector) >= options.duplicateCut ||
            coverage(candidate.vector, p.vector) >= coverageCut,
        ) ||
        (picked.length > 0 && novelty(candidate.vector, said) < noveltyCut);
      const floor = first * options.minRelativeScore;
      if (used + cost > options.maxChars || tooSimilar) {
        open.delete(index);
        continue;
      }
      if (score(candidate) <= floor) {
        // Below the floor for now, a leaning sentence may pass it once the one before it is chosen.
        if (candidate.leansOn === undefined || (candidate.unleaned ?? 0) <= floor) open.delete(index);
        continue;
      }
      const value = marginalRelevance(score(candidate), candidate, picked, options.lambda);
      if (value > bestValue) [best, bestValue] = [index, value];
    }
    const winner = candidates[best];
    if (winner === undefined) break;
    if (chosen.length === 0) first = score(winner);
    chosen.push(best);
    open.delete(best);
    addSaid(said, winner.vector);
    used += winner.length + (chosen.length > 1 ? 1 : 0);
  }
  return chosen;
}
