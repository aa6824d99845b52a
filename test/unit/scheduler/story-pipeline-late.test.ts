import { describe, expect, it } from 'vitest';
import type { ItemAnalysis } from '../../../src/domain/analysis.js';
import type { StoryClusterer } from '../../../src/domain/ports.js';
import { createStoryPipeline, refreshReportsPerLanguage } from '../../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from '../storage/fixtures.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const lagMs = hour;
// A daily digest at 09:00 covers the day to 08:00 (its slot minus the lag).
const slot = Date.UTC(2026, 10, 27, 9);
const periodEnd = slot - lagMs;

const analyse = (): ItemAnalysis => ({
  relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
  topics: [],
  entities: [],
});

/** Every report joins story 1. */
function oneStory(stories: ReturnType<typeof createStoryStore>): StoryClusterer {
  return {
    assign: () => ({ storyId: 1, created: !stories.hasStory(1), similarity: 1, duplicateOf: null }),
    nearest: () => null,
    title: () => null,
    retitle: () => false,
    evict: () => undefined,
  };
}

function setup(summarize: () => Promise<void> = async () => undefined) {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
  const feed = feeds.list()[0]?.id ?? 0;
  const items = createItemStore(db);
  const stories = createStoryStore(db);
  const clock = createManualClock(slot);
  const pipeline = createStoryPipeline({
    analyser: { analyse },
    clusterer: oneStory(stories),
    summarizer: {
      summarize: async () => {
        await summarize();
        return { text: '', engine: 'extractive' };
      },
    },
    stories,
    clock,
    log: createSilentLogger(),
    lagMs,
  });
  /** The feed lists these reports now, read at the clock's time. */
  const read = (...reports: ReturnType<typeof item>[]) =>
    pipeline.process(items.upsert(feed, reports, clock.now()).changed);
  return { clock, stories, read };
}

describe('a report Parley reads after the digest of its date', () => {
  it('dates its new story in the next period, not in the one already sent', async () => {
    const { clock, stories, read } = setup();
    // Dated 07:30, before the 09:00 digest's end; the feed (a <ttl> of two hours) lists it at 10:00.
    clock.set(slot + hour);
    await read(item('late', { title: 'Talks resume', publishedAt: periodEnd - 30 * minute }));
    const story = stories.get(1);
    expect(story?.updatedAt).toBe(slot);
    expect(stories.list({ until: periodEnd })).toEqual([]);
    expect(stories.list({ since: periodEnd, until: periodEnd + day }).map((s) => s.id)).toEqual([1]);
  });

  it('dates its story when it is stored, so that a digest composed while its summary is awaited has it', async () => {
    let answer = (): void => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    let slow = false;
    const { clock, stories, read } = setup(() => (slow ? answered : Promise.resolve()));
    clock.set(periodEnd - hour + 5 * minute);
    await read(item('on-time', { title: 'Talks resume', publishedAt: periodEnd - hour }));
    expect(stories.list({ since: periodEnd - day, until: periodEnd }).map((s) => s.id)).toEqual([1]);
    // 10:00: a report dated 07:30 joins the story; its summary (an LLM's) takes a minute.
    clock.set(slot + hour);
    slow = true;
    const reading = read(
      item('late', { title: 'Talks resume in Doha', publishedAt: periodEnd - 30 * minute }),
    );
    // 10:00:30: a digest composed now (a 10:00 slot) ends at 09:00:30, after the report's time (09:00).
    clock.set(slot + hour + 30_000);
    const until = clock.now() - lagMs;
    expect(stories.list({ since: periodEnd, until }).map((s) => s.id)).toEqual([1]);
    answer();
    await reading;
    expect(stories.get(1)?.updatedAt).toBe(slot);
  });

  it('keeps the date a late report gave its story when a refresh begun before it ends after it', async () => {
    const answers: Array<() => void> = [];
    const { clock, stories, read } = setup(() => new Promise((resolve) => answers.push(resolve)));
    // 07:20: a report dated 07:10; its story's refresh awaits its summary.
    clock.set(periodEnd - 40 * minute);
    const first = read(item('on-time', { title: 'Talks resume', publishedAt: periodEnd - 50 * minute }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // 10:00: a report dated 07:30 joins while that summary is still awaited: the story counts from 09:00.
    clock.set(slot + hour);
    const second = read(
      item('late', { title: 'Talks resume in Doha', publishedAt: periodEnd - 30 * minute }),
    );
    expect(stories.get(1)?.updatedAt).toBe(slot);
    answers.shift()?.();
    await first;
    expect(stories.get(1)?.updatedAt).toBe(slot);
    await new Promise((resolve) => setTimeout(resolve, 0));
    answers.shift()?.();
    await second;
    expect(stories.get(1)?.updatedAt).toBe(slot);
  });

  it("keeps a feed's first read of a ten-day-old report within two days of its date", async () => {
    const { clock, stories, read } = setup();
    const published = slot - 10 * day;
    await read(item('old', { title: 'Talks ended', publishedAt: published }));
    const updatedAt = stories.get(1)?.updatedAt ?? 0;
    expect(updatedAt).toBe(published + 2 * day);
    expect(updatedAt).toBeLessThan(clock.now() - 7 * day);
  });

  it('dates the story by a late report that is older than the reports a refresh reads', async () => {
    const { clock, stories, read } = setup();
    const onTime = Array.from({ length: refreshReportsPerLanguage }, (_, n) =>
      item(`on-time-${n}`, { title: `Talks update ${n}`, publishedAt: slot - 2 * hour + n }),
    );
    await read(...onTime);
    // Read at 13:00, dated before all of them: not among the newest hundred, yet it moves the story.
    clock.set(slot + 4 * hour);
    await read(item('late', { title: 'Talks began', publishedAt: slot - 3 * hour }));
    expect(stories.get(1, refreshReportsPerLanguage)?.items.some((m) => m.title === 'Talks began')).toBe(
      false,
    );
    expect(stories.get(1)?.updatedAt).toBe(slot + 3 * hour);
  });
});
