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
  /** Counted from the structures held (see estimateBytes in cluster.ts), not measured. */
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
  /** Puts an item into a known story without matching, e.g. to rebuild the window after a restart. */
  seed(item: ClusterInput, storyId: number, similarity: number): void;
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
  nextStoryId?: number;
  /** Weight of a title term occurrence relative to a lead term occurrence. */
  titleWeight?: number;
  /** Share of the term cosine in the combined similarity (the entity cosine takes the rest). */
  termShare?: number;
  /** Factor on the entity cosine when item and story share no language (no term evidence). */
  crossLanguageWeight?: number;
  /** Shared entities needed to join a story written in other languages only. */
  minSharedEntities?: number;
  /** Similarity halves for every this many hours between the item and the story's time span. */
  halfLifeHours?: number;
  /** Estimated token-bigram Jaccard from which an item is a near-verbatim copy. */
  duplicateJaccard?: number;
  /** Terms kept per item (the heaviest by TF-IDF); the rest are dropped from its story's centroid. */
  maxTermsPerItem?: number;
  /** Each item posts its this many heaviest terms (and all its entities) to the inverted index. */
  indexTermsPerItem?: number;
  /** Stories, ranked by weighted shared keys, whose full similarity is computed. */
  maxCandidates?: number;
  /** Budget of inverted-index entries visited per item, rarest keys first. */
  maxPostingsPerItem?: number;
  /** Title candidates kept per story for the representative-title choice. */
  titleCandidates?: number;
};

/**
 * Defaults, calibrated on public same-story data (not on Parley's labelled sets); see the report in
 * test/bench/analysis-cluster.ts. windowHours and threshold are required by createStoryIndex but
 * these are the recommended values.
 */
export const defaultClusterOptions = {
  windowHours: 72,
  threshold: 0.3,
  nextStoryId: 1,
  titleWeight: 2,
  termShare: 0.6,
  crossLanguageWeight: 0.6,
  minSharedEntities: 2,
  halfLifeHours: 48,
  duplicateJaccard: 0.6,
  maxTermsPerItem: 24,
  indexTermsPerItem: 10,
  maxCandidates: 16,
  maxPostingsPerItem: 128,
  titleCandidates: 2,
} as const satisfies Required<ClusterOptions>;
