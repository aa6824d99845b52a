import type { NearestStory } from '../domain/ports.js';
import { AppError } from '../shared/errors.js';

/** Contracts of incremental story clustering (see cluster.ts). Times are epoch ms. */

/** An item's already-extracted features: clustering does no text processing of its own. */
export type ClusterInput = {
  id: number;
  publishedAt: number;
  /** Original title, for the story title choice. */
  title: string;
  /** Stemmed content terms of the title (stopwords removed). */
  titleTerms: readonly string[];
  /** Stemmed content terms of the lead (summary / first sentences). */
  leadTerms: readonly string[];
  /** Folded, unstemmed tokens of title + lead, for near-duplicate shingles. */
  tokens: readonly string[];
  /** Canonical entity ids (e.g. 'witkoff', 'istanbul'): language independent. */
  entities: readonly string[];
  language: string | null;
  /** The acts the title reports (cluster-act.ts eventActs): 0 or absent when unknown. */
  acts?: number;
};

export type ClusterDecision = {
  /** The existing story joined, or a new id. */
  storyId: number;
  created: boolean;
  /** With the story joined (0 for new); for duplicates the estimated token Jaccard (1 when exact). */
  similarity: number;
  /** The item id of the copy when caught as an exact or near-verbatim copy. */
  duplicateOf: number | null;
  reason: 'duplicate' | 'similar' | 'new';
};

export type StoryMember = { itemId: number; similarity: number };

export type ClusterStats = {
  stories: number;
  items: number;
  /** Counted from the sizes of the structures held (typed arenas, tables, objects), not measured. */
  bytesEstimate: number;
  /** Distinct terms and entities in the window. */
  vocabulary: number;
  /** Cumulative: stories whose full similarity was computed. */
  candidatesScored: number;
  /** Cumulative: inverted-index entries visited while gathering candidates. */
  postingsVisited: number;
};

export type StoryIndex = {
  add(item: ClusterInput): ClusterDecision;
  /**
   * The story an item would join (at or above the threshold), without adding it: null when it would
   * start a new one.
   */
  nearest(item: ClusterInput): NearestStory | null;
  /**
   * Puts an item into a known story without matching, e.g. to rebuild the window after a restart; a
   * copy (`duplicateOf`) joins as a member only, as it did when it came, not into the centroid or the IDF.
   */
  seed(item: ClusterInput, storyId: number, similarity: number, duplicateOf?: number | null): void;
  /** Forgets stories whose last item is older than `before` (the window slides with time). */
  evict(before: number): number;
  stats(): ClusterStats;
  /** The members of a story with their similarity to it, for `parley explain`. */
  members(storyId: number): StoryMember[];
  /** The most representative title of a story (closest to its centroid); '' for an unknown story. */
  title(storyId: number): string;
};

export type ClusterOptions = {
  /** Stories whose last item is further than this from a new item are not candidates. */
  windowHours: number;
  /** Minimum similarity to join a story. */
  threshold: number;
  /**
   * Documents (items) without any key, added to the window's count in the IDF: keeps a near-empty
   * window sane. (IDF counted stories before it counted items; the name stayed.)
   */
  idfPriorStories?: number;
  nextStoryId?: number;
  /** Weight of a title term occurrence relative to a lead term occurrence. */
  titleWeight?: number;
  /** Share of the term cosine in the combined similarity (the entity cosine takes the rest). */
  termShare?: number;
  /** Factor on the entity cosine when item and story share no language (no term evidence). */
  crossLanguageWeight?: number;
  /**
   * Shared entities needed for the entity cosine to count: to join a story written in other languages
   * only, and in the same language too (one shared name, the country, says nothing of the story).
   */
  minSharedEntities?: number;
  /** Similarity halves for every this many hours between the item and the story's time span. */
  halfLifeHours?: number;
  /** Below this term cosine, shared entities add nothing (same language only). */
  minTermCosine?: number;
  /** Estimated token-bigram Jaccard from which an item is a near-verbatim copy. */
  duplicateJaccard?: number;
  /** Terms kept per item (the heaviest by TF-IDF); the rest are dropped from its story's centroid. */
  maxTermsPerItem?: number;
  /** Each item posts its this many heaviest terms (and all its entities) to the inverted index. */
  indexTermsPerItem?: number;
  /** At most this many candidates (best similarity bound first) get their full similarity computed. */
  maxCandidates?: number;
  /** Budget of inverted-index entries visited per item, heaviest keys first. */
  maxPostingsPerItem?: number;
  /**
   * Keeps an item out of a story that reports the opposite outcome (cluster-act.ts compatibleActs):
   * agreed against violated, collapsed or rejected.
   */
  separateActs?: boolean;
};

