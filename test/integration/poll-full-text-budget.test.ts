import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleReader } from '../../src/ingest/article-reader.js';
import { createFeedReader } from '../../src/ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from '../../src/ingest/http-fetcher.js';
import { createPoller } from '../../src/scheduler/poll-feeds.js';
import { systemClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { loopbackFetcherOptions, testPollPolicy } from '../support/loopback.js';

/**
 * (Found by review.) ingest.timeout bounds one request, but a fullText feed's poll fetched one article
 * page per new item with no budget of its own, so one fullText feed on a slow site was read for
 * items × timeout / concurrency. (The poll ticker then started no new cycle while one was in flight, so
 * that held back every other feed too; cycles now overlap, but the feed's own next read still waits.)
 */
describe('a fullText feed whose article pages hang', () => {
  const timeoutMs = 300;
  let server: FeedServer;
  let fetcher: HttpFetcher;
  let db: Database;

  beforeAll(async () => {
    server = await startFeedServer();
    const now = new Date().toUTCString();
    const items = Array.from(
      { length: 20 },
      (_, i) =>
        `<item><title>Round ${i} of talks</title><link>${server.url(`/article/${i}`)}</link><guid>a${i}</guid><pubDate>${now}</pubDate><description>Teaser ${i}.</description></item>`,
    ).join('');
    server.route('/slow-site.xml', {
      body: `<rss version="2.0"><channel><title>Slow</title>${items}</channel></rss>`,
    });
    for (let i = 0; i < 20; i += 1) server.route(`/article/${i}`, { hang: true });
    server.route('/good.xml', {
      body: `<rss version="2.0"><channel><title>Good</title><item><title>Envoys meet</title><link>https://good.example/1</link><guid>g1</guid><pubDate>${now}</pubDate></item></channel></rss>`,
    });
    db = openDatabase(':memory:');
    fetcher = createHttpFetcher(loopbackFetcherOptions({ timeoutMs, perHostConcurrency: 2 }));
  });
  afterAll(async () => {
    await fetcher.close();
    db.close();
    await server.close();
  });

  it('keeps a poll of the feed within a few request timeouts', async () => {
    const feeds = createFeedStore(db);
    feeds.syncSources([
      { url: server.url('/slow-site.xml'), name: 'Slow site', language: 'en', fullText: true },
      { url: server.url('/good.xml'), name: 'Good', language: 'en', fullText: false },
    ]);
    const poller = createPoller({
      feeds,
      items: createItemStore(db),
      reader: createFeedReader({ fetcher, clock: systemClock }),
      articles: createArticleReader(fetcher),
      stories: null,
      clock: systemClock,
      log: createSilentLogger(),
      // What parley start sets: two request timeouts for a feed's article pages.
      policy: testPollPolicy({ articleConcurrency: 4, articleBudgetMs: 2 * timeoutMs }),
    });
    const started = performance.now();
    const results = await poller.pollDue();
    const elapsed = performance.now() - started;
    expect(results).toHaveLength(2);
    // 20 pages × 300 ms / 2 per host: at least 3 s, ten times ingest.timeout, however fast the machine
    // (with the defaults, 30 s and a 50-item feed: 12.5 minutes without any other feed polled). A bounded
    // poll ends in a few timeouts: its 600 ms budget and the parsing, which a loaded machine stretches
    // (4 timeouts, 1.2 s, was outlasted there), so the bound is 8 timeouts, still under the 10 of an
    // unbounded poll.
    expect(elapsed).toBeLessThan(8 * timeoutMs);
    // Every item is stored, the pages left for the next poll as the feed gave them.
    const slow = results.find((result) => result.feed.name === 'Slow site');
    expect(slow).toMatchObject({ outcome: 'ok', inserted: 20 });
  });
});

describe('a fullText feed that answers 304 after a poll left pages for later', () => {
  it('is read in full at its next poll, so that the pages left are read then, not when the feed changes', async () => {
    const server = await startFeedServer();
    const db = openDatabase(':memory:');
    const fetcher = createHttpFetcher(loopbackFetcherOptions({ timeoutMs: 300, perHostConcurrency: 1 }));
    try {
      const now = new Date().toUTCString();
      const items = Array.from(
        { length: 4 },
        (_, i) =>
          `<item><title>Round ${i} of talks</title><link>${server.url(`/article/${i}`)}</link><guid>a${i}</guid><pubDate>${now}</pubDate><description>Teaser ${i}.</description></item>`,
      ).join('');
      server.route('/feed.xml', {
        body: `<rss version="2.0"><channel><title>Slow</title>${items}</channel></rss>`,
        etag: '"v1"',
      });
      for (let i = 0; i < 4; i += 1) server.route(`/article/${i}`, { hang: true });
      const feeds = createFeedStore(db);
      feeds.syncSources([{ url: server.url('/feed.xml'), name: 'Slow', language: 'en', fullText: true }]);
      const poller = createPoller({
        feeds,
        items: createItemStore(db),
        reader: createFeedReader({ fetcher, clock: systemClock }),
        articles: createArticleReader(fetcher),
        stories: null,
        clock: systemClock,
        log: createSilentLogger(),
        // One page at a time and a budget of one timeout: pages are left for the next poll.
        policy: testPollPolicy({ articleConcurrency: 1, articleBudgetMs: 300 }),
      });
      const pages = () => server.requests.filter((request) => request.path.startsWith('/article/')).length;
      await poller.pollFeeds(feeds.list());
      const first = pages();
      expect(first).toBeLessThan(4);
      const [second] = await poller.pollFeeds(feeds.list());
      // Asked without If-None-Match: a 200 that lists the items again, whose pages are then asked for.
      expect(second?.outcome).toBe('ok');
      expect(pages()).toBeGreaterThan(first);
    } finally {
      await fetcher.close();
      db.close();
      await server.close();
    }
  });
});
