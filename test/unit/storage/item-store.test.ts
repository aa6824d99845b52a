import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../../src/domain/item.js';
import { truncateAtParagraph } from '../../../src/ingest/normalise.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { contentHash, createItemStore, longerContent } from '../../../src/storage/item-store.js';
import { item, source, useTempDir } from './fixtures.js';

const tempDir = useTempDir();

type Row = {
  title: string;
  content: string | null;
  url: string | null;
  published_at: number;
  published_at_from_feed: number;
  first_seen_at: number;
  updated_at: number;
};

function setup() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss'), source('https://b.example/rss')]);
  const [a, b] = feeds.list({ includeDisabled: true }).map((feed) => feed.id);
  if (a === undefined || b === undefined) throw new Error('feeds missing');
  const row = (feedId: number, key: string): Row | undefined =>
    db
      .prepare<[number, string], Row>(
        `SELECT title, content, url, published_at, published_at_from_feed, first_seen_at, updated_at
         FROM items WHERE feed_id = ? AND dedupe_key = ?`,
      )
      .get(feedId, key);
  return { db, items: createItemStore(db), a, b, row };
}

describe('upsert', () => {
  it('inserts new items, then reports an identical re-fetch as unchanged without touching the rows', () => {
    const { items, a, row } = setup();
    const batch = [item('guid:1'), item('guid:2', { content: 'Full text.' })];
    const first = items.upsert(a, batch, 1000);
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    expect(first.changed.map((c) => [c.kind, c.item.dedupeKey])).toEqual([
      ['inserted', 'guid:1'],
      ['inserted', 'guid:2'],
    ]);
    expect(items.upsert(a, batch, 2000)).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 2,
      changed: [],
    });
    expect(row(a, 'guid:2')).toMatchObject({ content: 'Full text.', first_seen_at: 1000, updated_at: 1000 });
    expect(items.count()).toBe(2);
  });

  it("stores the undated items of a feed's first fetch as backlog, out of `changed` until the feed dates them", () => {
    const { items, a, b } = setup();
    const undated = (key: string, title = 'Talks to resume') =>
      item(key, { title, publishedAt: 1000, publishedAtFromFeed: false });
    const first = items.upsert(a, [undated('guid:old'), item('guid:dated')], 1000, true);
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, backlog: 1 });
    expect(first.changed.map((c) => c.item.dedupeKey)).toEqual(['guid:dated']);
    // Not a first fetch: an undated item is news first seen now.
    const later = items.upsert(a, [undated('guid:old'), undated('guid:new')], 2000);
    expect(later).toMatchObject({ inserted: 1, unchanged: 1, backlog: 0 });
    expect(later.changed.map((c) => c.item.dedupeKey)).toEqual(['guid:new']);
    // A changed backlog item stays backlog while the feed gives it no date, and is news once it does.
    const edited = items.upsert(a, [undated('guid:old', 'Talks resume')], 3000);
    expect(edited).toMatchObject({ updated: 1, backlog: 0, changed: [] });
    const dated = items.upsert(a, [item('guid:old', { title: 'Talks resume' })], 4000);
    expect(dated.changed.map((c) => [c.kind, c.item.dedupeKey])).toEqual([['updated', 'guid:old']]);
    expect(items.upsert(b, [undated('guid:old')], 1000, false).changed).toHaveLength(1);
  });

  it('counts an undated backlog item as first seen when its feed dates it, the time it became news', () => {
    const { items, a, row } = setup();
    items.upsert(a, [item('guid:old', { publishedAt: 1000, publishedAtFromFeed: false })], 1000, true);
    items.upsert(a, [item('guid:old', { title: 'Talks, edited', publishedAtFromFeed: false })], 2000);
    expect(row(a, 'guid:old')).toMatchObject({ first_seen_at: 1000, updated_at: 2000 });
    items.upsert(a, [item('guid:old', { title: 'Talks, edited', publishedAt: 1500 })], 9000);
    expect(row(a, 'guid:old')).toMatchObject({ published_at: 1500, first_seen_at: 9000 });
    // News from then on: a later change keeps that time.
    items.upsert(a, [item('guid:old', { title: 'Talks, edited again', publishedAt: 1500 })], 12_000);
    expect(row(a, 'guid:old')).toMatchObject({ first_seen_at: 9000, updated_at: 12_000 });
  });

  it('updates an item whose title changed, keeping when it was first seen', () => {
    const { items, a, row } = setup();
    items.upsert(a, [item('guid:1', { title: 'Talks to resume' })], 1000);
    const counts = items.upsert(
      a,
      [item('guid:1', { title: 'Talks resume in Riyadh', url: 'https://news.example/moved' })],
      5000,
    );
    expect(counts).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(row(a, 'guid:1')).toMatchObject({
      title: 'Talks resume in Riyadh',
      url: 'https://news.example/moved',
      first_seen_at: 1000,
      updated_at: 5000,
    });
  });

  it('keeps content fetched from the article page when a later fetch of the feed lacks it', () => {
    const { items, a, row } = setup();
    items.upsert(a, [item('guid:1', { content: 'The whole article, from its page.' })], 1000);
    expect(items.upsert(a, [item('guid:1')], 2000)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const edited = items.upsert(a, [item('guid:1', { title: 'Corrected title' })], 3000);
    expect(edited).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    // The analysis that follows sees the merged item, page content included.
    expect(edited.changed).toEqual([
      expect.objectContaining({
        kind: 'updated',
        item: expect.objectContaining({ content: 'The whole article, from its page.' }),
      }),
    ]);
    expect(row(a, 'guid:1')).toMatchObject({
      title: 'Corrected title',
      content: 'The whole article, from its page.',
    });
  });

  it('takes longer content when it arrives later', () => {
    const { items, a, row } = setup();
    items.upsert(a, [item('guid:1', { content: 'Teaser.' })], 1000);
    expect(
      items.upsert(a, [item('guid:1', { content: 'Teaser. And the rest of the story.' })], 2000),
    ).toMatchObject({ updated: 1 });
    expect(row(a, 'guid:1')?.content).toBe('Teaser. And the rest of the story.');
  });

  const day = 86_400_000;
  const dates: Array<[string, Partial<NormalisedItem>, Partial<NormalisedItem>, number, number]> = [
    ['a feed date replaces an earlier feed date', { publishedAt: day }, { publishedAt: 2 * day }, 2 * day, 1],
    [
      'a first-seen time never replaces a feed date',
      { publishedAt: day },
      { publishedAt: 3 * day, publishedAtFromFeed: false },
      day,
      1,
    ],
    [
      'a feed date replaces a first-seen time',
      { publishedAt: 5 * day, publishedAtFromFeed: false },
      { publishedAt: 2 * day },
      2 * day,
      1,
    ],
    [
      'a later first-seen time never replaces the first one',
      { publishedAt: day, publishedAtFromFeed: false },
      { publishedAt: 4 * day, publishedAtFromFeed: false },
      day,
      0,
    ],
  ];
  it.each(dates)('when the title changes, %s', (_, first, second, publishedAt, fromFeed) => {
    const { items, a, row } = setup();
    items.upsert(a, [item('guid:1', first)], 1000);
    items.upsert(a, [item('guid:1', { ...second, title: 'New title' })], 2000);
    expect(row(a, 'guid:1')).toMatchObject({ published_at: publishedAt, published_at_from_feed: fromFeed });
  });

  it('keeps items of different feeds apart even when their keys are equal', () => {
    const { items, a, b } = setup();
    expect(items.upsert(a, [item('url:https://wire.example/1')], 1000)).toMatchObject({ inserted: 1 });
    expect(items.upsert(b, [item('url:https://wire.example/1')], 1000)).toMatchObject({ inserted: 1 });
    expect(items.count()).toBe(2);
  });

  it('takes over a row stored under a front-page guid before such guids stopped being identities', () => {
    const { items, a } = setup();
    const front = 'https://scraped.example/';
    // As stored before c99253f: keyed by its guid, the site's front page (only one item a read was kept).
    items.upsert(
      a,
      [item(`guid:${front}`, { guid: front, url: front, title: 'Summit ends', summary: 'No deal.' })],
      1000,
    );
    const again = items.upsert(
      a,
      [
        item('title:summit ends', { guid: front, url: front, title: 'Summit ends', summary: 'No deal.' }),
        item('title:truce holds', { guid: front, url: front, title: 'Truce holds' }),
      ],
      2000,
    );
    expect(again).toMatchObject({ inserted: 1, updated: 0, unchanged: 1 });
    expect(items.count()).toBe(2);
  });

  it('takes over a row stored under a shared front-page guid and its link (review)', () => {
    const { items, a } = setup();
    const front = 'https://scraped.example/';
    const page = 'https://scraped.example/news/summit';
    // As stored between 103e38c and c99253f: items of one read sharing the guid, each keyed by guid and page.
    items.upsert(
      a,
      [
        item(`guid:${front}|url:${page}`, {
          guid: front,
          url: page,
          title: 'Summit ends',
          summary: 'No deal.',
        }),
      ],
      1000,
    );
    const again = items.upsert(
      a,
      [item(`url:${page}`, { guid: front, url: page, title: 'Summit ends', summary: 'No deal.' })],
      2000,
    );
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(items.count()).toBe(1);
  });

  it('takes over a row stored under a front-page link before such links stopped being identities', () => {
    const { items, a } = setup();
    const front = 'https://meduza.io/';
    // As stored before 0d4f02c: the item keyed by its link to the site's front page.
    items.upsert(
      a,
      [item(`url:${front}`, { url: front, title: 'Summit ends without a deal', summary: 'No deal.' })],
      1000,
    );
    const again = items.upsert(
      a,
      [
        item('title:summit ends without a deal', {
          url: front,
          title: 'Summit ends without a deal',
          summary: 'No deal.',
        }),
        item('title:canada leads in assisted deaths', {
          url: front,
          title: 'Canada leads in assisted deaths',
        }),
      ],
      2000,
    );
    expect(again).toMatchObject({ inserted: 1, updated: 0, unchanged: 1 });
    expect(items.count()).toBe(2);
  });

  it('stores nothing from a batch in which one item fails', () => {
    const { items, a } = setup();
    const broken = { ...item('guid:2'), dedupeKey: null } as unknown as NormalisedItem;
    expect(() => items.upsert(a, [item('guid:1'), broken], 1000)).toThrow(/NOT NULL/);
    expect(items.count()).toBe(0);
  });

  it("keeps a live blog's newest updates once its text is cut at the full-text limit, though the newer cut is shorter", () => {
    const { items, a, row } = setup();
    // Newest first, as live blogs list them; each version cut at the limit (normalise.ts).
    const update = (n: number) =>
      `Update ${n}: ${'the delegations met again in Doha. '.repeat(20 + (n % 7) * 9)}`;
    const blog = (newest: number) =>
      truncateAtParagraph(Array.from({ length: newest }, (_, n) => update(newest - n)).join('\n'));
    const [older, newer] = [blog(400), blog(401)];
    expect(newer.length).toBeLessThan(older.length);
    items.upsert(a, [item('guid:live', { content: older })], 1000);
    const again = items.upsert(a, [item('guid:live', { content: newer })], 2000);
    expect(again).toMatchObject({ updated: 1 });
    expect(row(a, 'guid:live')?.content?.startsWith('Update 401:')).toBe(true);
    // Read again unchanged, it is unchanged.
    expect(items.upsert(a, [item('guid:live', { content: newer })], 3000)).toMatchObject({ unchanged: 1 });
  });
});