/**
 * Recommended values (windowHours and threshold must still be passed). How they were chosen:
 * - IDF over items instead of stories (cluster-vocabulary.ts), minSharedEntities applied within a
 *   language too, threshold 0.3 → 0.27: a day's many reports on one conflict ("Iran won't stop
 *   enrichment", "Iran, E3 agree to resume talks") no longer meet through the conflict's own words and
 *   name. Chosen on dev material only, story B-cubed F1 from / to: real dev split 0.824 → 0.829, seven
 *   studied days of real headlines 0.758 → 0.789, written probe files 0.881 → 0.883 (grid: item IDF
 *   on/off × same-language minimum 1–2 × threshold 0.25–0.3 × gate 0.2–0.25 × termShare 0.5–0.7);
 *   then held-out: real holdout split 0.875 → 0.918, five held-out days of real headlines 0.742 →
 *   0.771, held-out probe rounds 0.934 → 0.937.
 * - minTermCosine 0.25 with threshold 0.3 (0.35 and no gate before): real headlines of one day name
 *   the same conflict in many stories ("Iran, E3 agree to resume talks", "Iran won't stop
 *   enrichment", "E3 threatens snapback"), and the entity cosine alone (0.4 × ~1) carried them into
 *   one story. Chosen on dev material only, story B-cubed F1 from / to: real dev split 0.823 → 0.824,
 *   four studied days of real July–August 2025 headlines 0.688 → 0.783, written probe files 0.896 →
 *   0.881 (grid: gate 0.1–0.3 × threshold 0.3–0.55, and a smooth gate; the held-out figures were
 *   printed beside them but not used to choose): real holdout split 0.839 → 0.875, three other days of
 *   real headlines 0.576 → 0.732, held-out probe rounds 0.937 → 0.934.
 * - threshold before the gate: first 0.3 from public data alone (below), then 0.35 where MRPC's F1
 *   peaks, after the dev split of test/eval/labels showed 0.3 over-merging English stories of one
 *   conflict (dev story B-cubed F1 0.80 at 0.3, 0.83 at 0.35, 0.82 at 0.4; the holdout was not used).
 *   Term cosines with these weights on public same-story data
 *   (../shared/corpora/similarity): 98.8% of MRPC paraphrase pairs reach 0.3; of STS-B headline
 *   pairs, 97% of "equivalent" (≥ 4) ones do, against 41% of "different" (≤ 2) ones, headlines alone
 *   being the weakest evidence an item has (STS-B's F1 peaks at 0.45, MRPC's at 0.35); clustering
 *   the 220 WikiRef220 articles (title + 3 sentences) merges no two topics at 0.25 and above
 *   (B-cubed precision 1.000, 0.991 at 0.2).
 * - windowHours 72, halfLifeHours 48: the labelling guidelines group an event's reports "within about
 *   two days"; a report 12 h after the story's last one keeps 84% of its similarity.
 * - titleWeight 2, termShare 0.6, crossLanguageWeight 0.6, minSharedEntities 2: a headline states the
 *   event; terms are the richer evidence within a language; across languages only entities remain,
 *   so 2+ shared entities with an entity cosine ≥ 0.5 are needed to join (and, since the item IDF,
 *   2+ for entities to count within a language).
 * - duplicateJaccard 0.6: a wire copy under a new 10-word title over a 40-word lead still shares
 *   ~65% of its word pairs; of MRPC's same-story sentence pairs, 16% of paraphrases and 4% of the
 *   others reach 0.6 (they would join the story anyway, as copies that leave its centroid alone).
 * - separateActs on: reports of one conflict on one day share its names and words, and about half of
 *   the wrong merges on dense real headline days joined opposite acts ("India and Pakistan accuse each
 *   other of violations" and "India and Pakistan agree ceasefire", 0.73). Chosen on dev material only,
 *   story B-cubed F1 from / to: English dev headline days 0.781 → 0.790 (P 0.757 → 0.780, R 0.806 →
 *   0.800), real dev split, written probe files (dev), replay and pooled real English unchanged
 *   (0.846, 0.878, 0.837, 0.814). Tried and left: a multiplicative penalty (×0.5, ×0.7: 0.783, the
 *   merged pairs score far above the threshold), a threshold of 0.5–0.6 for opposite acts (0.783–0.787),
 *   acts as sets that must intersect, talks and proposals included (0.787, real dev split 0.846 →
 *   0.842, probes 0.878 → 0.873), one act per headline by priority (0.795, but four probe stories split
 *   where a headline tells of both kinds), the clause after "but" alone (0.791, two probe splits), the
 *   lead's first 200 characters (no change), the story's act as union or majority of its members' (no
 *   change; the union is kept, since it does not depend on the members' order, and a story seeded after
 *   a restart gets its members in publication order). Then held-out: headline days 0.790 → 0.795, real
 *   holdout split, replay, held-out probe rounds unchanged (0.918, 0.832, 0.928). A review then
 *   narrowed the words to their senses (exchanges of fire, "declares martial law", negations, "freedom",
 *   released footage, "extends sanctions", Ukrainian "продовжує" and "звільнили село" are no acts):
 *   English dev headline days 0.794 (P 0.788, R 0.800), the other dev figures unchanged.
 * - idfPriorStories 50, indexTermsPerItem 10, maxCandidates 16, maxPostingsPerItem 128: cost and
 *   memory bounds, checked not to change the bench's synthetic B-cubed figures
 *   (test/bench/analysis-cluster.ts).
 * - maxTermsPerItem 32 (24 before): items with a long lead lost words their other reports share;
 *   on the written probe files story B-cubed recall 0.802 → 0.815 (precision 0.994 → 0.992), the
 *   real dev split unchanged; 48 or 64 add nothing more. Index ≈ 245 B/item in the realistic bench.
 */
