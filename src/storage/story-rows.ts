import type { AnalysableItem, TopicTag } from '../domain/analysis.js';
import { filedTopics, type Story, type StoryMember } from '../domain/story.js';

export type StoryRow = {
  id: number;
  title: string;
  summary: string;
  summary_engine: string | null;
  topics: string;
  relevance: number;
  first_seen_at: number;
  updated_at: number;
  item_count: number;
  source_count: number;
};

/**
 * source_count: the outlets of the members, each item's outlet as stored (outletOf) without its language
 * edition: one article in three feeds of one outlet, two articles from two sections of one site, or one
 * wire story in four of DW's editions count once, so that translations never outrank newsrooms. (The
 * digest lists the editions apart, build-digest sourcesOf: a Russian chat reads BBC Russian's report.)
 * An item without a URL counts for its feed. The outlets come from the items_outlet index (migration 23),
 * not from the rows: SQLite looks a rowid up in the table, and there the outlet comes after the full text.
 */
export const storyColumns = `
  s.id, s.title, s.summary, s.summary_engine, s.topics, s.relevance, s.first_seen_at, s.updated_at,
  (SELECT COUNT(*) FROM story_items m WHERE m.story_id = s.id) AS item_count,
  (SELECT COUNT(DISTINCT CASE WHEN instr(i.outlet, '/') > 0 THEN substr(i.outlet, 1, instr(i.outlet, '/') - 1)
     ELSE i.outlet END)
   FROM story_items m JOIN items i INDEXED BY items_outlet ON i.id = m.item_id WHERE m.story_id = s.id) AS source_count`;

export type MemberRow = {
  story_id: number;
  item_id: number;
  url: string | null;
  title: string;
  summary: string;
  content: string | null;
  feed: string;
  feed_id: number;
  outlet: string;
  published_at: number;
  first_seen_at: number;
  language: string | null;
  similarity: number;
  duplicate_of: number | null;
};

export const memberColumns = `
  m.story_id, m.item_id, i.url, i.title, i.summary, i.content, COALESCE(f.name, f.title, f.url) AS feed,
  i.feed_id, i.outlet, i.published_at, i.first_seen_at, i.language, m.similarity, m.duplicate_of`;

/** memberColumns without the members' text: an empty summary and no content (StoryStore.list). */
export const memberColumnsWithoutText = memberColumns.replace(
  'i.summary, i.content',
  "'' AS summary, NULL AS content",
);

export function toStory(row: StoryRow): Story {
  const tags = JSON.parse(row.topics) as TopicTag[];
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    summaryEngine:
      row.summary_engine === 'llm' || row.summary_engine === 'extractive' ? row.summary_engine : null,
    // A story without a tag is filed under `other` (domain/story.ts), and shown so.
    topics: [...filedTopics(tags.map((tag) => tag.topic))],
    relevance: row.relevance,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    itemCount: row.item_count,
    sourceCount: row.source_count,
  };
}

export function toMember(row: MemberRow): StoryMember {
  return {
    itemId: row.item_id,
    url: row.url,
    title: row.title,
    summary: row.summary,
    content: row.content,
    feed: row.feed,
    feedId: row.feed_id,
    outlet: row.outlet,
    publishedAt: row.published_at,
    firstSeenAt: row.first_seen_at,
    language: row.language,
    similarity: row.similarity,
    duplicateOf: row.duplicate_of,
  };
}

export type FeedItemRow = {
  title: string;
  summary: string;
  content: string | null;
  language: string | null;
  published_at: number;
};

// Ids first, rows after: sorting a feed's ids costs a fifth of sorting its whole rows (bodies included)
// on a feed of 2,000 stored items.
export const recentFeedItemsSql = `
  SELECT title, summary, content, language, published_at FROM items
  WHERE id IN (SELECT id FROM items WHERE feed_id = ? ORDER BY published_at DESC, id DESC LIMIT ?)
  ORDER BY published_at DESC, id DESC`;

export const itemTextSql = 'SELECT title, summary, content, language, published_at FROM items WHERE id = ?';

export function toAnalysable(row: FeedItemRow): AnalysableItem {
  return {
    title: row.title,
    summary: row.summary,
    content: row.content,
    language: row.language,
    publishedAt: row.published_at,
  };
}