describe('keysWithContent', () => {
  it('returns only the keys of this feed already stored with content', () => {
    const { items, a, b } = setup();
    items.upsert(
      a,
      [item('guid:1', { content: 'Text' }), item('guid:2'), item('guid:3', { content: 'More' })],
      1000,
    );
    items.upsert(b, [item('guid:4', { content: 'Other feed' })], 1000);
    const listed = ['guid:1', 'guid:2', 'guid:4', 'guid:unknown', 'it\'s "quoted"'].map((key) => item(key));
    const keys = items.keysWithContent(a, listed);
    expect([...keys].sort()).toEqual(['guid:1']);
    expect(items.keysWithContent(a, [])).toEqual(new Set());
  });

  it('counts a backlog item as needing no page while it is undated, and as news once its feed dates it', () => {
    const { items, a } = setup();
    const undated = item('guid:old', { publishedAtFromFeed: false });
    items.upsert(a, [undated], 1000, true);
    expect(items.keysWithContent(a, [undated])).toEqual(new Set(['guid:old']));
    expect(items.keysWithContent(a, [item('guid:old')])).toEqual(new Set());
  });

  it('counts an item retention removed as needing no page: listed again, it is held out', () => {
    const { db, items, a } = setup();
    db.prepare("INSERT INTO dropped_items (feed_id, dedupe_key) VALUES (?, 'guid:gone')").run(a);
    expect(items.keysWithContent(a, [item('guid:gone'), item('guid:new')])).toEqual(new Set(['guid:gone']));
    expect(items.upsert(a, [item('guid:gone')], 1000)).toMatchObject({
      inserted: 1,
      relisted: 1,
      changed: [],
    });
    expect(items.keysWithContent(a, [item('guid:gone')])).toEqual(new Set(['guid:gone']));
  });
});

