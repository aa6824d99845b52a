import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedReader } from '../../src/ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from '../../src/ingest/http-fetcher.js';
import { createPoller, firstFetchAfterMs } from '../../src/scheduler/poll-feeds.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { createPruner } from '../../src/storage/retention.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { loopbackFetcherOptions, testPollPolicy } from '../support/loopback.js';

const minute = 60_000;
const day = 86_400_000;
const maxItemAgeDays = 14;

/**
 * Retention against real polls of a feed whose items carry no date, so that each one stored again would be
 * news: a feed that answers 304, fails for days, or is read every half hour under a one-day retention keeps
 * the items it still lists; once it stops listing them, or is not read for long enough that its next read
 * is a first fetch, they go.
 */
describe('retention of the items a feed still lists', () => {
  let server: FeedServer;
  let fetcher: HttpFetcher;
  beforeAll(async () => {
    server = await startFeedServer();
    fetcher = createHttpFetcher(loopbackFetcherOptions());
  });
  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  const rss = (titles: string[]) => `<rss version="2.0"><channel><title>Undated</title>
${titles.map((t) => `<item><title>${t}</title><link>${server.url(`/${t}`)}</link><guid>${t}</guid><description>${t} text</description></item>`).join('\n')}
</channel></rss>`;

  /** One feed at `path`, polled by a real poller on a manual clock; prune() as the retention ticker does. */
  function setup(path: string, retentionDays: number) {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    const items = createItemStore(db);
    feeds.syncSources([{ url: server.url(path), name: 'Undated', language: 'en', fullText: false }]);
    const poller = createPoller({
      feeds,
      items,
      reader: createFeedReader({ fetcher, clock }),
      articles: null,
      stories: null,
      clock,
      log: createSilentLogger(),
      policy: testPollPolicy({ maxItemAgeDays }),
    });
    const poll = async () => (await poller.pollFeeds(feeds.list()))[0];
    const prune = () =>
      createPruner(db).prune(
        clock.now() - retentionDays * day,
        clock.now() - firstFetchAfterMs(maxItemAgeDays),
      ).items;
    return { clock, poll, prune, count: () => items.count() };
  }

  it('keeps them through days of 304s, and stores only what is new when the feed changes', async () => {
    server.route('/304.xml', { body: rss(['old1', 'old2']), etag: '"v1"' });
    const { clock, poll, prune } = setup('/304.xml', 7);
    expect(await poll()).toMatchObject({ backlog: 2 });
    for (let n = 0; n < 10; n += 1) {
      clock.advance(day);
      expect(await poll()).toMatchObject({ outcome: 'not-modified' });
      expect(prune()).toBe(0);
    }
    server.route('/304.xml', { body: rss(['old1', 'old2', 'fresh']), etag: '"v2"' });
    expect(await poll()).toMatchObject({ inserted: 1, unchanged: 2 });
  });

  it('keeps them while the feed fails for less than makes its next read a first fetch', async () => {
    server.route('/down.xml', { body: rss(['cat1', 'cat2']) });
    const { clock, poll, prune } = setup('/down.xml', 7);
    expect(await poll()).toMatchObject({ backlog: 2 });
    server.route('/down.xml', { status: 500, body: 'down' });
    for (let n = 0; n < 10; n += 1) {
      clock.advance(day);
      expect(await poll()).toMatchObject({ outcome: 'failed' });
      expect(prune()).toBe(0);
    }
    server.route('/down.xml', { body: rss(['cat1', 'cat2']) });
    expect(await poll()).toMatchObject({ outcome: 'ok', inserted: 0 });
  });

  it('lets them go when the feed failed for longer, and reads them back as backlog, not news', async () => {
    server.route('/gone.xml', { body: rss(['cat1', 'cat2']) });
    const { clock, poll, prune } = setup('/gone.xml', 7);
    expect(await poll()).toMatchObject({ backlog: 2 });
    server.route('/gone.xml', { status: 500, body: 'down' });
    let pruned = 0;
    for (let n = 0; n < maxItemAgeDays + 2; n += 1) {
      clock.advance(day);
      await poll();
      pruned += prune();
    }
    expect(pruned).toBe(2);
    server.route('/gone.xml', { body: rss(['cat1', 'cat2']) });
    expect(await poll()).toMatchObject({ outcome: 'ok', inserted: 2, backlog: 2 });
  });

  it('never takes one read every half hour under a one-day retention, and takes one the feed dropped', async () => {
    server.route('/often.xml', { body: rss(['x1', 'x2']) });
    const { clock, poll, prune, count } = setup('/often.xml', 1);
    expect(await poll()).toMatchObject({ backlog: 2 });
    let inserted = 0;
    // Reads 31–37 minutes apart (interval and jitter), retention every 3 hours, for 20 days.
    for (let n = 1; n < 20 * 48; n += 1) {
      clock.advance((31 + (n % 7)) * minute);
      inserted += (await poll())?.inserted ?? 0;
      if (n % 6 === 0) expect(prune()).toBe(0);
    }
    expect(inserted).toBe(0);
    // The feed drops x2: it goes once it is older than the retention period, x1 stays.
    server.route('/often.xml', { body: rss(['x1']) });
    clock.advance(30 * minute);
    await poll();
    expect(prune()).toBe(0);
    clock.advance(day + 30 * minute);
    await poll();
    expect(prune()).toBe(1);
    expect(count()).toBe(1);
  });
});
