import { describe, expect, it } from 'vitest';
import { createDigestComposer } from '../../../src/digest/digest-composer.js';
import type { ItemAnalysis } from '../../../src/domain/analysis.js';
import type { DigestRecord } from '../../../src/domain/delivery.js';
import type { Outbox, StoryClusterer } from '../../../src/domain/ports.js';
import { parseSchedule } from '../../../src/domain/schedule.js';
import { createDigestScheduler } from '../../../src/scheduler/digest-scheduler.js';
import { createStoryPipeline } from '../../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from '../storage/fixtures.js';

const minute = 60_000;
const hour = 60 * minute;
const lagMs = hour;

const relevant: ItemAnalysis = {
  relevance: { relevant: true, score: 5, threshold: 3, matches: [], rules: [] },
  topics: [],
  entities: [],
};

/** Every report starts a story of its own. */
function storyPerReport(): StoryClusterer {
  let next = 1;
  return {
    assign: () => ({ storyId: next++, created: true, similarity: 1, duplicateOf: null }),
    nearest: () => null,
    title: () => null,
    retitle: () => false,
    evict: () => undefined,
  };
}

/** Feeds, stories, a chat's digests and the scheduler over one database, as `parley start` wires them. */
function setup(start: number) {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
  const feed = feeds.list()[0]?.id ?? 0;
  const items = createItemStore(db);
  const stories = createStoryStore(db);
  const chats = createChatStore(db);
  const real = createOutbox(db);
  const clock = createManualClock(start);
  const log = createSilentLogger();
  const pipeline = createStoryPipeline({
    analyser: { analyse: () => relevant },
    clusterer: storyPerReport(),
    summarizer: { summarize: async () => ({ text: '', engine: 'extractive' }) },
    stories,
    clock,
    log,
    lagMs,
  });
  const digests: DigestRecord[] = [];
  const outbox: Pick<Outbox, 'enqueue' | 'batch' | 'passQuiet'> = {
    enqueue(digest, now) {
      digests.push(digest);
      return real.enqueue(digest, now);
    },
    batch: (work) => real.batch(work),
    passQuiet: (chatId, slot, until) => real.passQuiet(chatId, slot, until),
  };
  const composer = createDigestComposer({ stories, labels: new Map([['other', 'Other']]), clock, lagMs });
  const scheduler = createDigestScheduler({
    ...{ chats, outbox, composer, clock, log },
    ...{ catchUpMs: 24 * hour, platforms: ['telegram'], lagMs },
  });
  chats.ensure(
    { platform: 'telegram', chatId: '1', threadId: null },
    { title: null, timeZone: 'UTC', schedule: parseSchedule('weekly friday 09:00') },
    'test',
    start,
  );
  const poll = (...reports: ReturnType<typeof item>[]) =>
    pipeline.process(items.upsert(feed, reports, clock.now()).changed);
  return { clock, scheduler, digests, poll };
}

const html = (digest: DigestRecord | undefined): string =>
  (digest?.parts ?? []).map((part) => (part.platform === 'telegram' ? part.html : '')).join('\n');

describe('a digest caught up after downtime', () => {
  it('has the reports its first poll read, and the next digest starts where it ended', async () => {
    const { clock, scheduler, digests, poll } = setup(Date.UTC(2026, 10, 20));
    clock.set(Date.UTC(2026, 10, 20, 9, 1));
    await scheduler.tick();
    // Parley was down from Thursday to Friday 11:00; its first poll reads a report dated 07:30.
    clock.set(Date.UTC(2026, 10, 27, 11));
    await poll(
      item('first-poll', { title: 'Talks resume in Doha', publishedAt: Date.UTC(2026, 10, 27, 7, 30) }),
    );
    clock.set(Date.UTC(2026, 10, 27, 11, 5));
    await scheduler.tick();
    // At 11:30 the feed lists one more, dated 07:45: after the caught-up digest, so in the next.
    clock.set(Date.UTC(2026, 10, 27, 11, 30));
    await poll(item('after', { title: 'Envoys land in Cairo', publishedAt: Date.UTC(2026, 10, 27, 7, 45) }));
    clock.set(Date.UTC(2026, 11, 4, 9, 1));
    await scheduler.tick();

    const [, caughtUp, next] = digests;
    expect(digests.map((digest) => digest.period)).toEqual([
      '2026-W47 Fri 09:00',
      '2026-W48 Fri 09:00',
      '2026-W49 Fri 09:00',
    ]);
    expect(caughtUp?.until).toBe(Date.UTC(2026, 10, 27, 10, 5));
    expect(next?.since).toBe(caughtUp?.until);
    expect([html(caughtUp).includes('Talks resume in Doha'), html(caughtUp).includes('Envoys land')]).toEqual(
      [true, false],
    );
    expect([html(next).includes('Talks resume in Doha'), html(next).includes('Envoys land')]).toEqual([
      false,
      true,
    ]);
  });
});
