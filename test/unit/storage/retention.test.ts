import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../../src/domain/item.js';
import { createChatStore } from '../../../src/storage/chat-store.js';
import { openDatabase } from '../../../src/storage/database.js';
import { createFeedStore } from '../../../src/storage/feed-store.js';
import { createItemStore } from '../../../src/storage/item-store.js';
import { createOutbox } from '../../../src/storage/outbox-store.js';
import { createPruner, pruneBatchRows } from '../../../src/storage/retention.js';
import { createStoryStore } from '../../../src/storage/story-store.js';
import { item, source } from './fixtures.js';

const day = 86_400_000;

/** A database with one feed. */
function oneFeed() {
  const db = openDatabase(':memory:');
  const feeds = createFeedStore(db);
  feeds.syncSources([source('https://a.example/rss')]);
  return { db, feeds, feedId: feeds.list()[0]?.id ?? 0, items: createItemStore(db) };
}

/** The item cut-offs: a feed unread since `unreadBefore`; dated items before `agedBefore` too old to store. */
function cutoffs(unreadBefore: number, agedBefore: number | null = unreadBefore) {
  return { unreadBefore, agedBefore };
}

/** A successful read at `at` that listed `listed` items. */
function outcome(at: number, listed: number) {
  return {
    kind: 'ok' as const,
    at,
    status: 200,
    listed,
    etag: null,
    lastModified: null,
    title: null,
    nextFetchAt: 0,
  };
}

/**
 * `stories` stories updated at 1..n ms, with three items each that feed 1 stopped listing on day 2,
 * undated (so each key is remembered when its item goes); written with SQL to be quick.
 */
