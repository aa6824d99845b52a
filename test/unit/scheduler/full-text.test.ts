import { afterEach, describe, expect, it } from 'vitest';
import { createArticleReader } from '../../../src/ingest/article-reader.js';
import { createHttpFetcher } from '../../../src/ingest/http-fetcher.js';
import { createArticleMisses, fetchMissingContent } from '../../../src/scheduler/full-text.js';
import { createManualClock } from '../../../src/shared/clock.js';
import { createSilentLogger } from '../../../src/shared/logger.js';
import { createSemaphore } from '../../../src/shared/semaphore.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { type FeedServer, startFeedServer } from '../../fakes/feed-server.js';
import { loopbackFetcherOptions } from '../../support/loopback.js';
import { item, source } from '../storage/fixtures.js';

const article = `<!doctype html><html><body><article><h1>Doha round ends without a deal</h1>
<p>Negotiators from both delegations met for a fourth session in Doha on Thursday and discussed the sequencing of a phased ceasefire, officials said.</p>
<p>Another round is expected next week in Cairo, where mediators hope to settle the exchange of prisoners.</p>
</article></body></html>`;

describe('fetchMissingContent', () => {
  const servers: FeedServer[] = [];
  const fetchers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const fetcher of fetchers.splice(0)) await fetcher.close();
    for (const server of servers.splice(0)) await server.close();
  });

  /** A fullText feed on `server`, and `read(summary)`: its item linking to /doha, through the poll's reader. */
  async function fullTextFeed(server: FeedServer, clock: ReturnType<typeof createManualClock>) {
    const fetcher = createHttpFetcher(loopbackFetcherOptions(), { clock });
    fetchers.push(fetcher);
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source(server.url('/rss.xml'), { fullText: true })]);
    const feed = feeds.list()[0];
    if (feed === undefined) throw new Error('feed missing');
    const misses = createArticleMisses();
    const read = (summary?: string) =>
      fetchMissingContent(
        [item('guid:doha', { url: server.url('/doha'), ...(summary === undefined ? {} : { summary }) })],
        {
          feed,
          items: createItemStore(db),
          articles: createArticleReader(fetcher),
          slots: createSemaphore(1),
          misses,
          now: clock.now(),
          budgetEndsAt: clock.now() + 60_000,
          clock,
          log: createSilentLogger(),
        },
      );
    return { fetcher, read };
  }

  it("reads an article page its host's wait left unasked once the wait is over, not a day later", async () => {
    const server = await startFeedServer();
    servers.push(server);
    server.route('/rss.xml', { status: 429, headers: { 'retry-after': '60' }, body: 'slow down' });
    server.route('/doha', { body: article, contentType: 'text/html; charset=utf-8' });
    const clock = createManualClock(Date.parse('2026-11-26T12:00:00Z'));
    const { fetcher, read } = await fullTextFeed(server, clock);
    // The site's feed answered 429 with a minute's Retry-After: its pages are not asked meanwhile.
    await expect(fetcher.fetch({ url: server.url('/rss.xml') })).rejects.toMatchObject({
      details: { status: 429 },
    });
    // Left for later: the poll keeps no validators, so a 304 does not hide the item from the next one.
    expect(await read()).toMatchObject({ items: [{ content: null }], leftForLater: 1 });
    expect(server.requests.filter((request) => request.path === '/doha')).toHaveLength(0);
    clock.advance(61_000);
    expect((await read()).items[0]?.content).toContain('phased ceasefire');
  });

  // Review: a paywalled page gives its standfirst, shorter than the feed's own summary, which it replaced
  // as the item's text (and as the summaries' source).
  it("keeps the feed's summary when the page says less than it", async () => {
    const server = await startFeedServer();
    servers.push(server);
    server.route('/doha', { body: article, contentType: 'text/html; charset=utf-8' });
    const clock = createManualClock(Date.parse('2026-11-26T12:00:00Z'));
    const { read } = await fullTextFeed(server, clock);
    const long = `${'The mediators in Doha described each step of the phased ceasefire at length. '.repeat(8)}`;
    expect(await read(long)).toMatchObject({ items: [{ content: null, summary: long }] });
    // Not asked again at the next poll: the miss is remembered like a page without an article.
    await read(long);
    expect(server.requests.filter((request) => request.path === '/doha')).toHaveLength(1);
    // A shorter summary is a teaser: the page's text is the article's.
    clock.advance(25 * 3_600_000);
    const { items } = await read('Doha round ends.');
    expect(items[0]?.content).toContain('phased ceasefire');
  });
});
