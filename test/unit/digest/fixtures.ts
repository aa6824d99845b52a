import type { StoryMember, StoryWithItems } from '../../../src/domain/story.js';

/** A story member from feed `feedId` named `feed`, published at 5_000. */
export const member = (feedId: number, feed: string, more: Partial<StoryMember> = {}): StoryMember => ({
  itemId: feedId * 100,
  url: `https://${feed.toLowerCase()}.example/a`,
  title: `${feed} headline`,
  summary: '',
  content: null,
  feed,
  feedId,
  publishedAt: 5_000,
  language: 'en',
  similarity: 1,
  duplicateOf: null,
  ...more,
});

/** A story with one member per outlet in `feeds`, updated at 5_000. */
export const story = (
  id: number,
  topics: string[],
  feeds: string[],
  more: Partial<StoryWithItems> = {},
): StoryWithItems => ({
  id,
  title: `Story ${id}`,
  summary: `Summary ${id}.`,
  summaryEngine: 'extractive',
  topics,
  relevance: 5,
  firstSeenAt: 1_000,
  updatedAt: 5_000,
  itemCount: feeds.length,
  sourceCount: feeds.length,
  items: feeds.map((feed, i) => member(i + 1, feed)),
  ...more,
});

export const labels = new Map([
  ['ukraine', 'Russia–Ukraine war'],
  ['gaza', 'Israel–Hamas, Gaza'],
]);
