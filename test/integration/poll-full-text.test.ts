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

const paragraph = (n: number) =>
  `<p>Negotiators from both delegations met for a ${n}th session in Doha on Thursday and discussed the sequencing of a phased ceasefire, officials familiar with the talks said.</p>`;

const article = `<!doctype html><html><head><title>Doha round</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Doha round ends without a deal</h1>${[1, 2, 3, 4].map(paragraph).join('')}
<div class="newsletter-signup"><p>Sign up for our daily newsletter to get the news first.</p></div>
<p>Support independent journalism: donate today.</p></article>
<footer>© News Example</footer></body></html>`;

/** The server's /rss.xml as one fullText feed, and a poller that reads its articles. */
function teaserFeed(db: Database, fetcher: HttpFetcher, server: FeedServer) {
  const feeds = createFeedStore(db);
  const items = createItemStore(db);
  feeds.syncSources([{ url: server.url('/rss.xml'), name: 'Teasers', language: 'en', fullText: true }]);
  const poller = createPoller({
    feeds,
    items,
    reader: createFeedReader({ fetcher, clock: systemClock }),
    articles: createArticleReader(fetcher),
    stories: null,
    clock: systemClock,
    log: createSilentLogger(),
    policy: testPollPolicy({ maxInterval: 3_600_000, maxBackoff: 3_600_000 }),
  });
  return { feeds, items, poller };
}

