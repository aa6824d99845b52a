import { describe, expect, it } from 'vitest';
import { createDigestComposer, readRanked, readRankedInPieces } from '../../../src/digest/digest-composer.js';
import type { Chat } from '../../../src/domain/chat.js';
import type { StoryStore } from '../../../src/domain/ports.js';
import type { StoryWithItems } from '../../../src/domain/story.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { openDatabase } from '../../../src/storage/database.js';
import { type StorySeed, seedStories, topicList } from '../../support/seed-stories.js';
import { chatFollowing } from './fixtures.js';

const day = 86_400_000;
const now = Date.UTC(2026, 10, 27, 9);
const period = { since: now - 7 * day, until: now };
const labels = new Map(topicList.map((topic) => [topic.id, topic.label]));

const chat = (topics: string[]): Chat => chatFollowing(topics, 'telegram', 'UTC');

/** A busy week: every topic's stories on every day, reported by one to four outlets. */
function busyWeek(): StorySeed[] {
  const topics = topicList.map((topic) => topic.id);
  return Array.from({ length: 240 }, (_, i) => ({
    title: `Round ${i} of the talks`,
    topic: topics[i % topics.length] ?? 'ukraine',
    at: now - 1 - Math.floor((i * 7 * day) / 240),
    outlets: 1 + ((i * 7) % 4),
  }));
}

/** The store, with each list() call counted. */
function counted(stories: StoryStore) {
  const calls = { list: 0 };
  const list: Pick<StoryStore, 'list'> = {
    list: (query) => {
      calls.list += 1;
      return stories.list(query);
    },
  };
  return { calls, list };
}

const ids = (list: readonly StoryWithItems[]) => list.map((story) => story.id);

describe('digest composer reads in steps', () => {
  it.each([
    ['every topic', null, 5],
    ['one topic', 'ukraine', 5],
    ['one topic, more than it has', 'gaza', 200],
  ])('ranks %s piece by piece as one read of the whole period does', (_, topic, perTopic) => {
    const stories = seedStories(openDatabase(':memory:'), busyWeek());
    const whole = readRanked(stories, period, topic, perTopic);
    let pieced: StoryWithItems[] = [];
    const steps = readRankedInPieces(stories, period, { topic, perTopic, pieceMs: day }, (list) => {
      pieced = list;
    });
    expect(steps).toHaveLength(7);
    for (const step of steps) step();
    expect(whole.length).toBeGreaterThan(0);
    expect(ids(pieced)).toEqual(ids(whole));
    expect(pieced.map((story) => story.items.length)).toEqual(whole.map((story) => story.items.length));
  });

  // Stories on the pieces' edges and on the period's ends, sharing outlets, relevance and time, so that
  // only the id orders them; a period that starts and ends mid-day.
  const edges = { since: now - 3 * day - 5 * 3_600_000, until: now - 3 * 3_600_000 };
  const onEdges = (): StorySeed[] =>
    [
      edges.since - 1,
      edges.since,
      edges.since + day - 1,
      edges.since + day,
      edges.since + 2 * day,
      edges.until - 1,
      edges.until,
    ].flatMap((at) =>
      [1, 2, 3].map((n) => ({ title: `Talks ${at} ${n}`, topic: 'iran', at, outlets: 1 + (n % 2) })),
    );
  it.each([
    ['every topic', null, 2],
    ['one topic', 'iran', 4],
    ['one topic, more than it has', 'iran', 100],
  ])('ranks %s on the edges of the pieces, ties by id, as one read does', (_, topic, perTopic) => {
    const stories = seedStories(openDatabase(':memory:'), onEdges());
    const whole = readRanked(stories, edges, topic, perTopic);
    let pieced: StoryWithItems[] = [];
    const steps = readRankedInPieces(stories, edges, { topic, perTopic, pieceMs: day }, (list) => {
      pieced = list;
    });
    expect(steps).toHaveLength(4);
    for (const step of steps) step();
    expect(whole.length).toBeGreaterThan(0);
    expect(ids(pieced)).toEqual(ids(whole));
  });

  it('passes nothing on when a step failed', () => {
    const stories = seedStories(openDatabase(':memory:'), busyWeek());
    let fail = true;
    const failing: Pick<StoryStore, 'list'> = {
      list: (query) => {
        if (fail) {
          fail = false;
          throw new Error('database is locked');
        }
        return stories.list(query);
      },
    };
    const done: StoryWithItems[][] = [];
    const steps = readRankedInPieces(failing, period, { topic: null, perTopic: 5, pieceMs: day }, (list) =>
      done.push(list),
    );
    expect(() => steps[0]?.()).toThrow('database is locked');
    for (const step of steps.slice(1)) step();
    expect(done).toEqual([]);
  });

  it('leaves compose no story to read once its reads ran, and composes the digest a direct compose makes', () => {
    const stories = seedStories(openDatabase(':memory:'), busyWeek());
    const composer = (list: Pick<StoryStore, 'list'>) =>
      createDigestComposer({ stories: list, labels, clock: createManualClock(now), lagMs: 3_600_000 });
    for (const topics of [[], ['ukraine', 'iran']]) {
      const direct = composer(stories).compose(chat(topics), period);
      const { calls, list } = counted(stories);
      const stepped = composer(list);
      const reads = stepped.reads?.(chat(topics), period) ?? [];
      // Each topic's read (and for a chat with none, the read of all) in a week of daily pieces.
      expect(reads).toHaveLength(7 * (topics.length > 0 ? topics.length : labels.size + 1));
      for (const read of reads) read();
      const before = calls.list;
      expect(stepped.compose(chat(topics), period)).toEqual(direct);
      expect(calls.list).toBe(before);
      expect(stepped.reads?.(chat(topics), period)).toEqual([]);
    }
  });
});
