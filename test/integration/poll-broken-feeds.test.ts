import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Feed } from '../../src/domain/feed.js';
import { createFeedReader } from '../../src/ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from '../../src/ingest/http-fetcher.js';
import { createPoller, type FeedPollResult } from '../../src/scheduler/poll-feeds.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { type FeedRoute, type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { loopbackFetcherOptions, testPollPolicy } from '../support/loopback.js';

const good = `<rss version="2.0"><channel><title>Good</title>
<item><title>Mediators table a truce plan</title><link>https://good.example/1</link><guid>1</guid></item>
</channel></rss>`;

/** A feed of 3,000 items, one an hour, oldest first (as some archives list them). */
const flood = `<rss version="2.0"><channel><title>Flood</title>${Array.from(
  { length: 3_000 },
  (_, n) =>
    `<item><title>Round ${n} of the talks</title><link>https://flood.example/${n}</link><pubDate>${new Date(
      Date.parse('2026-07-01T00:00:00Z') + n * 3_600_000,
    ).toUTCString()}</pubDate></item>`,
).join('')}</channel></rss>`;

// On a server of its own: a 429 with Retry-After holds its host's other requests (http-fetcher.ts
// createHostWaits), and the feeds below would fail as "not asked" or not, as their reads happen to fall.
const rateLimited: Record<string, FeedRoute> = {
  '/429.xml': { status: 429, body: 'slow down', headers: { 'retry-after': '7200' } },
};

