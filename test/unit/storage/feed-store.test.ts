import { describe, expect, it } from 'vitest';
import type { Feed } from '../../../src/domain/feed.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { item, source } from './fixtures.js';

function setup() {
  const db = openDatabase(':memory:');
  return { db, feeds: createFeedStore(db), items: createItemStore(db) };
}

function byUrl(feeds: ReturnType<typeof createFeedStore>, url: string): Feed {
  const feed = feeds.byUrl(url);
  if (feed === null) throw new Error(`no feed ${url}`);
  return feed;
}

describe('syncSources', () => {
  it('adds new feeds enabled and due at once', () => {
    const { feeds } = setup();
    const counts = feeds.syncSources([
      source('https://a.example/rss', { name: 'A', language: 'en', fullText: true }),
    ]);
    expect(counts).toEqual({ added: 1, updated: 0, disabled: 0 });
    expect(feeds.byUrl('https://a.example/rss')).toMatchObject({
      name: 'A',
      language: 'en',
      fullText: true,
      enabled: true,
      nextFetchAt: 0,
      consecutiveErrors: 0,
      etag: null,
      itemCount: 0,
    });
  });

  it('updates the name, language and full-text flag of a known feed and counts only real changes', () => {
    const { feeds } = setup();
    feeds.syncSources([source('https://a.example/rss', { name: 'A' }), source('https://b.example/rss')]);
    const counts = feeds.syncSources([
      source('https://a.example/rss', { name: 'A renamed', language: 'fr', fullText: true }),
      source('https://b.example/rss'),
    ]);
    expect(counts).toEqual({ added: 0, updated: 1, disabled: 0 });
    expect(byUrl(feeds, 'https://a.example/rss')).toMatchObject({
      name: 'A renamed',
      language: 'fr',
      fullText: true,
    });
  });

  it('disables feeds that left the list, keeping them and their items, and re-enables them when they return', () => {
    const { feeds, items } = setup();
    feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
    const b = byUrl(feeds, 'https://b.example/rss');
    items.upsert(b.id, [item('guid:1')], 1000);
    expect(feeds.syncSources([source('https://a.example/rss')])).toEqual({
      added: 0,
      updated: 0,
      disabled: 1,
    });
    expect(byUrl(feeds, 'https://b.example/rss')).toMatchObject({ enabled: false, itemCount: 1 });
    expect(items.count()).toBe(1);
    const back = feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
    expect(back).toEqual({ added: 0, updated: 1, disabled: 0 });
    expect(byUrl(feeds, 'https://b.example/rss').enabled).toBe(true);
  });

  it('reads a re-enabled feed at once and starts its backoff over; a renamed enabled feed keeps its schedule', () => {
    const { feeds } = setup();
    feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
    for (const url of ['https://a.example/rss', 'https://b.example/rss']) {
      const failure = {
        kind: 'failed',
        at: 100,
        status: 503,
        error: 'HTTP 503',
        nextFetchAt: 9_000_000,
      } as const;
      feeds.recordOutcome(byUrl(feeds, url).id, failure);
      feeds.recordOutcome(byUrl(feeds, url).id, failure);
    }
    feeds.syncSources([source('https://a.example/rss', { name: 'A' })]);
    feeds.syncSources([source('https://a.example/rss', { name: 'A2' }), source('https://b.example/rss')]);
    expect(byUrl(feeds, 'https://b.example/rss')).toMatchObject({ consecutiveErrors: 0, nextFetchAt: 0 });
    expect(byUrl(feeds, 'https://a.example/rss')).toMatchObject({
      consecutiveErrors: 2,
      nextFetchAt: 9_000_000,
    });
    expect(feeds.due(1000).map((feed) => feed.url)).toEqual(['https://b.example/rss']);
  });

  it('keeps the first entry when the list names a URL twice', () => {
    const { feeds } = setup();
    const counts = feeds.syncSources([
      source('https://a.example/rss', { name: 'First' }),
      source('https://a.example/rss', { name: 'Second' }),
    ]);
    expect(counts).toEqual({ added: 1, updated: 0, disabled: 0 });
    expect(feeds.list().map((feed) => feed.name)).toEqual(['First']);
  });

  it('disables every feed when the list is empty', () => {
    const { feeds } = setup();
    feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
    expect(feeds.syncSources([])).toEqual({ added: 0, updated: 0, disabled: 2 });
    expect(feeds.list()).toEqual([]);
  });
});

