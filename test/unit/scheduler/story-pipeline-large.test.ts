import { describe, expect, it } from 'vitest';
import { summarizeExtractive } from '../../../src/analysis/summary.js';
import type { AnalysableItem, ItemAnalysis } from '../../../src/domain/analysis.js';
import type { StoryClusterer, Summarizer } from '../../../src/domain/ports.js';
import { createStoryPipeline, refreshReportsPerLanguage } from '../../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from '../storage/fixtures.js';

const start = Date.UTC(2026, 0, 10);
const minute = 60_000;

/** The Ukrainian report is the most relevant and the only one about Ukraine. */
const analyse = (one: AnalysableItem): ItemAnalysis => {
  const ukrainian = one.language === 'uk';
  return {
    relevance: { relevant: true, score: ukrainian ? 9 : 4, threshold: 3, matches: [], rules: [] },
    topics: [{ topic: ukrainian ? 'ukraine' : 'gaza', score: 1, matches: [] }],
    entities: [],
  };
};

/** Every item joins story 1 (`existing`: made before, by another run). */
function oneStory(existing = false): StoryClusterer {
  let created = existing;
  return {
    assign: () => {
      const first = !created;
      created = true;
      return { storyId: 1, created: first, similarity: 0.5, duplicateOf: null };
    },
    nearest: () => null,
    title: () => null,
    retitle: () => false,
    evict: () => undefined,
  };
}

/** Records what it is given to summarise. */
function recording(seen: AnalysableItem[][]): Summarizer {
  return {
    summarize: async (members) => {
      seen.push([...members]);
      return { text: summarizeExtractive(members).text, engine: 'extractive' };
    },
  };
}

const report = (n: number) =>
  item(`en${n}`, {
    title: `Ceasefire talks in Doha, day ${n}`,
    content: `Negotiators met in Doha on day ${n} to discuss the ceasefire and the release of hostages.`,
    publishedAt: start + n * minute,
  });

describe('story pipeline: a story of thousands of reports', () => {
  it('summarises its newest reports of each language and sums up the analyses of all', async () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
    const [feed] = feeds.list().map((one) => one.id) as [number];
    const items = createItemStore(db);
    const stories = createStoryStore(db);
    const seen: AnalysableItem[][] = [];
    const versionsSeen: AnalysableItem[][] = [];
    const pipeline = createStoryPipeline({
      analyser: { analyse },
      clusterer: oneStory(),
      summarizer: recording(seen),
      versionSummarizer: recording(versionsSeen),
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const oldest = item('uk', {
      title: 'Переговори в Досі',
      content: 'Переговорники зустрілися в Досі, щоб обговорити припинення вогню.',
      publishedAt: start,
      language: 'uk',
    });
    const backlog = [...Array.from({ length: 2_000 }, (_, n) => report(n + 1)), oldest];
    await pipeline.process(items.upsert(feed, backlog, start).changed);
    await pipeline.process(items.upsert(feed, [report(2_001)], start).changed);

    const [stored] = stories.list({});
    const read = seen.at(-1) ?? [];
    expect(read.filter((one) => one.language === 'en')).toHaveLength(refreshReportsPerLanguage);
    expect(read.filter((one) => one.language === 'uk')).toHaveLength(1);
    expect(read[0]?.title).toBe('Ceasefire talks in Doha, day 2001');
    expect(versionsSeen.at(-1)?.map((one) => one.title)).toEqual(['Переговори в Досі']);
    expect(stored?.versions?.map((version) => version.language)).toEqual(['uk']);
    expect(stored?.relevance).toBe(9);
    expect(stored?.topics).toEqual(['gaza', 'ukraine']);
    expect(stored?.itemCount).toBe(2_002);
  });

  it("ranks a story's topics by their scores summed over its members", async () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
    const [feed] = feeds.list().map((one) => one.id) as [number];
    const items = createItemStore(db);
    const stories = createStoryStore(db);
    // Five reports about Gaza (1 each) outweigh one about Ukraine (3), the newest.
    const weighted = (one: AnalysableItem): ItemAnalysis => ({
      ...analyse(one),
      topics: [
        {
          topic: one.language === 'uk' ? 'ukraine' : 'gaza',
          score: one.language === 'uk' ? 3 : 1,
          matches: [],
        },
      ],
    });
    const pipeline = createStoryPipeline({
      analyser: { analyse: weighted },
      clusterer: oneStory(),
      summarizer: recording([]),
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    const newest = item('uk', {
      title: 'Переговори в Досі',
      content: 'Переговорники зустрілися в Досі, щоб обговорити припинення вогню.',
      publishedAt: start + 10 * minute,
      language: 'uk',
    });
    await pipeline.process(
      items.upsert(feed, [...Array.from({ length: 5 }, (_, n) => report(n + 1)), newest], start).changed,
    );
    expect(stories.list({})[0]?.topics).toEqual(['gaza', 'ukraine']);
  });

  it('tags a story refreshed after a topic was renamed in config/topics.yaml with the new id only', async () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
    const [feed] = feeds.list().map((one) => one.id) as [number];
    const items = createItemStore(db);
    const stories = createStoryStore(db);
    const tagged =
      (topic: string) =>
      (one: AnalysableItem): ItemAnalysis => ({
        ...analyse(one),
        topics: [{ topic, score: 1, matches: [] }],
      });
    const deps = {
      summarizer: recording([]),
      stories,
      clock: createManualClock(start),
      log: createSilentLogger(),
    };
    // Five reports stored while the topic was `gaza`.
    const before = createStoryPipeline({
      ...deps,
      analyser: { analyse: tagged('gaza') },
      clusterer: oneStory(),
      lagMs: 3_600_000,
    });
    await before.process(
      items.upsert(
        feed,
        Array.from({ length: 5 }, (_, n) => report(n + 1)),
        start,
      ).changed,
    );
    // Restarted with the topic renamed: a sixth report of the same story.
    const after = createStoryPipeline({
      ...deps,
      analyser: { analyse: tagged('israel-hamas') },
      clusterer: oneStory(true),
      lagMs: 3_600_000,
      topicIds: new Set(['israel-hamas', 'ukraine', 'other']),
    });
    await after.process(items.upsert(feed, [report(6)], start).changed);
    expect(stories.list({})[0]?.topics).toEqual(['israel-hamas']);
  });
});
