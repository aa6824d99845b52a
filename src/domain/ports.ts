/**
 * The seams between the use cases (scheduler, delivery, cli) and the adapters (ingest, storage,
 * platforms). Use cases see adapters only through these types.
 */

import type { AnalysableItem, ItemAnalysis } from './analysis.js';
import type { Feed, FeedFetchOutcome, FeedSource } from './feed.js';
import type { CacheHints } from './fetch-schedule.js';
import type { NormalisedItem, UpsertResult } from './item.js';
import type { StoredAnalysis, StoryQuery, StoryUpdate, StoryWithItems } from './story.js';

/** What the reader needs to know about a feed to fetch it. */
export type FeedReadRequest = Pick<Feed, 'url' | 'language' | 'etag' | 'lastModified'>;

export type FeedMeta = {
  title: string | null;
  link: string | null;
  language: string | null;
  format: 'rss' | 'atom' | 'rdf' | 'json';
};

export type FeedReadResult =
  | { kind: 'not-modified'; status: 304; finalUrl: string; cache: CacheHints }
  | {
      kind: 'ok';
      status: number;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      cache: CacheHints;
      feed: FeedMeta;
      items: NormalisedItem[];
      bytes: number;
    };

/**
 * Fetches, decodes, parses and normalises one feed. Failures are thrown as AppError
 * (details.status and details.retryAfterSeconds when the server said so).
 */
export type FeedReader = { read(request: FeedReadRequest): Promise<FeedReadResult> };

/** Fetches an article page and returns its main text, or null when none could be extracted. */
export type ArticleReader = { readText(url: string): Promise<string | null> };

export type FeedStore = {
  /** Makes the stored feeds match the configured ones: adds new, updates names, disables the rest. */
  syncSources(sources: readonly FeedSource[]): { added: number; updated: number; disabled: number };
  list(options?: { includeDisabled?: boolean }): Feed[];
  /** Enabled feeds whose next fetch time has come, soonest first. */
  due(now: number): Feed[];
  byUrl(url: string): Feed | null;
  recordOutcome(feedId: number, outcome: FeedFetchOutcome): void;
};

export type ItemStore = {
  /** Inserts new items and updates known ones whose title or text changed, in one transaction. */
  upsert(feedId: number, items: readonly NormalisedItem[], now: number): UpsertResult;
  /** Of these dedupe keys, the ones already stored with full content (so their page need not be fetched again). */
  keysWithContent(feedId: number, dedupeKeys: readonly string[]): Set<string>;
  count(): number;
};

export type StoryStore = {
  /** Stores what the analysis concluded about an item (replacing an earlier analysis of it). */
  saveAnalysis(analysis: Omit<StoredAnalysis, 'storyId'>): void;
  analysisOf(itemId: number): StoredAnalysis | null;
  /** Creates a story; `id` when the clustering index numbered it already. */
  createStory(title: string, at: number, id?: number): number;
  /** Puts an item in a story (moving it from another if it was elsewhere). */
  addMember(storyId: number, itemId: number, similarity: number, duplicateOf: number | null): void;
  updateStory(storyId: number, update: StoryUpdate): void;
  get(storyId: number): StoryWithItems | null;
  storyOfItem(itemId: number): number | null;
  itemByUrl(url: string): { itemId: number } | null;
  list(query: StoryQuery): StoryWithItems[];
  /** Members of stories updated since `since`, oldest first, with their text and analysis: to rebuild the clustering index at start. */
  recentMembers(
    since: number,
  ): Array<{ storyId: number; itemId: number; item: AnalysableItem; analysis: ItemAnalysis | null }>;
  /** The highest story id, so a rebuilt index continues numbering after it. */
  maxStoryId(): number;
  count(): number;
};

/** Relevance, topics and entities of one item (pure; see src/analysis). */
export type ItemAnalyser = { analyse(item: AnalysableItem): ItemAnalysis };

export type ClusterAssignment = {
  storyId: number;
  created: boolean;
  similarity: number;
  duplicateOf: number | null;
};

/** The in-memory index of recent stories that decides which story a relevant item joins. */
export type StoryClusterer = {
  assign(itemId: number, item: AnalysableItem, analysis: ItemAnalysis): ClusterAssignment;
  /** The most representative headline of a story the index knows, or null if it does not know it. */
  title(storyId: number): string | null;
  /** Forgets stories older than the window. */
  evict(before: number): void;
};

export type SummaryText = { text: string; engine: 'extractive' | 'llm' };

export type Summarizer = {
  /** `language` null: the language most of the items are in. */
  summarize(items: ReadonlyArray<AnalysableItem>, language: string | null): Promise<SummaryText>;
};

/** Removes what is older than the retention period. */
export type Pruner = { prune(before: number): { items: number; stories: number } };
