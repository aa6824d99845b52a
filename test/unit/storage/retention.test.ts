import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createPruner } from '../../../src/storage/retention.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from './fixtures.js';

describe('createPruner', () => {
  it('removes stories and items older than the cut-off with their analysis, and keeps the rest', () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss')]);
    const feedId = feeds.list()[0]?.id ?? 0;
    const items = createItemStore(db);
    const [old, recent] = items
      .upsert(feedId, [item('old', { publishedAt: 1_000 }), item('new', { publishedAt: 50_000 })], 1_000)
      .changed.map((c) => c.id) as [number, number];
    const stories = createStoryStore(db);
    const verdict = { relevant: true, score: 2, threshold: 1, matches: [], rules: [] };
    stories.saveAnalysis({ itemId: old, relevance: verdict, topics: [], entities: [], analysedAt: 1_000 });
    const oldStory = stories.createStory('Old', 1_000);
    stories.addMember(oldStory, old, 1, null);
    stories.updateStory(oldStory, {
      title: 'Old',
      summary: '',
      summaryEngine: null,
      topics: [],
      relevance: 2,
      updatedAt: 1_000,
    });
    const newStory = stories.createStory('New', 50_000);
    stories.addMember(newStory, recent, 1, null);
    stories.updateStory(newStory, {
      title: 'New',
      summary: '',
      summaryEngine: null,
      topics: [],
      relevance: 2,
      updatedAt: 50_000,
    });

    // The old item was first seen at 1_000 too; the new one at 1_000 but published at 50_000.
    expect(createPruner(db).prune(10_000)).toEqual({ items: 1, stories: 1 });
    expect(stories.get(oldStory)).toBeNull();
    expect(stories.analysisOf(old)).toBeNull();
    expect(stories.get(newStory)?.itemCount).toBe(1);
    expect(items.count()).toBe(1);
    expect(db.prepare("SELECT COUNT(*) AS n FROM stories_fts WHERE stories_fts MATCH 'old'").get()).toEqual({
      n: 0,
    });
  });
});