const broken: Record<string, FeedRoute> = {
  '/404.xml': { status: 404, body: 'gone' },
  '/500.xml': { status: 500, body: 'oops' },
  '/slow.xml': { body: good, delayMs: 3_000 },
  '/drip.xml': { body: good.repeat(20), dripBytesPerSecond: 200 },
  '/loop-a.xml': { redirectTo: '/loop-b.xml' },
  '/loop-b.xml': { redirectTo: '/loop-a.xml' },
  '/huge.xml': { hugeBytes: 50 * 1024 * 1024 },
  '/page.html': {
    body: '<!DOCTYPE html><html><head><title>Home</title></head><body>hi</body></html>',
    contentType: 'text/html',
  },
  '/broken.xml': { body: '<rss version="2.0"><channel><title>Broken</title><item><title>x</item></channel>' },
  '/bomb.xml': {
    body: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>`,
  },
  '/xxe.xml': {
    body: `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>`,
  },
};

/** A poller that stores items without analysing them. */
function storingPoller(db: Database, fetcher: HttpFetcher, clock: ReturnType<typeof createManualClock>) {
  return createPoller({
    feeds: createFeedStore(db),
    items: createItemStore(db),
    reader: createFeedReader({ fetcher, clock }),
    articles: null,
    stories: null,
    clock,
    log: createSilentLogger(),
    policy: testPollPolicy({ articleConcurrency: 1 }),
  });
}

/** The feeds whose read must run out of time: the only ones given the short deadline. */
const slowPaths = new Set(['/slow.xml', '/drip.xml']);

describe('one poll over a good feed and every kind of broken one', () => {
  let server: FeedServer;
  let limited: FeedServer;
  let fetcher: HttpFetcher;
  let db: Database;
  let results: FeedPollResult[];
  const clock = createManualClock(Date.parse('2026-11-26T10:00:00Z'));

  beforeAll(async () => {
    server = await startFeedServer({
      routes: { '/good.xml': { body: good }, '/flood.xml': { body: flood }, ...broken },
    });
    limited = await startFeedServer({ routes: rateLimited });
    db = openDatabase(':memory:');
    // A read's deadline is wall time, and it keeps running while the event loop parses other feeds (the
    // 3,000 items of /flood.xml hold it for over a second on a loaded machine): with one 1 s deadline for
    // all, /page.html, /loop-a.xml and /xxe.xml timed out there instead of failing as they should. Only
    // the reads meant to time out get the short one (theirs cannot end sooner: /slow.xml answers after
    // 3 s, /drip.xml after 15 s). The others end in ~0.1 s on an idle machine; their 15 s deadline is a
    // backstop, within this hook's 30 s, so that one which wrongly hangs fails with a clear message. The
    // connect timeout, a timer too, is as long for both: on loopback a connection is only late when the
    // event loop is, and a late connect would end a read with another message than the one tested.
    const deadline = (timeoutMs: number) =>
      createHttpFetcher(loopbackFetcherOptions({ timeoutMs, connectTimeoutMs: 15_000 }));
    const shortFetcher = deadline(1_000);
    const longFetcher = deadline(15_000);
    fetcher = {
      fetch: (request) =>
        (slowPaths.has(new URL(request.url).pathname) ? shortFetcher : longFetcher).fetch(request),
      cancel: () => {
        shortFetcher.cancel();
        longFetcher.cancel();
      },
      close: async () => {
        await Promise.all([shortFetcher.close(), longFetcher.close()]);
      },
    };
    const feeds = createFeedStore(db);
    const poller = storingPoller(db, fetcher, clock);
    const paths = [
      '/good.xml',
      '/flood.xml',
      ...Object.keys(broken).filter((path) => path !== '/loop-b.xml'),
    ];
    feeds.syncSources([
      ...paths.map((path) => ({ url: server.url(path), name: path, language: null, fullText: false })),
      { url: limited.url('/429.xml'), name: '/429.xml', language: null, fullText: false },
    ]);
    results = await poller.pollFeeds(feeds.list());
  }, 30_000);
  afterAll(async () => {
    await fetcher.close();
    db.close();
    await Promise.all([server.close(), limited.close()]);
  });

  const result = (path: string): FeedPollResult => {
    const found = results.find((r) => r.feed.name === path);
    if (!found) throw new Error(`no result for ${path}`);
    return found;
  };
  const stored = (path: string): Feed | undefined =>
    createFeedStore(db)
      .list()
      .find((feed) => feed.name === path);

  it('stores the good feed as if nothing else had happened', () => {
    expect(result('/good.xml')).toMatchObject({ outcome: 'ok', inserted: 1 });
    expect(createItemStore(db).count()).toBe(1 + 1_000);
  });

  it.each([
    ['/404.xml', /HTTP 404/],
    ['/500.xml', /HTTP 500/],
    ['/429.xml', /HTTP 429/],
    ['/slow.xml', /within 1000 ms/],
    ['/drip.xml', /within 1000 ms/],
    ['/loop-a.xml', /redirect loop/],
    ['/huge.xml', /larger than 1 MB/],
    ['/page.html', /HTML page/],
    ['/broken.xml', /XML parse error/],
    ['/bomb.xml', /DTD entity/],
    ['/xxe.xml', /DTD entity/],
  ])('records %s as failed with a clear error (%s) and a retry time', (path, message) => {
    expect(result(path)).toMatchObject({ outcome: 'failed', inserted: 0 });
    const feed = stored(path);
    expect(feed?.lastError).toMatch(message);
    expect(feed?.consecutiveErrors).toBe(1);
    expect(feed?.nextFetchAt).toBeGreaterThanOrEqual(clock.now() + 5 * 60_000);
  });

  it('keeps the status of a server that answered 200 with something that is not a feed', () => {
    for (const path of ['/page.html', '/broken.xml', '/bomb.xml'])
      expect([path, stored(path)?.lastStatus]).toEqual([path, 200]);
    expect(stored('/404.xml')?.lastStatus).toBe(404);
    expect(stored('/slow.xml')?.lastStatus).toBeNull();
  });

  it('waits as long as Retry-After asks before trying the rate-limited feed again', () => {
    expect(stored('/429.xml')?.nextFetchAt).toBe(clock.now() + 7_200_000);
  });

  it("takes the 1,000 newest items of a feed that lists 3,000, in the feed's order", () => {
    expect(result('/flood.xml')).toMatchObject({ outcome: 'ok', parsed: 1_000, inserted: 1_000 });
    const titles = db
      .prepare('SELECT title FROM items WHERE feed_id = ? ORDER BY id')
      .all(stored('/flood.xml')?.id)
      .map((row) => (row as { title: string }).title);
    expect(titles).toHaveLength(1_000);
    // The feed lists oldest first: its last thousand are the newest.
    expect([titles[0], titles.at(-1)]).toEqual(['Round 2000 of the talks', 'Round 2999 of the talks']);
  });

  it('never leaves the 50 MB response buffered: the server stopped sending early', () => {
    const sent = server.requests.find((r) => r.path === '/huge.xml')?.bytesSent ?? Number.POSITIVE_INFINITY;
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });
});

/**
 * A feed server with these routes, each a feed named by its path, a storing poller over them, and a
 * manual clock: for the tests of reads that hang.
 */
async function withHangingFeeds(
  routes: Record<string, FeedRoute>,
  timeoutMs: number,
  test: (fixture: {
    server: FeedServer;
    fetcher: HttpFetcher;
    clock: ReturnType<typeof createManualClock>;
    feeds: ReturnType<typeof createFeedStore>;
    poller: ReturnType<typeof createPoller>;
  }) => Promise<void>,
): Promise<void> {
  const server = await startFeedServer({ routes });
  const db = openDatabase(':memory:');
  const fetcher = createHttpFetcher(loopbackFetcherOptions({ timeoutMs }));
  const clock = createManualClock(Date.parse('2026-11-26T10:00:00Z'));
  try {
    const feeds = createFeedStore(db);
    feeds.syncSources(
      Object.keys(routes).map((path) => ({
        url: server.url(path),
        name: path,
        language: null,
        fullText: false,
      })),
    );
    await test({ server, fetcher, clock, feeds, poller: storingPoller(db, fetcher, clock) });
  } finally {
    await fetcher.close();
    db.close();
    await server.close();
  }
}

describe('a poll cut short by shutdown', () => {
  it('stores what was read, records nothing for the feeds it stopped, and leaves them due', async () => {
    await withHangingFeeds(
      { '/good.xml': { body: good }, '/hang-1.xml': { hang: true }, '/hang-2.xml': { hang: true } },
      30_000,
      async ({ fetcher, clock, feeds, poller }) => {
        const seen: string[] = [];
        let goodRead = () => {};
        const goodReadDone = new Promise<void>((resolve) => {
          goodRead = resolve;
        });
        const poll = poller.pollFeeds(feeds.list(), (result) => {
          seen.push(result.feed.name ?? '');
          if (result.feed.name === '/good.xml') goodRead();
        });
        // Stopped once /good.xml is stored (not after a fixed sleep, which a loaded machine can outlast).
        await goodReadDone;
        const stoppedAt = performance.now();
        fetcher.cancel();
        const results = await poll;
        // Without the cancel the hanging reads would end at their 30 s deadline.
        expect(performance.now() - stoppedAt).toBeLessThan(10_000);
        expect(results.map((r) => [r.feed.name, r.outcome])).toEqual([['/good.xml', 'ok']]);
        expect(seen).toEqual(['/good.xml']);
        const stopped = feeds.list().filter((feed) => feed.name !== '/good.xml');
        expect(stopped.map((feed) => [feed.consecutiveErrors, feed.lastError])).toEqual([
          [0, null],
          [0, null],
        ]);
        expect(feeds.due(clock.now()).map((feed) => feed.name)).toEqual(['/hang-1.xml', '/hang-2.xml']);
      },
    );
  });
});

describe('cycles that overlap (the ticker starts one every minute)', () => {
  it('read a feed still being read by an earlier cycle only there, and the other due feeds at once', async () => {
    await withHangingFeeds(
      { '/hang.xml': { hang: true }, '/good.xml': { body: good } },
      1_000,
      async ({ server, clock, poller }) => {
        const hits = () => server.requests.filter((request) => request.path === '/hang.xml').length;
        let goodRead = () => {};
        const goodReadDone = new Promise<void>((resolve) => {
          goodRead = resolve;
        });
        const first = poller.pollDue((result) => {
          if (result.feed.name === '/good.xml') goodRead();
        });
        // Until the first cycle has stored /good.xml and is waiting on /hang.xml (not a fixed sleep).
        await goodReadDone;
        await vi.waitFor(() => expect(hits()).toBe(1));
        // /good.xml was read by the first cycle; an hour later it is due again, /hang.xml still in flight.
        clock.advance(3_600_000);
        const second = await poller.pollDue();
        expect(second.map((r) => [r.feed.name, r.outcome])).toEqual([['/good.xml', 'ok']]);
        expect(hits()).toBe(1);
        expect((await first).map((r) => [r.feed.name, r.outcome])).toEqual([
          ['/hang.xml', 'failed'],
          ['/good.xml', 'ok'],
        ]);
        // Once its read has ended (timed out), the feed is read again when next due.
        clock.advance(86_400_000);
        const third = await poller.pollDue();
        expect(third.map((r) => r.feed.name)).toEqual(['/hang.xml', '/good.xml']);
        expect(hits()).toBe(2);
      },
    );
  });
});

describe("a feed held by its host's 429 to another feed", () => {
  it('is not asked, keeps its error count, and is due again when the wait ends', async () => {
    const server = await startFeedServer({
      routes: {
        '/limited.xml': { status: 429, body: 'slow down', headers: { 'retry-after': '600' } },
        '/other.xml': { body: good },
      },
    });
    const db = openDatabase(':memory:');
    const fetcher = createHttpFetcher(loopbackFetcherOptions());
    const clock = createManualClock(Date.parse('2026-11-26T10:00:00Z'));
    try {
      const feeds = createFeedStore(db);
      feeds.syncSources(
        ['/limited.xml', '/other.xml'].map((path) => ({
          url: server.url(path),
          name: path,
          language: null,
          fullText: false,
        })),
      );
      const byName = (name: string) => feeds.list().find((feed) => feed.name === name) as Feed;
      const poller = storingPoller(db, fetcher, clock);
      await poller.pollFeeds([byName('/limited.xml')]);
      expect(byName('/limited.xml').consecutiveErrors).toBe(1);
      // Due twice while the host's wait lasts (a shorter interval, a restart): held both times.
      for (let round = 0; round < 2; round += 1) {
        const [result] = await poller.pollFeeds([byName('/other.xml')]);
        expect(result?.outcome).toBe('failed');
        const other = byName('/other.xml');
        expect(other.lastError).toMatch(/not asked: .* answered another request with HTTP 429/);
        expect(other.consecutiveErrors).toBe(0);
        expect(other.lastFetchAt).toBeNull();
        expect(other.lastStatus).toBeNull();
        expect(other.nextFetchAt).toBeGreaterThan(clock.now() + 590_000);
        expect(other.nextFetchAt).toBeLessThanOrEqual(clock.now() + 600_000);
      }
      expect(server.requests.filter((request) => request.path === '/other.xml')).toHaveLength(0);
    } finally {
      await fetcher.close();
      db.close();
      await server.close();
    }
  });
});