describe('polling a feed marked fullText', () => {
  let server: FeedServer;
  let fetcher: HttpFetcher;
  let db: Database;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/rss.xml', {
      body: `<rss version="2.0"><channel><title>Teasers</title>
<item><title>Doha round ends without a deal</title><link>${server.url('/doha')}</link><guid>doha</guid><pubDate>${new Date().toUTCString()}</pubDate><description>Short teaser.</description></item>
<item><title>Page that is gone</title><link>${server.url('/missing')}</link><guid>gone</guid><pubDate>${new Date().toUTCString()}</pubDate><description>Another teaser.</description></item>
<item><title>Scraped headline</title><link>${server.url('/')}</link><pubDate>${new Date().toUTCString()}</pubDate><description>Linked to the front page.</description></item>
</channel></rss>`,
    });
    server.route('/doha', { body: article, contentType: 'text/html; charset=utf-8' });
    db = openDatabase(':memory:');
    fetcher = createHttpFetcher(loopbackFetcherOptions({ timeoutMs: 2_000 }));
  });
  afterAll(async () => {
    await fetcher.close();
    db.close();
    await server.close();
  });

  it('stores the article page text without its boilerplate, once, keeps items whose page fails, and never reads a front page as an article', async () => {
    const { feeds, poller } = teaserFeed(db, fetcher, server);
    const [first] = await poller.pollFeeds(feeds.list());
    expect(first).toMatchObject({ outcome: 'ok', inserted: 3 });
    const rows = db.prepare('SELECT dedupe_key, content FROM items ORDER BY dedupe_key').all() as Array<{
      dedupe_key: string;
      content: string | null;
    }>;
    const doha = rows.find((row) => row.dedupe_key === 'guid:doha')?.content ?? '';
    expect(doha).toContain('sequencing of a phased ceasefire');
    expect(doha).not.toMatch(/newsletter|donate|Home/);
    expect(rows.find((row) => row.dedupe_key === 'guid:gone')?.content).toBeNull();

    await poller.pollFeeds(feeds.list());
    expect(server.requests.filter((request) => request.path === '/doha')).toHaveLength(1);
    // The page that failed is not asked for again on the next poll (it is retried a day later).
    expect(server.requests.filter((request) => request.path === '/missing')).toHaveLength(1);
    expect(server.requests.filter((request) => request.path === '/')).toHaveLength(0);
  });

  it("never reads the page of an undated item of the feed's first fetch, on that poll or a later one", async () => {
    const own = await startFeedServer();
    try {
      own.route('/rss.xml', {
        body: `<rss version="2.0"><channel><title>Teasers</title>
<item><title>Doha round ends without a deal</title><link>${own.url('/old')}</link><guid>old</guid><description>Short teaser.</description></item>
</channel></rss>`,
      });
      own.route('/old', { body: article, contentType: 'text/html; charset=utf-8' });
      const { feeds, poller } = teaserFeed(openDatabase(':memory:'), fetcher, own);
      expect((await poller.pollFeeds(feeds.list()))[0]).toMatchObject({ inserted: 1, backlog: 1 });
      expect((await poller.pollFeeds(feeds.list()))[0]).toMatchObject({
        inserted: 0,
        updated: 0,
        backlog: 0,
      });
      expect(own.requests.filter((request) => request.path === '/old')).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('reads the page of a backlog item on the poll where the feed dates it, so it is news with its text', async () => {
    const own = await startFeedServer();
    const feed = (pubDate: string) => `<rss version="2.0"><channel><title>Teasers</title>
<item><title>Doha round ends without a deal</title><link>${own.url('/later')}</link><guid>later</guid>${pubDate}<description>Short teaser.</description></item>
</channel></rss>`;
    try {
      own.route('/rss.xml', { body: feed('') });
      own.route('/later', { body: article, contentType: 'text/html; charset=utf-8' });
      const db = openDatabase(':memory:');
      const { feeds, poller } = teaserFeed(db, fetcher, own);
      expect((await poller.pollFeeds(feeds.list()))[0]).toMatchObject({ inserted: 1, backlog: 1 });
      own.route('/rss.xml', { body: feed(`<pubDate>${new Date().toUTCString()}</pubDate>`) });
      expect((await poller.pollFeeds(feeds.list()))[0]).toMatchObject({ updated: 1 });
      expect(own.requests.filter((request) => request.path === '/later')).toHaveLength(1);
      expect(db.prepare('SELECT backlog, content FROM items').get()).toMatchObject({
        backlog: 0,
        content: expect.stringContaining('sequencing of a phased ceasefire'),
      });
    } finally {
      await own.close();
    }
  });
});

describe('items of one poll that link to the same page (found by review)', () => {
  it('fetches the page once and gives each item its text', async () => {
    const server = await startFeedServer();
    const now = new Date().toUTCString();
    // A live page's updates: items of their own, with one page between them (the fragment is no page).
    const updates = Array.from(
      { length: 6 },
      (_, i) =>
        `<item><title>Doha talks, update ${i}</title><link>${server.url('/live')}#update-${i}</link><guid>update-${i}</guid><pubDate>${now}</pubDate><description>Update ${i}.</description></item>`,
    ).join('');
    server.route('/rss.xml', {
      body: `<rss version="2.0"><channel><title>Teasers</title>${updates}</channel></rss>`,
    });
    server.route('/live', { body: article, contentType: 'text/html; charset=utf-8' });
    const db = openDatabase(':memory:');
    const fetcher = createHttpFetcher(loopbackFetcherOptions({ timeoutMs: 2_000 }));
    try {
      const { feeds, poller } = teaserFeed(db, fetcher, server);
      expect((await poller.pollFeeds(feeds.list()))[0]).toMatchObject({ outcome: 'ok', inserted: 6 });
      expect(server.requests.filter((request) => request.path === '/live')).toHaveLength(1);
      const contents = db.prepare('SELECT content FROM items').all() as Array<{ content: string | null }>;
      expect(contents.map((row) => row.content?.includes('sequencing of a phased ceasefire'))).toEqual(
        Array(6).fill(true),
      );
    } finally {
      await fetcher.close();
      db.close();
      await server.close();
    }
  });
});

describe('a full-text poll cut short by shutdown', () => {
  it('leaves the feed unread and due while an article page is still being fetched, storing no teaser', async () => {
    const server = await startFeedServer();
    server.route('/rss.xml', {
      body: `<rss version="2.0"><channel><title>Teasers</title>
<item><title>Doha round ends without a deal</title><link>${server.url('/slow-article')}</link><guid>doha</guid><pubDate>${new Date().toUTCString()}</pubDate><description>Short teaser.</description></item>
</channel></rss>`,
    });
    server.route('/slow-article', { hang: true });
    const db = openDatabase(':memory:');
    const fetcher = createHttpFetcher(loopbackFetcherOptions({ timeoutMs: 30_000 }));
    try {
      const { feeds, items, poller } = teaserFeed(db, fetcher, server);
      const poll = poller.pollFeeds(feeds.list());
      while (!server.requests.some((request) => request.path === '/slow-article'))
        await new Promise((resolve) => setTimeout(resolve, 20));
      fetcher.cancel();
      expect(await poll).toEqual([]);
      expect(items.count()).toBe(0);
      expect(feeds.list().map((feed) => [feed.consecutiveErrors, feed.lastFetchAt])).toEqual([[0, null]]);
    } finally {
      await fetcher.close();
      db.close();
      await server.close();
    }
  });
});