function manyOld(stories: number) {
  const db = openDatabase(':memory:');
  db.exec(
    `INSERT INTO feeds (id, url, last_success_at, last_listed_at) VALUES (1, 'https://a.example/rss', ${2 * day}, ${2 * day})`,
  );
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${stories})
    INSERT INTO stories (id, title, summary, first_seen_at, updated_at)
      SELECT i, 'Ceasefire talks round ' || i, 'Envoys met for round ' || i, i, i FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${3 * stories})
    INSERT INTO items (id, feed_id, dedupe_key, title, summary, published_at, published_at_from_feed, content_hash,
                       first_seen_at, updated_at, listed_at)
      SELECT i, 1, 'k' || i, 'Title ' || i, 'Summary ' || i, i, 0, 'h' || i, i, i, i FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${3 * stories})
    INSERT INTO story_items (item_id, story_id, similarity) SELECT i, 1 + (i - 1) / 3, 1 FROM n;
  `);
  const count = (sql: string) => db.prepare(sql).pluck().get();
  return {
    db,
    left: () => ({
      stories: count('SELECT COUNT(*) FROM stories'),
      items: count('SELECT COUNT(*) FROM items'),
      indexed: count("SELECT COUNT(*) FROM stories_fts WHERE stories_fts MATCH 'ceasefire'"),
      remembered: count('SELECT COUNT(*) FROM dropped_items'),
    }),
  };
}

describe('createPruner', () => {
  it('removes stories and items older than the cut-off with their analysis, and keeps the rest', async () => {
    const db = openDatabase(':memory:');
    const feeds = createFeedStore(db);
    feeds.syncSources([source('https://a.example/rss')]);
    const feedId = feeds.list()[0]?.id ?? 0;
    const items = createItemStore(db);
    const [old, recent] = items
      .upsert(feedId, [item('old', { publishedAt: 1_000 }), item('new', { publishedAt: 50_000 })], 1_000)
      .changed.map((c) => c.id) as [number, number];
    const stories = createStoryStore(db);
    const verdict = { relevant: true, score: 2, threshold: 1, matches: [], rules: [] };
    stories.saveAnalysis({ itemId: old, relevance: verdict, topics: [], entities: [], analysedAt: 1_000 });
    const oldStory = stories.createStory('Old', 1_000);
    stories.addMember(oldStory, old, 1, null);
    stories.updateStory(oldStory, {
      title: 'Old',
      summary: '',
      summaryEngine: null,
      topics: [],
      relevance: 2,
      updatedAt: 1_000,
    });
    const newStory = stories.createStory('New', 50_000);
    stories.addMember(newStory, recent, 1, null);
    stories.updateStory(newStory, {
      title: 'New',
      summary: '',
      summaryEngine: null,
      topics: [],
      relevance: 2,
      updatedAt: 50_000,
    });

    // The old item was first seen at 1_000 too; the new one at 1_000 but published at 50_000.
    expect(await createPruner(db).prune(10_000, cutoffs(10_000))).toEqual({
      items: 1,
      stories: 1,
      digests: 0,
    });
    expect(stories.get(oldStory)).toBeNull();
    expect(stories.analysisOf(old)).toBeNull();
    expect(stories.get(newStory)?.itemCount).toBe(1);
    expect(items.count()).toBe(1);
    expect(db.prepare("SELECT COUNT(*) AS n FROM stories_fts WHERE stories_fts MATCH 'old'").get()).toEqual({
      n: 0,
    });
  });

  it('keeps an item its feed still lists, removes one a full read no longer lists, and holds it out if listed again', async () => {
    const { db, feeds, feedId, items } = oneFeed();
    const undated = (key: string) => item(key, { publishedAt: 1_000, publishedAtFromFeed: false });
    /** A read of the feed that lists `listed`, as the poller stores it. */
    const read = (listed: NormalisedItem[], at: number, firstFetch = false) => {
      const result = items.upsert(feedId, listed, at, firstFetch);
      feeds.recordOutcome(feedId, outcome(at, listed.length));
      return result;
    };
    read([undated('catalogue')], 1_000, true);
    read([undated('catalogue'), undated('news'), item('dropped', { publishedAt: 1_000 })], 1_000);
    // Day 5: the feed still lists the two undated items, no longer the dated one.
    expect(read([undated('catalogue'), undated('news')], 5 * day)).toMatchObject({ unchanged: 2 });
    // Ingest skips dated items published before 2_000: the dated one needs no remembering.
    expect(await createPruner(db).prune(3 * day, cutoffs(0, 2_000))).toMatchObject({ items: 1 });
    // Kept, they are the same items when read again.
    expect(read([undated('catalogue'), undated('news')], 6 * day)).toMatchObject({
      inserted: 0,
      unchanged: 2,
    });
    // However old, an item the last read listed stays; a 304 or an empty read lists nothing.
    feeds.recordOutcome(feedId, { kind: 'not-modified', at: 9 * day, nextFetchAt: 0 });
    read([], 9 * day);
    expect(await createPruner(db).prune(8 * day, cutoffs(0))).toMatchObject({ items: 0 });
    // A read that lists only a new one: the two go, backlog included.
    read([undated('later')], 10 * day);
    expect(await createPruner(db).prune(8 * day, cutoffs(0))).toMatchObject({ items: 2 });
    // Listed again, they were news (or old news) once: held out, not news.
    const again = read([undated('later'), undated('catalogue'), undated('news')], 11 * day);
    expect(again).toMatchObject({ inserted: 2, relisted: 2, backlog: 0, changed: [] });
    // The dated one, removed past the age limit, is simply new if listed again (ingest would skip it).
    const dated = read([item('dropped', { publishedAt: 1_000 })], 12 * day);
    expect(dated).toMatchObject({ inserted: 1, relisted: 0 });
  });

  it('remembers what it removes only while a feed listing it again could make it news', async () => {
    const { db, feeds, feedId, items } = oneFeed();
    const kept = () => db.prepare('SELECT dedupe_key FROM dropped_items ORDER BY dedupe_key').pluck().all();
    items.upsert(feedId, [item('undated', { publishedAt: 1_000, publishedAtFromFeed: false })], 1_000);
    items.upsert(feedId, [item('old', { publishedAt: 500 }), item('young', { publishedAt: 2_000 })], 1_000);
    feeds.recordOutcome(feedId, outcome(1_000, 3));
    items.upsert(feedId, [], 2 * day);
    feeds.recordOutcome(feedId, outcome(2 * day, 1));
    // Dropped by the read of day 2; ingest skips dated items published before 1_000.
    expect(await createPruner(db).prune(day, cutoffs(0, 1_000))).toMatchObject({ items: 3 });
    expect(kept()).toEqual(['undated', 'young']);
    // Once aged past the limit, a dated key cannot come back as news; an undated one stays, for any later
    // read may list it again, a first fetch included.
    await createPruner(db).prune(day, cutoffs(0, 2_001));
    expect(kept()).toEqual(['undated']);
    await createPruner(db).prune(day, cutoffs(2 * day + 1, 2_001));
    expect(kept()).toEqual(['undated']);
  });

  it('removes old digests whose deliveries are settled, keeps unsent ones and the chat’s last slot', async () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const address = { platform: 'telegram' as const, chatId: '7', threadId: null };
    const chat = chats.ensure(
      address,
      { title: null, timeZone: 'UTC', schedule: { frequency: 'off' } },
      'test',
      0,
    );
    const part = { platform: 'telegram' as const, html: 'x' };
    const digest = (period: string, slot: number) => ({
      chatId: chat.id,
      period,
      since: 0,
      until: slot,
      slot,
      storyCount: 0,
      parts: [part],
    });
    const sent = outbox.enqueue(digest('2026-W01', 1_000), 1_000).digestId;
    const [delivery] = outbox.ofChat(chat.id).filter((d) => d.digestId === sent);
    outbox.markSending(delivery?.id ?? 0, 1_000);
    outbox.markSent(delivery?.id ?? 0, '1', 1_000);
    outbox.enqueue(digest('2026-W02', 2_000), 2_000); // still pending: kept
    outbox.enqueue(digest('2026-W03', 50_000), 50_000); // recent: kept
    expect(await createPruner(db).prune(10_000, cutoffs(10_000))).toEqual({
      items: 0,
      stories: 0,
      digests: 1,
    });
    expect(outbox.ofChat(chat.id).map((d) => d.period)).toEqual(['2026-W03', '2026-W02']);
    expect(chats.get(chat.id)?.lastSlot).toBe(50_000);
  });

  it('removes the stored messages no delivery points at any more and keeps those still in use', async () => {
    const db = openDatabase(':memory:');
    const chats = createChatStore(db);
    const outbox = createOutbox(db);
    const settings = { title: null, timeZone: 'UTC', schedule: { frequency: 'off' } } as const;
    const [a, b, c] = ['1', '2', '3'].map(
      (chatId) => chats.ensure({ platform: 'telegram', chatId, threadId: null }, settings, 'test', 0).id,
    ) as [number, number, number];
    const part = (html: string) => ({ platform: 'telegram' as const, html });
    const digest = (chatId: number, at: number, parts: Array<ReturnType<typeof part>>) => ({
      chatId,
      period: 'W01',
      since: 0,
      until: at,
      slot: null,
      storyCount: 1,
      parts,
    });
    outbox.enqueue(digest(a, 1_000, [part('shared'), part('only a')]), 1_000);
    for (const delivery of outbox.ofChat(a)) {
      outbox.markSending(delivery.id, 1_000);
      outbox.markSent(delivery.id, String(delivery.id), 1_000);
    }
    outbox.enqueue(digest(b, 50_000, [part('shared')]), 50_000); // recent: kept
    outbox.enqueue(digest(c, 50_000, [part('only c')]), 50_000);
    db.prepare('DELETE FROM chats WHERE id = ?').run(c); // its deliveries go with it
    const bodies = () => db.prepare('SELECT body FROM messages ORDER BY id').pluck().all();
    expect(bodies()).toHaveLength(3);
    expect(await createPruner(db).prune(10_000, cutoffs(10_000))).toEqual({
      items: 0,
      stories: 0,
      digests: 1,
    });
    expect(bodies()).toEqual([JSON.stringify(part('shared'))]);
    expect(outbox.ofChat(b).map((d) => d.message)).toEqual([part('shared')]);
  });

  it('prunes in batches of pruneBatchRows, letting other work run between them, and removes everything due', async () => {
    const stories = Math.round(2.5 * pruneBatchRows);
    const { db, left } = manyOld(stories);
    let turns = 0;
    let counting = true;
    const count = async () => {
      while (counting) {
        turns += 1;
        await nextTurn();
      }
    };
    const other = count();
    const removed = await createPruner(db).prune(day, cutoffs(0));
    counting = false;
    await other;
    expect(removed).toEqual({ items: 3 * stories, stories, digests: 0 });
    expect(left()).toEqual({ stories: 0, items: 0, indexed: 0, remembered: 3 * stories });
    // Three batches of stories, eight of items, and a turn of the loop between any two.
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('reads a table whose rows all stay in batches of pruneBatchRows too, letting other work run between them', async () => {
    // Every run after the first: most rows stay. One transaction read them all, holding the loop throughout.
    const stories = Math.round(2.5 * pruneBatchRows);
    const { db, left } = manyOld(stories);
    let turns = 0;
    let counting = true;
    const count = async () => {
      while (counting) {
        turns += 1;
        await nextTurn();
      }
    };
    const other = count();
    const removed = await createPruner(db).prune(0, cutoffs(0));
    counting = false;
    await other;
    expect(removed).toEqual({ items: 0, stories: 0, digests: 0 });
    expect(left()).toEqual({ stories, items: 3 * stories, indexed: stories, remembered: 0 });
    // Three batches of stories, eight of items, and a turn of the loop between any two.
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('stops between batches when its signal aborts, keeping the search index and the keys in step, for the next run to finish', async () => {
    const stories = Math.round(1.5 * pruneBatchRows);
    const { db, left } = manyOld(stories);
    const stop = new AbortController();
    const run = createPruner(db).prune(day, cutoffs(0), stop.signal);
    stop.abort();
    expect(await run).toEqual({ items: 0, stories: pruneBatchRows, digests: 0 });
    const rest = stories - pruneBatchRows;
    expect(left()).toEqual({ stories: rest, items: 3 * stories, indexed: rest, remembered: 0 });
    expect(await createPruner(db).prune(day, cutoffs(0))).toEqual({
      items: 3 * stories,
      stories: rest,
      digests: 0,
    });
    expect(left()).toEqual({ stories: 0, items: 0, indexed: 0, remembered: 3 * stories });
  });
});
