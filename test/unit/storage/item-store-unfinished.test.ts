import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { item, source } from './fixtures.js';

function oneFeed() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss', { name: 'Outlet A' })]);
  const [feed] = feeds.list();
  if (feed === undefined) throw new Error('no feed');
  return { db, feedId: feed.id, items: createItemStore(db) };
}

describe('items whose processing a killed run did not finish', () => {
  it('lists the news it stored until marked finished, never backlog or relisted items', () => {
    const { db, feedId, items } = oneFeed();
    db.prepare("INSERT INTO dropped_items (feed_id, dedupe_key) VALUES (?, 'gone')").run(feedId);
    const stored = items.upsert(
      feedId,
      [item('news'), item('undated', { publishedAtFromFeed: false }), item('gone')],
      Date.UTC(2026, 0, 10),
      true,
    );
    expect(stored).toMatchObject({ inserted: 3, backlog: 1, relisted: 1 });
    const unfinished = items.unfinished();
    expect(unfinished).toEqual([
      {
        feedId,
        feed: 'Outlet A',
        changed: { id: stored.changed[0]?.id, kind: 'updated', item: item('news') },
      },
    ]);
    items.finished(unfinished.map((one) => one.changed.id));
    expect(items.unfinished()).toEqual([]);
    // Listed again unchanged: nothing to finish.
    items.upsert(feedId, [item('news')], Date.UTC(2026, 0, 10, 1));
    expect(items.unfinished()).toEqual([]);
  });

  // Review: a feed's poll after a failed analysis read every feed's unfinished items, full text and all,
  // to keep its own: with the pipeline failing for every feed (a full disk), each poll read them all.
  it("lists one feed's alone when asked for that feed", () => {
    const { db, feedId, items } = oneFeed();
    createFeedStore(db).syncSources([
      source('https://a.example/rss', { name: 'Outlet A' }),
      source('https://b.example/rss', { name: 'Outlet B' }),
    ]);
    const other = createFeedStore(db)
      .list()
      .find((feed) => feed.id !== feedId);
    if (other === undefined) throw new Error('no second feed');
    const now = Date.UTC(2026, 0, 10);
    items.upsert(feedId, [item('a news')], now, true);
    items.upsert(other.id, [item('b news')], now, true);
    expect(items.unfinished().map((row) => row.feedId)).toEqual([feedId, other.id]);
    expect(items.unfinished(other.id).map((row) => row.changed.item.title)).toEqual(['Title b news']);
    expect(items.unfinished(feedId).map((row) => row.feedId)).toEqual([feedId]);
  });
});
