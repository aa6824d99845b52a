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
});