export const defaultClusterOptions = {
  windowHours: 72,
  threshold: 0.27,
  nextStoryId: 1,
  idfPriorStories: 50,
  titleWeight: 2,
  termShare: 0.6,
  crossLanguageWeight: 0.6,
  minSharedEntities: 2,
  halfLifeHours: 48,
  minTermCosine: 0.25,
  duplicateJaccard: 0.6,
  maxTermsPerItem: 32,
  indexTermsPerItem: 10,
  maxCandidates: 16,
  maxPostingsPerItem: 128,
  separateActs: true,
} as const satisfies Required<ClusterOptions>;

/** The options with defaults filled in; every problem is listed in one invalid_input error. */
export function resolveClusterOptions(options: ClusterOptions): Required<ClusterOptions> {
  const o = { ...defaultClusterOptions, ...options };
  const problems: string[] = [];
  if (!(o.windowHours > 0)) problems.push('windowHours must be > 0');
  if (!(o.threshold > 0 && o.threshold <= 1)) problems.push('threshold must be in (0, 1]');
  if (!(o.termShare >= 0 && o.termShare <= 1)) problems.push('termShare must be in [0, 1]');
  if (!(o.crossLanguageWeight >= 0 && o.crossLanguageWeight <= 1)) {
    problems.push('crossLanguageWeight must be in [0, 1]');
  }
  if (!(o.halfLifeHours > 0)) problems.push('halfLifeHours must be > 0');
  if (!(o.minTermCosine >= 0 && o.minTermCosine <= 1)) problems.push('minTermCosine must be in [0, 1]');
  if (!(o.idfPriorStories >= 0)) problems.push('idfPriorStories must be ≥ 0');
  if (!(Number.isInteger(o.minSharedEntities) && o.minSharedEntities >= 0)) {
    problems.push('minSharedEntities must be an integer ≥ 0');
  }
  if (!(o.duplicateJaccard > 0 && o.duplicateJaccard <= 1))
    problems.push('duplicateJaccard must be in (0, 1]');
  const counts = [o.maxCandidates, o.maxPostingsPerItem, o.maxTermsPerItem, o.indexTermsPerItem];
  if (!counts.every((n) => Number.isInteger(n) && n >= 1)) {
    problems.push(
      'maxCandidates, maxPostingsPerItem, maxTermsPerItem and indexTermsPerItem must be integers ≥ 1',
    );
  }
  if (problems.length > 0) {
    throw new AppError('invalid_input', `invalid clustering options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return o;
}
