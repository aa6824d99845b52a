import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChangedItem } from '../../src/domain/item.js';
import { createArticleReader } from '../../src/ingest/article-reader.js';
import { createFeedReader } from '../../src/ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from '../../src/ingest/http-fetcher.js';
import { createPoller } from '../../src/scheduler/poll-feeds.js';
import { startRetentionTicker } from '../../src/scheduler/retention-ticker.js';
import type { StoryPipeline } from '../../src/scheduler/story-pipeline.js';
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
const start = Date.UTC(2026, 0, 1);

const page = `<!doctype html><html><body><article><h1>Doha round</h1>${'<p>Negotiators met again in Doha on Thursday and discussed the sequencing of a phased ceasefire, officials said.</p>'.repeat(4)}</article></body></html>`;

/**
 * Retention against real polls through the real retention ticker. Items stored again would be news (the
 * analysis gets them): an undated one, or a dated one when ingest has no age limit. A feed that answers
 * 304, fails for days, or is read every half hour under a one-day retention keeps the items it still
 * lists; a backlog item stays even when dropped; others go once their feed no longer lists them, or
 * once the feed's next read is a first fetch anyway.
 */
describe('retention of the items a feed still lists', () => {
  let server: FeedServer;
  let fetcher: HttpFetcher;
  const tickers: Array<{ stop(): Promise<void> }> = [];
  beforeAll(async () => {
    server = await startFeedServer();
    fetcher = createHttpFetcher(loopbackFetcherOptions());
  });
  afterEach(async () => {
    for (const ticker of tickers.splice(0)) await ticker.stop();
  });
  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  /** An RSS feed of these items; an item `name@time` has that pubDate. */
  const rss = (titles: string[]) => `<rss version="2.0"><channel><title>Feed</title>
${titles
  .map((entry) => {
    const [title, at] = entry.split('@');
    const date = at === undefined ? '' : `<pubDate>${new Date(Number(at)).toUTCString()}</pubDate>`;
    return `<item><title>${title}</title><link>${server.url(`/${title}`)}</link><guid>${title}</guid>${date}<description>${title} text</description></item>`;
  })
  .join('\n')}
</channel></rss>`;

  /** One feed at `path`, polled by a real poller on a manual clock; `news`: what reached the analysis. */
  function setup(
    path: string,
    retentionDays: number,
    options: { maxItemAgeDays?: number; fullText?: boolean } = {},
  ) {
    const maxItemAgeDays = options.maxItemAgeDays ?? 14;
    const clock = createManualClock(start);
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    const items = createItemStore(db);
    feeds.syncSources([
      { url: server.url(path), name: 'Feed', language: 'en', fullText: options.fullText ?? false },
    ]);
    const news: string[] = [];
    const stories = {
      process: async (changed: readonly ChangedItem[]) => {
        news.push(...changed.map((change) => change.item.title));
        return { relevant: 0 };
      },
    } as unknown as StoryPipeline;
    const poller = createPoller({
      feeds,
      items,
      reader: createFeedReader({ fetcher, clock }),
      articles: createArticleReader(fetcher),
      stories,
      clock,
      log: createSilentLogger(),
      policy: testPollPolicy({ maxItemAgeDays }),
    });
    const retention = startRetentionTicker({
      pruner: createPruner(db),
      days: retentionDays,
      maxItemAgeDays,
      clock,
      log: createSilentLogger(),
    });
    tickers.push(retention);
    const poll = async () => (await poller.pollFeeds(feeds.list()))[0];
    const prune = async () => (await retention.runOnce()).items;
    /** The feed down for `days` days, read and pruned daily; how many items retention took. */
    const outage = async (days: number) => {
      server.route(path, { status: 500, body: 'down' });
      let pruned = 0;
      for (let n = 0; n < days; n += 1) {
        clock.advance(day);
        await poll();
        pruned += await prune();
      }
      return pruned;
    };
    return { clock, news, poll, prune, outage, count: () => items.count() };
  }

  it('keeps them through days of 304s, and stores only what is new when the feed changes', async () => {
    server.route('/304.xml', { body: rss(['old1', 'old2']), etag: '"v1"' });
    const { clock, poll, prune } = setup('/304.xml', 7);
    expect(await poll()).toMatchObject({ backlog: 2 });
    for (let n = 0; n < 10; n += 1) {
      clock.advance(day);
      expect(await poll()).toMatchObject({ outcome: 'not-modified' });
      expect(await prune()).toBe(0);
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
      expect(await prune()).toBe(0);
    }
    server.route('/down.xml', { body: rss(['cat1', 'cat2']) });
    expect(await poll()).toMatchObject({ outcome: 'ok', inserted: 0 });
  });

  it('lets undated ones go when the feed failed for longer, and holds them out when listed again, on any read', async () => {
    server.route('/rotate.xml', { body: rss(['seed']) });
    const { clock, news, poll, outage } = setup('/rotate.xml', 7);
    await poll();
    server.route('/rotate.xml', { body: rss(['seed', 'u']) });
    clock.advance(30 * minute);
    await poll();
    expect(await outage(17)).toBe(2);
    server.route('/rotate.xml', { body: rss(['seed', 'v']) });
    expect(await poll()).toMatchObject({ relisted: 1 });
    server.route('/rotate.xml', { body: rss(['seed', 'v', 'u']) });
    clock.advance(30 * minute);
    expect(await poll()).toMatchObject({ relisted: 1 });
    expect(news).toEqual(['u']);
  });

  it('lets them go when the feed failed for longer, and reads them back held out, not news', async () => {
    server.route('/gone.xml', { body: rss(['cat1', 'cat2']) });
    const { news, poll, outage } = setup('/gone.xml', 7);
    expect(await poll()).toMatchObject({ backlog: 2 });
    expect(await outage(17)).toBe(2);
    server.route('/gone.xml', { body: rss(['cat1', 'cat2']) });
    expect(await poll()).toMatchObject({ outcome: 'ok', inserted: 2, relisted: 2 });
    expect(news).toEqual([]);
  });

  it('holds out a dated item removed during a long outage when ingest has no age limit, once listed again', async () => {
    const dated = `d1@${start - 30 * day}`;
    server.route('/dated.xml', { body: rss([dated]) });
    const { news, poll, outage } = setup('/dated.xml', 7, { maxItemAgeDays: 0 });
    expect(await poll()).toMatchObject({ inserted: 1 });
    news.length = 0;
    expect(await outage(40)).toBe(1);
    server.route('/dated.xml', { body: rss([dated]) });
    expect(await poll()).toMatchObject({ outcome: 'ok', inserted: 1, relisted: 1 });
    expect(news).toEqual([]);
  });

  it('keeps old news old when a feed comes back after a long outage with a 304 and changes later', async () => {
    server.route('/etag.xml', { body: rss(['cat1', 'cat2']), etag: '"v1"' });
    const { clock, news, poll, outage } = setup('/etag.xml', 7);
    expect(await poll()).toMatchObject({ backlog: 2 });
    expect(await outage(17)).toBe(2);
    // Unchanged since: not a first fetch afterwards, but what retention removed is remembered.
    server.route('/etag.xml', { body: rss(['cat1', 'cat2']), etag: '"v1"' });
    expect(await poll()).toMatchObject({ outcome: 'not-modified' });
    server.route('/etag.xml', { body: rss(['cat1', 'cat2', 'fresh']), etag: '"v2"' });
    clock.advance(30 * minute);
    expect(await poll()).toMatchObject({ inserted: 3, relisted: 2 });
    expect(news).toEqual(['fresh']);
  });

  it('takes an empty read for no news about which items are gone', async () => {
    server.route('/empty.xml', { body: rss(['seed']) });
    const { clock, news, poll, prune } = setup('/empty.xml', 7, { maxItemAgeDays: 30 });
    await poll();
    server.route('/empty.xml', { body: rss(['seed', `a@${start}`, `b@${start}`]), etag: '"v1"' });
    clock.advance(30 * minute);
    await poll();
    for (let n = 0; n < 8; n += 1) {
      clock.advance(day);
      expect(await poll()).toMatchObject({ outcome: 'not-modified' });
    }
    server.route('/empty.xml', { body: rss([]) });
    clock.advance(30 * minute);
    await poll();
    expect(await prune()).toBe(0);
    server.route('/empty.xml', { body: rss(['seed', `a@${start}`, `b@${start}`]) });
    clock.advance(30 * minute);
    await poll();
    expect(news).toEqual(['a', 'b']);
  });

  it('never takes one read every half hour under a one-day retention; takes those dropped, held out if relisted', async () => {
    server.route('/often.xml', { body: rss(['seed']) });
    const { clock, news, poll, prune, count } = setup('/often.xml', 1);
    expect(await poll()).toMatchObject({ backlog: 1 });
    server.route('/often.xml', { body: rss(['seed', 'x1', 'x2']) });
    // Reads 31–37 minutes apart (interval and jitter), retention every 3 hours, for 20 days.
    for (let n = 1; n < 20 * 48; n += 1) {
      clock.advance((31 + (n % 7)) * minute);
      await poll();
      if (n % 6 === 0) expect(await prune()).toBe(0);
    }
    expect(news).toEqual(['x1', 'x2']);
    // The feed drops x2 and the backlog item: they go once older than the retention period.
    server.route('/often.xml', { body: rss(['x1']) });
    clock.advance(30 * minute);
    await poll();
    expect(await prune()).toBe(0);
    clock.advance(day + 30 * minute);
    await poll();
    expect(await prune()).toBe(2);
    expect(count()).toBe(1);
    // Listed again, they are held out: no news.
    server.route('/often.xml', { body: rss(['seed', 'x1', 'x2']) });
    clock.advance(30 * minute);
    expect(await poll()).toMatchObject({ inserted: 2, relisted: 2 });
    expect(news).toEqual(['x1', 'x2']);
  });

  it('does not take the items of a feed whose read crosses the first-fetch period while its pages load', async () => {
    const during: Array<Promise<number>> = [];
    const { clock, news, poll, prune } = setup('/slow.xml', 7, { fullText: true });
    server.route('/slow.xml', { body: rss(['u-old']) });
    server.route('/u-old', { body: page, contentType: 'text/html; charset=utf-8' });
    expect(await poll()).toMatchObject({ backlog: 1 });
    const lastRead = clock.now();
    server.route('/slow.xml', { status: 500, body: 'down' });
    clock.set(lastRead + 14 * day - minute);
    await poll();
    // Back with a new item whose page takes two minutes, the nightly retention running meanwhile.
    server.route('/slow.xml', { body: rss(['u-old', 'u-new']) });
    server.route('/u-new', () => {
      clock.advance(2 * minute);
      during.push(prune());
      return { body: page, contentType: 'text/html; charset=utf-8' };
    });
    await poll();
    expect(during).toHaveLength(1);
    expect(await Promise.all(during)).toEqual([0]);
    expect(news).not.toContain('u-old');
  });
});