describe('an item retention removed, listed again', () => {
  it('is held out for good, and only that one', () => {
    const { db, items, a } = setup();
    db.prepare("INSERT INTO dropped_items (feed_id, dedupe_key) VALUES (?, 'guid:1')").run(a);
    const result = items.upsert(a, [item('guid:1'), item('guid:2')], 1000);
    expect(result).toMatchObject({ inserted: 2, relisted: 1 });
    expect(result.changed.map((changed) => changed.item.dedupeKey)).toEqual(['guid:2']);
    // Held for good: a later date or text changes nothing.
    const dated = items.upsert(a, [item('guid:1', { title: 'Changed', publishedAt: 5000 })], 2000);
    expect(dated).toMatchObject({ updated: 1, changed: [] });
    expect(db.prepare('SELECT COUNT(*) FROM dropped_items').pluck().get()).toBe(0);
  });
});

describe('longerContent', () => {
  const cases: Array<[string | null, string | null, string | null]> = [
    [null, null, null],
    ['stored', null, 'stored'],
    [null, 'incoming', 'incoming'],
    ['a long stored text', 'short', 'a long stored text'],
    ['short', 'a longer incoming text', 'a longer incoming text'],
    ['same', 'SAME', 'SAME'],
    // A shorter teaser that ends in "…" is no cut text: the longer stored text stays.
    [`${'a'.repeat(60_000)}.`, `${'teaser '.repeat(10)}…`, `${'a'.repeat(60_000)}.`],
    // A shorter text of more than half the limit that does not end in "…" was not cut: the longer stays.
    [`${'a'.repeat(90_000)}.`, `${'b'.repeat(60_000)}.`, `${'a'.repeat(90_000)}.`],
  ];
  it.each(cases)('of stored %j and incoming %j keeps %j', (stored, incoming, kept) => {
    expect(longerContent(stored, incoming)).toBe(kept);
  });
});

describe('contentHash', () => {
  it('tells apart texts that differ only in where one field ends and the next begins, or in missing content', () => {
    const hashes = [
      contentHash('Talks', 'resume', null),
      contentHash('Talks resume', '', null),
      contentHash('Talks', 'resume', ''),
      contentHash('Talks', '', 'resume'),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(contentHash('Talks', 'resume', null)).toBe(contentHash('Talks', 'resume', null));
  });
});

describe('write locking', () => {
  it('takes the write lock when a batch starts, so a busy database fails it before anything is read', () => {
    const path = join(tempDir(), 'parley.db');
    const writer = openDatabase(path);
    const other = openDatabase(path);
    other.pragma('busy_timeout = 0');
    const items = createItemStore(other);
    writer.exec('BEGIN IMMEDIATE');
    expect(() => items.upsert(1, [], 1000)).toThrow(/locked/);
    writer.exec('ROLLBACK');
    expect(items.upsert(1, [], 1000)).toMatchObject({ inserted: 0, updated: 0, unchanged: 0 });
    writer.close();
    other.close();
  });
});
