import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { recentFeedItemsSql, storyColumns } from '../../../src/storage/story-rows.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from './fixtures.js';

describe('story store: recent items of a feed', () => {
  it("returns a feed's newest items first, at most the limit, whatever their relevance and story", () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
    const [a, b] = feeds.list().map((feed) => feed.id) as [number, number];
    const items = createItemStore(db);
    items.upsert(
      a,
      [
        item('old', { publishedAt: 1000, content: 'Old text.' }),
        item('newest', { publishedAt: 3000, language: 'ru' }),
        item('middle', { publishedAt: 2000 }),
      ],
      5000,
    );
    items.upsert(b, [item('other', { publishedAt: 4000 })], 5000);
    const stories = createStoryStore(db);
    expect(stories.recentFeedItems(a, 2)).toEqual([
      {
        title: 'Title newest',
        summary: 'Summary of newest',
        content: null,
        language: 'ru',
        publishedAt: 3000,
      },
      {
        title: 'Title middle',
        summary: 'Summary of middle',
        content: null,
        language: 'en',
        publishedAt: 2000,
      },
    ]);
    expect(stories.recentFeedItems(a, 40).map((one) => one.content)).toEqual([null, null, 'Old text.']);
    expect(stories.recentFeedItems(b, 40).map((one) => one.title)).toEqual(['Title other']);
  });

  it("reads a feed's newest ids through the feed-and-time index, not by sorting all its rows", () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare<[number, number], { detail: string }>(`EXPLAIN QUERY PLAN ${recentFeedItemsSql}`)
      .all(1, 40)
      .map((row) => row.detail);
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH items USING COVERING INDEX items_feed_published/),
    );
    expect(plan.filter((detail) => /TEMP B-TREE/.test(detail))).toHaveLength(1);
    db.close();
  });
});

describe("story store: a story's outlets", () => {
  it('counts the outlets from the items_outlet index, never from the item rows with their full text', () => {
    const db = openDatabase(':memory:');
    const plan = db
      .prepare<[number, number], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT ${storyColumns} FROM stories s WHERE s.updated_at >= ?
         ORDER BY source_count DESC, s.relevance DESC LIMIT ?`,
      )
      .all(0, 50)
      .map((row) => row.detail);
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH i USING COVERING INDEX items_outlet \(id=\?\)/),
    );
    expect(plan.join('\n')).not.toMatch(/SEARCH i USING INTEGER PRIMARY KEY/);
    db.close();
  });
});