describe('list and due', () => {
  it('lists enabled feeds by name (URL when unnamed) with their item counts, disabled ones on request', () => {
    const { feeds, items } = setup();
    feeds.syncSources([
      source('https://z.example/rss', { name: 'alpha' }),
      source('https://c.example/rss'),
      source('https://a.example/rss', { name: 'Zeta' }),
      source('https://gone.example/rss', { name: 'Gone' }),
    ]);
    feeds.syncSources([
      source('https://z.example/rss', { name: 'alpha' }),
      source('https://c.example/rss'),
      source('https://a.example/rss', { name: 'Zeta' }),
    ]);
    const zeta = byUrl(feeds, 'https://a.example/rss');
    items.upsert(zeta.id, [item('guid:1'), item('guid:2')], 1000);
    expect(feeds.list().map((feed) => [feed.name ?? feed.url, feed.itemCount])).toEqual([
      ['alpha', 0],
      ['https://c.example/rss', 0],
      ['Zeta', 2],
    ]);
    expect(feeds.list({ includeDisabled: true }).map((feed) => feed.name ?? feed.url)).toEqual([
      'alpha',
      'Gone',
      'https://c.example/rss',
      'Zeta',
    ]);
  });

  it('returns enabled feeds whose next fetch time has come, soonest first', () => {
    const { feeds } = setup();
    const urls = ['https://a.example/', 'https://b.example/', 'https://c.example/', 'https://d.example/'];
    feeds.syncSources(urls.map((url) => source(url)));
    const nextAt = [5_000, 1_000, 20_000, 3_000];
    urls.forEach((url, index) => {
      const next = nextAt[index] ?? 0;
      feeds.recordOutcome(byUrl(feeds, url).id, { kind: 'not-modified', at: 0, nextFetchAt: next });
    });
    feeds.syncSources(urls.filter((url) => url !== 'https://d.example/').map((url) => source(url)));
    expect(feeds.due(10_000).map((feed) => feed.url)).toEqual(['https://b.example/', 'https://a.example/']);
    expect(feeds.due(0)).toEqual([]);
  });

  it('answers null for a URL it does not know', () => {
    expect(setup().feeds.byUrl('https://unknown.example/')).toBeNull();
  });
});

describe('recordOutcome', () => {
  const url = 'https://a.example/rss';

  function withFeed() {
    const store = setup();
    store.feeds.syncSources([source(url)]);
    return { ...store, id: byUrl(store.feeds, url).id };
  }

  it('stores the validators, status and title of a successful fetch', () => {
    const { feeds, id } = withFeed();
    feeds.recordOutcome(id, {
      kind: 'ok',
      at: 100,
      status: 200,
      listed: 3,
      etag: '"v1"',
      lastModified: 'Mon, 05 Jan 2026 10:00:00 GMT',
      title: 'A News',
      nextFetchAt: 1900,
    });
    expect(byUrl(feeds, url)).toMatchObject({
      lastFetchAt: 100,
      lastSuccessAt: 100,
      lastListed: 3,
      lastStatus: 200,
      etag: '"v1"',
      lastModified: 'Mon, 05 Jan 2026 10:00:00 GMT',
      title: 'A News',
      consecutiveErrors: 0,
      lastError: null,
      nextFetchAt: 1900,
    });
  });

  it('counts consecutive failures, keeping the validators, and resets the count on the next success', () => {
    const { feeds, id } = withFeed();
    feeds.recordOutcome(id, {
      kind: 'ok',
      at: 100,
      status: 200,
      listed: 3,
      etag: '"v1"',
      lastModified: null,
      title: 'A',
      nextFetchAt: 200,
    });
    feeds.recordOutcome(id, { kind: 'failed', at: 300, status: 503, error: 'HTTP 503', nextFetchAt: 400 });
    feeds.recordOutcome(id, { kind: 'failed', at: 500, status: null, error: 'timed out', nextFetchAt: 900 });
    expect(byUrl(feeds, url)).toMatchObject({
      consecutiveErrors: 2,
      lastError: 'timed out',
      lastStatus: null,
      lastFetchAt: 500,
      lastSuccessAt: 100,
      etag: '"v1"',
      title: 'A',
      nextFetchAt: 900,
    });
    feeds.recordOutcome(id, {
      kind: 'ok',
      at: 1000,
      status: 200,
      listed: 3,
      etag: '"v2"',
      lastModified: null,
      title: null,
      nextFetchAt: 2000,
    });
    expect(byUrl(feeds, url)).toMatchObject({
      consecutiveErrors: 0,
      lastError: null,
      etag: '"v2"',
      title: 'A',
    });
  });

  it('records a 304 as a healthy fetch that keeps the stored validators', () => {
    const { feeds, id } = withFeed();
    feeds.recordOutcome(id, {
      kind: 'ok',
      at: 100,
      status: 200,
      listed: 3,
      etag: '"v1"',
      lastModified: 'LM',
      title: 'A',
      nextFetchAt: 200,
    });
    feeds.recordOutcome(id, { kind: 'failed', at: 300, status: 500, error: 'HTTP 500', nextFetchAt: 400 });
    feeds.recordOutcome(id, { kind: 'not-modified', at: 500, nextFetchAt: 2500 });
    expect(byUrl(feeds, url)).toMatchObject({
      lastStatus: 304,
      consecutiveErrors: 0,
      lastError: null,
      etag: '"v1"',
      lastModified: 'LM',
      lastFetchAt: 500,
      nextFetchAt: 2500,
    });
  });
});
