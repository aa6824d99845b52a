import { describe, expect, it } from 'vitest';
import type { StoryClusterer } from '../../../src/domain/ports.js';
import { createStoryPipeline } from '../../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createPruner } from '../../../src/storage/retention.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from '../storage/fixtures.js';

const day = 86_400_000;
const now = Date.UTC(2026, 0, 20);

/** A database with one feed, and its item and story stores. */
function oneFeed() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss')]);
  const [feedId] = feeds.list().map((feed) => feed.id) as [number];
  return { db, feedId, items: createItemStore(db), stories: createStoryStore(db) };
}

describe('story pipeline: a retention prune between two items of a batch', () => {
  it('keeps a report that joined a story past retention and dates it out of the prune', async () => {
    const { db, feedId, items, stories } = oneFeed();
    const clock = createManualClock(now - 10 * day);
    let created = true;
    // Every report is of one story: the clusterer still holds it (its horizon is longer than retention).
    const clusterer: StoryClusterer = {
      assign: () => {
        const decision = { storyId: 1, created, similarity: 1, duplicateOf: null };
        created = false;
        return decision;
      },
      nearest: () => null,
      title: () => null,
      retitle: () => false,
      evict: () => undefined,
    };
    const pipeline = createStoryPipeline({
      analyser: {
        analyse: () => ({
          relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
          topics: [],
          entities: [],
        }),
      },
      clusterer,
      summarizer: { summarize: async (members) => ({ text: members[0]?.title ?? '', engine: 'extractive' }) },
      stories,
      clock,
      log: createSilentLogger(),
      lagMs: 3_600_000,
      sliceMs: 0,
    });
    const old = items.upsert(feedId, [item('old', { publishedAt: now - 10 * day })], now - 10 * day).changed;
    await pipeline.process(old, 'Outlet A');
    clock.set(now);
    // A new feed's backlog: a week-old report of that story, seen now (digest time: published + 48 h).
    const backlog = items.upsert(
      feedId,
      ['late-1', 'late-2'].map((key) => item(key, { publishedAt: now - 7 * day })),
      now,
    ).changed;
    const processing = pipeline.process(backlog, 'Outlet A');
    // The nightly prune (9 days) runs while the batch yields after its first item.
    const pruning = createPruner(db).prune(now - 9 * day, { unreadBefore: 0, agedBefore: null });
    await Promise.all([processing, pruning]);
    const [first, second] = backlog.map((change) => stories.storyOfItem(change.id));
    expect([first, second]).toEqual([1, 1]);
    expect(stories.get(1)?.updatedAt).toBe(now - 5 * day);
  });
});

describe('story pipeline: a retention prune while a refresh yields', () => {
  it('writes nothing for a story pruned between its reading and its writing, and ends the batch', async () => {
    const { db, feedId, items, stories } = oneFeed();
    const clusterer: StoryClusterer = {
      assign: () => ({ storyId: 1, created: true, similarity: 1, duplicateOf: null }),
      nearest: () => null,
      title: () => null,
      retitle: () => false,
      evict: () => undefined,
    };
    let pruning: Promise<unknown> = Promise.resolve();
    const pipeline = createStoryPipeline({
      analyser: {
        analyse: () => ({
          relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
          topics: [{ topic: 'ukraine', score: 2, matches: [] }],
          entities: [],
        }),
      },
      clusterer,
      // The nightly prune starts while the refresh has read the story and yields before writing it.
      summarizer: {
        summarize: async (members) => {
          setImmediate(() => {
            pruning = createPruner(db).prune(now - 4 * day, { unreadBefore: 0, agedBefore: null });
          });
          return { text: members[0]?.title ?? '', engine: 'extractive' };
        },
      },
      stories,
      clock: createManualClock(now),
      log: createSilentLogger(),
      lagMs: 3_600_000,
      sliceMs: 0,
    });
    // A backlog report a week old, seen now: its story is dated published + 48 h, before the prune's cut.
    const backlog = items.upsert(feedId, [item('late', { publishedAt: now - 7 * day })], now).changed;
    await expect(pipeline.process(backlog, 'Outlet A')).resolves.toMatchObject({ stories: [1] });
    await pruning;
    expect(stories.get(1)).toBeNull();
    const orphans = db.prepare('SELECT COUNT(*) AS n FROM story_topics WHERE story_id = 1').get() as {
      n: number;
    };
    expect(orphans.n).toBe(0);
  });
});
