import { describe, expect, it } from 'vitest';
import type { FeedReader, FeedReadResult } from '../../../src/domain/ports.js';
import { createPoller } from '../../../src/scheduler/poll-feeds.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { testPollPolicy } from '../../support/loopback.js';

const minute = 60_000;
const url = 'http://127.0.0.1:9/feed.xml';

function okRead(ttlMinutes: number | null): FeedReadResult {
  return {
    kind: 'ok',
    status: 200,
    finalUrl: url,
    etag: '"v1"',
    lastModified: null,
    cache: { maxAgeSeconds: null, ttlMinutes },
    feed: { title: 'Feed', link: null, language: 'en', format: 'rss' },
    items: [],
    leftOut: 0,
    bytes: 100,
  };
}

function pollerWith(answers: FeedReadResult[], readMs = 0) {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([{ url, name: 'Feed', language: 'en', fullText: false }]);
  const clock = createManualClock(Date.UTC(2026, 10, 27, 9));
  const reader: FeedReader = {
    read: async () => {
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no more answers');
      clock.advance(readMs);
      return answer;
    },
  };
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
  return { feeds, clock, poller };
}

describe('feed schedule', () => {
  it('reads a feed whose next fetch was set by a clock far ahead once the clock is put right', async () => {
    const { clock, poller } = pollerWith([okRead(null), okRead(null)]);
    const right = clock.now();
    clock.set(right + 365 * 24 * 60 * minute);
    expect(await poller.pollDue()).toHaveLength(1);
    // NTP puts the clock back a year: the feed must not wait a year for its next read.
    clock.set(right + 60 * minute);
    expect(await poller.pollDue()).toHaveLength(1);
  });

  it('reads a feed again at the tick one interval after the tick that read it, though its read took a while', async () => {
    // Ticks come every minute; the feed's read (a slow site, the per-host gap) ends 3 s after its tick.
    const { clock, poller } = pollerWith([okRead(null), okRead(null)], 3_000);
    const firstTick = clock.now();
    expect(await poller.pollDue()).toHaveLength(1);
    // The next tick comes a few milliseconds less late after its minute than this one did.
    clock.set(firstTick + testPollPolicy().interval - 7);
    // It waited one more minute: ingest.interval 30m read every 31 min, 1m every 2.
    expect(await poller.pollDue()).toHaveLength(1);
  });

  it("keeps honouring the feed's <ttl> after a 304, which carries no body to read it from", async () => {
    const notModified: FeedReadResult = {
      kind: 'not-modified',
      status: 304,
      finalUrl: url,
      cache: { maxAgeSeconds: null, ttlMinutes: null },
    };
    const { clock, poller } = pollerWith([okRead(120), notModified]);
    const [first] = await poller.pollDue();
    expect(first?.nextFetchAt).toBe(clock.now() + 120 * minute);
    clock.advance(120 * minute);
    const [second] = await poller.pollDue();
    expect(second).toMatchObject({ outcome: 'not-modified', nextFetchAt: clock.now() + 120 * minute });
  });
});
