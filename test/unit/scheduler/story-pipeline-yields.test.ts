import { describe, expect, it } from 'vitest';
import type { AnalysableItem, ItemAnalysis } from '../../../src/domain/analysis.js';
import type { StoryClusterer } from '../../../src/domain/ports.js';
import { createStoryPipeline } from '../../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from '../storage/fixtures.js';

const start = Date.UTC(2026, 0, 10);

/**
 * Two feeds' batches of three reports of talks each, a pipeline that yields after every item
 * (`sliceMs: 0`), and `placed`: the headlines in the order the clusterer met them. `seen` is called as
 * each item is analysed.
 */
function setup(seen: () => void = () => undefined) {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
  const [a, b] = feeds.list().map((feed) => feed.id) as [number, number];
  const items = createItemStore(db);
  const batch = (feedId: number, name: string) =>
    items.upsert(
      feedId,
      [1, 2, 3].map((n) => item(`${name}-${n}`, { title: `${name} talks ${n}`, publishedAt: start + n })),
      start,
    ).changed;
  const placed: string[] = [];
  let next = 1;
  const clusterer: StoryClusterer = {
    assign: (_, one) => {
      placed.push(one.title);
      return { storyId: next++, created: true, similarity: 1, duplicateOf: null };
    },
    nearest: () => null,
    title: () => null,
    retitle: () => false,
    evict: () => undefined,
  };
  const analyse = (_: AnalysableItem): ItemAnalysis => {
    seen();
    return {
      relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
      topics: [],
      entities: [],
    };
  };
  const pipeline = createStoryPipeline({
    analyser: { analyse },
    clusterer,
    summarizer: { summarize: async (members) => ({ text: members[0]?.title ?? '', engine: 'extractive' }) },
    stories: createStoryStore(db),
    clock: createManualClock(start),
    log: createSilentLogger(),
    lagMs: 3_600_000,
    sliceMs: 0,
  });
  return { pipeline, placed, fromA: batch(a, 'a'), fromB: batch(b, 'b'), stories: createStoryStore(db) };
}

describe('story pipeline: a batch shares the event loop', () => {
  it('lets a timer run between the items of a batch, before the batch ends', async () => {
    let timerRan = false;
    const seenAt: boolean[] = [];
    const { pipeline, fromA } = setup(() => seenAt.push(timerRan));
    setImmediate(() => {
      timerRan = true;
    });
    const result = await pipeline.process(fromA, 'Outlet A');
    expect(result.stories).toHaveLength(3);
    expect(seenAt).toEqual([false, true, true]);
  });

  it('places the batches of one poll one after the other, each in its order, as when none yielded', async () => {
    const { pipeline, placed, fromA, fromB } = setup();
    const results = await Promise.all([
      pipeline.process(fromA, 'Outlet A'),
      pipeline.process(fromB, 'Outlet B'),
    ]);
    expect(placed).toEqual(['a talks 1', 'a talks 2', 'a talks 3', 'b talks 1', 'b talks 2', 'b talks 3']);
    expect(results.map((result) => result.stories)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('places a batch after one whose placing failed', async () => {
    const { pipeline, placed, fromA, fromB } = setup();
    const broken = [{ ...fromA[0], item: null }] as unknown as typeof fromA;
    const results = await Promise.allSettled([
      pipeline.process(broken, 'Outlet A'),
      pipeline.process(fromB, 'Outlet B'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(placed).toEqual(['b talks 1', 'b talks 2', 'b talks 3']);
  });

  it('says when every batch stored so far is placed and its stories dated', async () => {
    const { pipeline, fromA, fromB, stories } = setup();
    await pipeline.placed();
    const processing = Promise.all([
      pipeline.process(fromA, 'Outlet A'),
      pipeline.process(fromB, 'Outlet B'),
    ]);
    await pipeline.placed();
    const dated = stories.list({}).map((story) => [story.id, story.updatedAt]);
    expect(dated.sort(([a], [b]) => (a ?? 0) - (b ?? 0))).toEqual(
      [1, 2, 3, 4, 5, 6].map((id) => [id, start + ((id - 1) % 3) + 1]),
    );
    await processing;
  });

  it('says it is placed once the batches stored before it are, while later ones still place', async () => {
    const { pipeline, placed, fromA, fromB } = setup();
    const first = pipeline.process(fromA, 'Outlet A');
    const asked = pipeline.placed().then(() => [...placed]);
    // Stored after the question: many feeds every minute keep one placing, and a tick must not wait for all.
    const later = pipeline.process(fromB, 'Outlet B');
    const seen = await asked;
    expect(seen.slice(0, 3)).toEqual(['a talks 1', 'a talks 2', 'a talks 3']);
    expect(seen).not.toContain('b talks 3');
    await Promise.all([first, later]);
  });
});

describe("story pipeline: a story's refresh shares the event loop", () => {
  /**
   * One feed's batch of three reports of one story, in English, Russian and Ukrainian: the refresh makes
   * three summaries (the story's and two versions). Each summary arms a timer and notes whether the one
   * the previous step armed has run: the extractive summarizer answers at once, so only a yield lets it.
   */
  async function refreshOfOneStory(sliceMs: number) {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss')]);
    const [feedId] = feeds.list().map((feed) => feed.id) as [number];
    const changed = createItemStore(db).upsert(
      feedId,
      (['en', 'ru', 'uk'] as const).map((language, n) =>
        item(`talks-${language}`, { title: `talks ${language}`, language, publishedAt: start + n }),
      ),
      start,
    ).changed;
    let assigned = 0;
    const clusterer: StoryClusterer = {
      assign: () => ({ storyId: 1, created: assigned++ === 0, similarity: 1, duplicateOf: null }),
      nearest: () => null,
      title: () => null,
      retitle: () => false,
      evict: () => undefined,
    };
    const timerRanBefore: boolean[] = [];
    let timerRan = true;
    const armTimer = () => {
      timerRan = false;
      setImmediate(() => {
        timerRan = true;
      });
    };
    const relevant = (): ItemAnalysis => ({
      relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
      topics: [],
      entities: [],
    });
    const pipeline = createStoryPipeline({
      // The last report's analysis arms the first timer: dating the story and its refresh come after it.
      analyser: {
        analyse: (one) => {
          if (one.title === 'talks uk') armTimer();
          return relevant();
        },
      },
      clusterer,
      summarizer: {
        summarize: async (members) => {
          timerRanBefore.push(timerRan);
          armTimer();
          return { text: members[0]?.title ?? '', engine: 'extractive' };
        },
      },
      stories: createStoryStore(db),
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
      sliceMs,
    });
    const result = await pipeline.process(changed, 'Outlet A');
    return { result, timerRanBefore, versions: createStoryStore(db).get(1)?.versions ?? [] };
  }

  it('lets a timer run before each of its summaries once the slice is spent', async () => {
    const { result, timerRanBefore, versions } = await refreshOfOneStory(0);
    expect(result.stories).toEqual([1]);
    expect(timerRanBefore).toEqual([true, true, true]);
    expect(versions.map((version) => version.language).sort()).toEqual(['ru', 'uk']);
  });

  it('runs on without a yield while the slice lasts', async () => {
    const { timerRanBefore, versions } = await refreshOfOneStory(60_000);
    expect(timerRanBefore).toEqual([false, false, false]);
    expect(versions).toHaveLength(2);
  });
});
