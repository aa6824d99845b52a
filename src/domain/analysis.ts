/** Types shared by the analysis stage (relevance, topics, clustering, summaries) and its callers. */

/** Where in an item a term was found; title and lead weigh more than the body. */
export type TextField = 'title' | 'lead' | 'body';

/** The text analysis works on: a stored or freshly normalised item. Times are epoch ms. */
export type AnalysableItem = {
  title: string;
  summary: string;
  content: string | null;
  language: string | null;
  publishedAt: number;
};

/** One lexicon or alias pattern that matched, for `parley explain`. */
export type TermMatch = {
  /** The lexicon entry or alias as written in config (e.g. `переговор*`, `peace talks`). */
  pattern: string;
  /** The text it matched, as found. */
  found: string;
  field: TextField;
  weight: number;
};

export type RelevanceVerdict = {
  relevant: boolean;
  score: number;
  threshold: number;
  /** Positive and negative matches that made the score, in order of weight. */
  matches: TermMatch[];
  /** Human-readable notes on context rules that fired (e.g. "no conflict context: negotiation terms halved"). */
  rules: string[];
};

export type TopicTag = {
  topic: string;
  score: number;
  /** The entities whose aliases matched, with what they matched. */
  matches: TermMatch[];
};

/** A canonical entity (person, place, group, country) found in an item, normalised through the aliases. */
export type EntityMention = { entity: string; field: TextField; found: string };

export type ItemAnalysis = {
  relevance: RelevanceVerdict;
  topics: TopicTag[];
  entities: EntityMention[];
};
