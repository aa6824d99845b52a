/**
 * A feed URL may carry its key in the query (`?apikey=…`, `?token=…`): /healthz names such a feed by
 * host only, and a log line must not quote the key either, however often the feed fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleReader } from '../../src/ingest/article-reader.js';
import { createFeedReader } from '../../src/ingest/feed-reader.js';
import { createHttpFetcher, type HttpFetcher } from '../../src/ingest/http-fetcher.js';
import { createPoller } from '../../src/scheduler/poll-feeds.js';
import type { StoryPipeline } from '../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { type FeedServer, startFeedServer } from '../fakes/feed-server.js';
import { loopbackFetcherOptions, testPollPolicy } from '../support/loopback.js';

describe('a feed key in the URL query', () => {
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

  it('stays out of the log line of a feed that fails', async () => {
    server.route('/keyed.xml', { status: 500, body: 'down' });
    const url = server.url(
      '/keyed.xml?apikey=Feed_Key_0123456&api_key=Second-Key-789&lang=en&token=Third.Key',
    );
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([{ url, name: null, language: 'en', fullText: false }]);
    const lines: string[] = [];
    const poller = createPoller({
      feeds,
      items: createItemStore(db),
      reader: createFeedReader({ fetcher, clock }),
      articles: createArticleReader(fetcher),
      stories: { process: async () => ({ relevant: 0 }) } as unknown as StoryPipeline,
      clock,
      log: createLogger({ destination: { write: (line: string) => lines.push(line) } }),
      policy: testPollPolicy(),
    });
    expect(await poller.pollFeeds(feeds.list())).toMatchObject([{ outcome: 'failed' }]);
    const failed = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'feed failed');
    expect(failed).toHaveLength(1);
    expect(lines.join('')).not.toMatch(/Feed_Key|Second-Key|Third\.Key/);
    // The feed is still recognisable: host, path and the other parameters stay.
    expect(failed[0].feed_url).toMatch(
      /\/keyed\.xml\?apikey=<redacted>&api_key=<redacted>&lang=en&token=<redacted>$/,
    );
    db.close();
  });
});
