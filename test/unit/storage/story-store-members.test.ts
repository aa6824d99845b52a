import { describe, expect, it } from 'vitest';
import type { RelevanceVerdict, TopicTag } from '../../../src/domain/analysis.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from './fixtures.js';

const verdict = (score: number): RelevanceVerdict => ({
  relevant: score >= 3,
  score,
  threshold: 3,
  matches: [],
  rules: [],
});
const tag = (topic: string, score = 1): TopicTag => ({ topic, score, matches: [] });

/**
 * One story of five English reports (published at 1000…5000) and two Ukrainian ones older than all
 * (100, 200). The oldest report is the most relevant one and the only one tagged `ukraine`.
 */
function story() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
  const [feed] = feeds.list().map((one) => one.id) as [number];
  const reports = [
    ...[1, 2, 3, 4, 5].map((n) => item(`en${n}`, { publishedAt: n * 1000, language: 'en' })),
    item('uk1', { publishedAt: 100, language: 'uk' }),
    item('uk2', { publishedAt: 200, language: 'uk' }),
  ];
  const ids = createItemStore(db)
    .upsert(feed, reports, 10_000)
    .changed.map((changed) => changed.id);
  const stories = createStoryStore(db);
  const id = stories.createStory('Talks', 100);
  ids.forEach((itemId, n) => {
    stories.addMember(id, itemId, 0.5, null);
    const oldest = n === 5;
    stories.saveAnalysis({
      itemId,
      relevance: verdict(oldest ? 9 : 4),
      topics: oldest ? [tag('ukraine', 2), tag('gaza')] : [tag('gaza')],
      entities: [],
      analysedAt: 10_000,
    });
  });
  return { stories, id };
}

describe('story store: a story read for its refresh', () => {
  it('reads the newest reports of each language, newest first, when asked for a few', () => {
    const { stories, id } = story();
    const dates = (limit?: number) => stories.get(id, limit)?.items.map((member) => member.publishedAt);
    expect(dates(2)).toEqual([5000, 4000, 200, 100]);
    expect(dates(1)).toEqual([5000, 200]);
    expect(dates()).toEqual([5000, 4000, 3000, 2000, 1000, 200, 100]);
  });

  it('sums up the analyses of every member, those it does not read included', () => {
    const { stories, id } = story();
    expect(stories.memberTotals(id, 3_600_000)).toEqual({
      relevance: 9,
      tags: [
        ...Array.from({ length: 6 }, () => ({ topic: 'gaza', score: 1 })),
        { topic: 'ukraine', score: 2 },
        { topic: 'gaza', score: 1 },
      ],
      // All seen less than the lag after their dates: the newest one's.
      updatedAt: 5_000,
    });
  });
});

describe('story store: stories listed for digests', () => {
  it("lists members' titles, links and dates without their text; get reads it", () => {
    const { stories, id } = story();
    const listed = stories.list({ since: 0 }).find((one) => one.id === id);
    expect(listed?.items).toHaveLength(7);
    for (const member of listed?.items ?? []) {
      expect(member).toMatchObject({ summary: '', content: null });
      expect(member.title).not.toBe('');
      expect(member.url).not.toBeNull();
    }
    const read = stories.get(id)?.items ?? [];
    expect(read.every((member) => member.summary !== '')).toBe(true);
  });
});
