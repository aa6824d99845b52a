import type { EntityMention, RelevanceVerdict, TopicTag } from './analysis.js';
import { digestLanguageIn } from './chat.js';

/** A story: the same event reported by one or more items, possibly from several outlets and languages. */
export type Story = {
  id: number;
  title: string;
  summary: string;
  summaryEngine: 'extractive' | 'llm' | null;
  /** Topic ids, strongest first. */
  topics: string[];
  /** The highest relevance score among its items. */
  relevance: number;
  firstSeenAt: number;
  /** When the story last gained or changed an item. */
  updatedAt: number;
  itemCount: number;
  /**
   * The outlets that reported it, by site: the feeds, sections and language editions of one site count
   * once (storage story-rows.ts source_count). Digests rank by it.
   */
  sourceCount: number;
};

/** One member of a story, as digests and `parley stories --json` show it. */
export type StoryMember = {
  itemId: number;
  url: string | null;
  title: string;
  summary: string;
  content: string | null;
  feed: string;
  feedId: number;
  /** The outlet it counts for (item.ts outletOf), as stored with the item. */
  outlet: string;
  publishedAt: number;
  /** When Parley first stored it: a report seen late counts from then (schedule.ts digestTimeOf). */
  firstSeenAt: number;
  language: string | null;
  similarity: number;
  duplicateOf: number | null;
};

/**
 * The story as its reports in another language tell it: one of their headlines and a summary of them
 * alone. A chat whose digest language has one reads it instead of the story's own title and summary.
 */
export type StoryVersion = { language: string; title: string; summary: string };

/** `versions`: one per digest language, other than its summary's, that some of its reports are in. */
export type StoryWithItems = Story & { items: StoryMember[]; versions?: readonly StoryVersion[] };

/** The story as a chat reading `language` sees it: its version in that language, if it has one. */
export function storyIn(story: StoryWithItems, language: string): StoryWithItems {
  const version = story.versions?.find((v) => v.language === language);
  // Only while a report of that language is still a member (retention may have pruned them since).
  const told =
    version !== undefined && story.items.some((item) => digestLanguageIn(item.language) === language);
  return told ? { ...story, title: version.title, summary: version.summary } : story;
}

/** What the analysis of one stored item concluded, as stored for `parley explain`. */
export type StoredAnalysis = {
  itemId: number;
  relevance: RelevanceVerdict;
  topics: TopicTag[];
  entities: EntityMention[];
  analysedAt: number;
  storyId: number | null;
};

/**
 * The topic a story that names no conflict of topics.yaml is filed under: the guidelines' "other — any
 * other conflict". Such stories exist when an operator turns `requireTopic` off, and from before the
 * `other` topic was added; filing them there lets a chat that chose `other` get them too.
 */
export const untaggedTopic = 'other';

/** The topics a story is filed under: its tags, or `untaggedTopic` when it has none. */
export function filedTopics(topics: readonly string[]): readonly string[] {
  return topics.length > 0 ? topics : [untaggedTopic];
}

export type StoryQuery = {
  /** Stories tagged with any of these topics; empty or absent = all. */
  topics?: readonly string[];
  /** Stories updated at or after this time. */
  since?: number;
  /** Stories updated before this time. */
  until?: number;
  limit?: number;
  /** `recent` (default): newest first. `ranked`: as digests rank them, most outlets, then relevance, then newest. */
  order?: 'recent' | 'ranked';
  /**
   * Words the story's title or summary must all have, each as the start of a word of it ("переговор"
   * finds "переговоры" and "переговорах"), letter case and accents aside. Anything else typed (quotes,
   * operators) separates words and is not read as search syntax.
   */
  search?: string;
};

/** The fields a story's members decide, written back after each change. */
export type StoryUpdate = {
  title: string;
  summary: string;
  summaryEngine: 'extractive' | 'llm' | null;
  topics: TopicTag[];
  relevance: number;
  updatedAt: number;
  /** Replace the story's versions in other languages (absent: leave them). */
  versions?: readonly StoryVersion[];
};

/** At most this many words are looked for: the rest of a longer search is left out. */
const searchWordLimit = 16;

/**
 * An FTS5 query for the words of `text`: each a prefix query in quotes ("word"*), all required. Nothing
 * the user typed is read as FTS5 syntax (AND, NEAR, column:, ^, quotes): only letters, digits and
 * combining marks make words. Null when there is no word.
 * Syntax: https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
export function searchQuery(text: string): string | null {
  const words =
    text
      .normalize('NFC')
      .match(/[\p{L}\p{N}\p{M}]+/gu)
      ?.slice(0, searchWordLimit) ?? [];
  return words.length === 0 ? null : words.map((word) => `"${word}"*`).join(' ');
}
