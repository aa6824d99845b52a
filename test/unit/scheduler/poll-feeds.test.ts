import { describe, expect, it } from 'vitest';
import type { Feed } from '../../../src/domain/feed.js';
import { isFirstFetch } from '../../../src/scheduler/poll-feeds.js';
import { source } from '../storage/fixtures.js';

describe('isFirstFetch', () => {
  const day = 86_400_000;
  const now = 100 * day;
  const feed = (lastSuccessAt: number | null, lastListed: number | null, itemCount: number) =>
    ({ ...source('https://a.example/rss'), lastSuccessAt, lastListed, itemCount }) as Feed;
  it.each([
    ['never read', feed(null, null, 0), true],
    ['its last read listed nothing', feed(now - 60_000, 0, 0), true],
    ['its items were all too old to store: followed all the same', feed(now - 60_000, 1, 0), false],
    ['read an hour ago, items stored', feed(now - 3_600_000, 4, 4), false],
    ['read before the count was kept, nothing stored', feed(now - 60_000, null, 0), true],
    ['read before the count was kept, items stored', feed(now - 60_000, null, 4), false],
    ['last read longer ago than items count as news', feed(now - 15 * day, 4, 4), true],
  ])('%s', (_, stored, first) => {
    expect(isFirstFetch(stored, now, 14)).toBe(first);
  });
  it('reads a feed silent for 30 days afresh when there is no age limit', () => {
    expect(isFirstFetch(feed(now - 29 * day, 4, 4), now, 0)).toBe(false);
    expect(isFirstFetch(feed(now - 31 * day, 4, 4), now, 0)).toBe(true);
  });
});
