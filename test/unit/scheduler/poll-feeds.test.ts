import { describe, expect, it } from 'vitest';
import type { Feed } from '../../../src/domain/feed.js';
import { isFirstFetch } from '../../../src/scheduler/poll-feeds.js';
import { source } from '../storage/fixtures.js';

describe('isFirstFetch', () => {
  const day = 86_400_000;
  const feed = (lastSuccessAt: number | null, itemCount: number) =>
    ({ ...source('https://a.example/rss'), lastSuccessAt, itemCount }) as Feed;
  it.each([
    ['never read', feed(null, 0), true],
    ['read, but nothing stored (empty, or all pruned)', feed(100 * day - 60_000, 0), true],
    ['read an hour ago, items stored', feed(100 * day - 3_600_000, 4), false],
    ['last read longer ago than items count as news', feed(100 * day - 15 * day, 4), true],
  ])('%s', (_, stored, first) => {
    expect(isFirstFetch(stored, 100 * day, 14)).toBe(first);
  });
  it('takes a long-silent feed as followed when there is no age limit', () => {
    expect(isFirstFetch(feed(1, 4), 100 * day, 0)).toBe(false);
  });
});
