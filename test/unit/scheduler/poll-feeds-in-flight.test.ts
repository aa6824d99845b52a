import { describe, expect, it } from 'vitest';
import type { FeedReader } from '../../../src/domain/ports.js';
import { createPoller } from '../../../src/scheduler/poll-feeds.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { AppError } from '../../../src/shared/errors.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { testPollPolicy } from '../../support/loopback.js';

const minute = 60_000;

/** A feed reader whose reads of `hung` never answer until released; the others fail at once. */
function hangingReader(hung: string) {
  const held: Array<() => void> = [];
  const reader: FeedReader = {
    read: (request) =>
      request.url === hung
        ? new Promise((_, reject) => held.push(() => reject(new AppError('timeout', 'released'))))
        : Promise.reject(new AppError('unreachable', 'no such host')),
  };
  const release = () => {
    for (const fail of held.splice(0)) fail();
  };
  return { reader, release };
}

function pollerOver(hung: string) {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([
    { url: hung, name: 'Slow', language: 'en', fullText: false },
    { url: 'http://127.0.0.1:9/other.xml', name: 'Other', language: 'en', fullText: false },
  ]);
  const clock = createManualClock(Date.UTC(2026, 10, 27, 9));
  const { reader, release } = hangingReader(hung);
  const poller = createPoller({
    feeds,
    items: createItemStore(db),
    reader,
    articles: null,
    stories: null,
    clock,
    log: createSilentLogger(),
    policy: testPollPolicy(),
  });
  return { feeds, clock, poller, release };
}

describe('reads in flight', () => {
  it('keeps the start of a hung read while later cycles skip its feed and end', async () => {
    const hung = 'http://127.0.0.1:9/slow.xml';
    const { feeds, clock, poller, release } = pollerOver(hung);
    expect(poller.oldestRead()).toBeNull();
    const started = clock.now();
    const first = poller.pollFeeds(feeds.list());
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(20 * minute);
    // A later cycle skips the hung feed, reads the other and ends: lastPollAt would say all is well.
    const later = await poller.pollFeeds(feeds.list());
    expect(later.map((result) => result.feed.name)).toEqual(['Other']);
    expect(poller.oldestRead()).toMatchObject({ feed: { url: hung }, since: started });
    release();
    await first;
    expect(poller.oldestRead()).toBeNull();
  });
});
