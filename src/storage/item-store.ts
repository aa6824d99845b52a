import { createHash } from 'node:crypto';
import {
  type ChangedItem,
  isCutContent,
  isFrontPage,
  type NormalisedItem,
  outletOf,
  type UpsertResult,
} from '../domain/item.js';
import type { ItemStore } from '../domain/ports.js';
import type { Database } from './database.js';

type StoredItem = {
  id: number;
  content: string | null;
  content_hash: string;
  published_at: number;
  published_at_from_feed: number;
  backlog: Held;
  listed_at: number;
};

type ItemParams = {
  feed_id: number;
  dedupe_key: string;
  guid: string | null;
  url: string | null;
  title: string;
  summary: string;
  content: string | null;
  published_at: number;
  published_at_from_feed: number;
  language: string | null;
  author: string | null;
  content_hash: string;
  backlog: Held;
  outlet: string;
  now: number;
};

type UnfinishedRow = Pick<
  ItemParams,
  | 'feed_id'
  | 'dedupe_key'
  | 'guid'
  | 'url'
  | 'title'
  | 'summary'
  | 'content'
  | 'published_at'
  | 'published_at_from_feed'
  | 'language'
  | 'author'
> & { id: number; feed: string | null };

/** As `updated`: an item a killed run may have placed in a story already stays in it (story-pipeline.ts). */
function toUnfinished(row: UnfinishedRow): { feedId: number; feed: string | null; changed: ChangedItem } {
  const item: NormalisedItem = {
    guid: row.guid,
    url: row.url,
    title: row.title,
    summary: row.summary,
    content: row.content,
    publishedAt: row.published_at,
    publishedAtFromFeed: row.published_at_from_feed === 1,
    language: row.language,
    author: row.author,
    dedupeKey: row.dedupe_key,
  };
  return { feedId: row.feed_id, feed: row.feed, changed: { id: row.id, kind: 'updated', item } };
}

/** `became_news`: 1 when undated backlog is dated by its feed now, and so first seen as news now. */
type UpdateParams = Omit<ItemParams, 'feed_id' | 'dedupe_key' | 'guid'> & { id: number; became_news: 0 | 1 };

/**
 * Identifies an item's text, so a re-fetch that changed nothing costs one indexed lookup and no write.
 * NUL separators rather than JSON.stringify: hashing 25k items took a third of the time that way.
 */
export function contentHash(title: string, summary: string, content: string | null): string {
  return createHash('sha1')
    .update(title)
    .update('\0')
    .update(summary)
    .update(content === null ? '\u0001' : '\0')
    .update(content ?? '')
    .digest('hex');
}

/**
 * Feeds often carry a teaser while the article page gave the full text: a later fetch without content, or
 * with a shorter one, must not replace what was already stored.
 */
export function longerContent(stored: string | null, incoming: string | null): string | null {
  if (incoming === null) return stored;
  if (stored === null) return incoming;
  // A text cut at the limit is its newest version's start (a live blog's latest updates): where a cut
  // falls decides its length, so a shorter one is no teaser.
  return incoming.length >= stored.length || isCutContent(incoming) ? incoming : stored;
}

/**
 * items.backlog: not analysed, never in a digest. 1: undated in its feed's first fetch, until the feed dates
 * it; 2: listed again after retention removed it (dropped_items), for good: it was news, or old news, once.
 */
const Held = { News: 0, Undated: 1, Relisted: 2 } as const;
type Held = (typeof Held)[keyof typeof Held];

function insertParams(feedId: number, item: NormalisedItem, now: number, backlog: Held): ItemParams {
  return {
    feed_id: feedId,
    dedupe_key: item.dedupeKey,
    guid: item.guid,
    url: item.url,
    title: item.title,
    summary: item.summary,
    content: item.content,
    published_at: item.publishedAt,
    published_at_from_feed: item.publishedAtFromFeed ? 1 : 0,
    language: item.language,
    author: item.author,
    content_hash: contentHash(item.title, item.summary, item.content),
    backlog,
    outlet: outletOf(item.url, feedId, item.language),
    now,
  };
}

/** Returns null when the stored row already says the same. */
function updateParams(
  stored: StoredItem,
  feedId: number,
  item: NormalisedItem,
  now: number,
): UpdateParams | null {
  const content = longerContent(stored.content, item.content);
  const hash = contentHash(item.title, item.summary, content);
  const fromFeed = item.publishedAtFromFeed;
  const datedBacklog = stored.backlog === Held.Undated && fromFeed;
  if (hash === stored.content_hash && !datedBacklog) return null;
  // A date the feed gave beats a first-seen time; a first-seen time never replaces an earlier one.
  return {
    id: stored.id,
    url: item.url,
    title: item.title,
    summary: item.summary,
    content,
    published_at: fromFeed ? item.publishedAt : stored.published_at,
    published_at_from_feed: fromFeed || stored.published_at_from_feed === 1 ? 1 : 0,
    language: item.language,
    author: item.author,
    content_hash: hash,
    // Undated backlog until the feed dates it: then its date says whether it is news (poll-feeds.ts drops
    // old ones). A relisted item stays out.
    backlog:
      stored.backlog === Held.Relisted
        ? Held.Relisted
        : stored.backlog === Held.Undated && !datedBacklog
          ? Held.Undated
          : Held.News,
    outlet: outletOf(item.url, feedId, item.language),
    // Its first-seen time is when it became news: a digest counts a report Parley saw late from then
    // (domain/schedule.ts digestTimeOf), and this one was held out of digests until now.
    became_news: datedBacklog ? 1 : 0,
    now,
  };
}

/**
 * How stale items.listed_at may be: a feed read every few minutes writes each unchanged item once an
 * hour rather than on every read. Retention (retention.ts) counts an item as dropped by its feed only
 * when the feed was read in full more than this after the item's listed_at.
 */
export const listedPrecision = 3_600_000;

export function createItemStore(db: Database): ItemStore {
  const find = db.prepare<[number, string], StoredItem>(
    `SELECT id, content, content_hash, published_at, published_at_from_feed, backlog, listed_at
     FROM items WHERE feed_id = ? AND dedupe_key = ?`,
  );
  const insert = db.prepare<ItemParams>(
    `INSERT INTO items (feed_id, dedupe_key, guid, url, title, summary, content, published_at,
       published_at_from_feed, language, author, content_hash, backlog, outlet, first_seen_at, updated_at,
       listed_at)
     VALUES (@feed_id, @dedupe_key, @guid, @url, @title, @summary, @content, @published_at,
       @published_at_from_feed, @language, @author, @content_hash, @backlog, @outlet, @now, @now, @now)`,
  );
  const update = db.prepare<UpdateParams>(
    `UPDATE items SET url = @url, title = @title, summary = @summary, content = @content,
       published_at = @published_at, published_at_from_feed = @published_at_from_feed, language = @language,
       author = @author, content_hash = @content_hash, backlog = @backlog, outlet = @outlet, updated_at = @now,
       listed_at = @now, first_seen_at = CASE WHEN @became_news = 1 THEN @now ELSE first_seen_at END
     WHERE id = @id`,
  );
  const listed = db.prepare<[number, number]>('UPDATE items SET listed_at = ? WHERE id = ?');
  // Stored with content, held for good (relisted), about to be (a key retention removed), or undated backlog.
  const withContent = db.prepare<[number, string, string, number, string], { dedupe_key: string }>(
    `SELECT dedupe_key FROM items
     WHERE feed_id = ? AND dedupe_key IN (SELECT value FROM json_each(?))
       AND (content IS NOT NULL OR backlog = 2 OR (backlog = 1 AND dedupe_key IN (SELECT value FROM json_each(?))))
     UNION SELECT dedupe_key FROM dropped_items WHERE feed_id = ? AND dedupe_key IN (SELECT value FROM json_each(?))`,
  );
  const undrop = db.prepare<[number, string]>(
    'DELETE FROM dropped_items WHERE feed_id = ? AND dedupe_key = ?',
  );
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items');
  const markUnfinished = db.prepare<[number]>('INSERT OR IGNORE INTO unfinished_items (item_id) VALUES (?)');
  const markFinished = db.prepare<[string]>(
    'DELETE FROM unfinished_items WHERE item_id IN (SELECT value FROM json_each(?))',
  );
  // Rows only a killed run left: the table is empty otherwise. CROSS JOIN keeps it the outer loop (SQLite
  // would rather walk every item in published_at order), each item found by its key.
  const unfinishedRows = db.prepare<{ feedId: number | null }, UnfinishedRow>(
    `SELECT i.id, i.feed_id, COALESCE(f.name, f.title) AS feed, i.dedupe_key, i.guid, i.url, i.title, i.summary,
       i.content, i.published_at, i.published_at_from_feed, i.language, i.author
     FROM unfinished_items u CROSS JOIN items i ON i.id = u.item_id JOIN feeds f ON f.id = i.feed_id
     WHERE @feedId IS NULL OR i.feed_id = @feedId
     ORDER BY u.item_id`,
  );
  // Before 0d4f02c a front-page link was an item's identity (`url:` key): such a row with the same
  // title is the item now keyed by its title, and takes the new key rather than being stored twice.
  const findLegacy = db.prepare<[number, string, string], { id: number }>(
    'SELECT id FROM items WHERE feed_id = ? AND dedupe_key = ? AND title = ?',
  );
  const rekey = db.prepare<[string, number]>('UPDATE items SET dedupe_key = ? WHERE id = ?');

  // Likewise a guid that is not the item's identity any more (the site's front page, normalise.ts): the
  // row stored under `guid:` with the same title takes the new key, or the row stored under `guid:…|url:`
  // with the same link (normaliseItems: a read whose items shared that guid but linked to different pages).
  function legacyKeys(item: NormalisedItem): string[] {
    if (item.guid !== null && !item.dedupeKey.startsWith('guid:')) {
      const guid = `guid:${item.guid}`;
      return item.url === null ? [guid] : [`${guid}|url:${item.url}`, guid];
    }
    return item.url !== null && isFrontPage(item.url) ? [`url:${item.url}`] : [];
  }

  function findStored(feedId: number, item: NormalisedItem): StoredItem | undefined {
    const stored = find.get(feedId, item.dedupeKey);
    if (stored !== undefined) return stored;
    for (const old of legacyKeys(item)) {
      const legacy = findLegacy.get(feedId, old, item.title);
      if (legacy === undefined) continue;
      rekey.run(item.dedupeKey, legacy.id);
      return find.get(feedId, item.dedupeKey);
    }
    return undefined;
  }

  /** What storing one item did: null when it changed nothing; held items never reach the analysis. */
  function storeOne(
    feedId: number,
    item: NormalisedItem,
    now: number,
    firstFetch: boolean,
  ): (ChangedItem & { held: Held }) | null {
    const stored = findStored(feedId, item);
    if (stored === undefined) {
      // Removed by retention and listed again: it was news, or old news, once (retention.ts).
      const relisted = undrop.run(feedId, item.dedupeKey).changes > 0;
      const held = relisted
        ? Held.Relisted
        : firstFetch && !item.publishedAtFromFeed
          ? Held.Undated
          : Held.News;
      const id = Number(insert.run(insertParams(feedId, item, now, held)).lastInsertRowid);
      return { id, kind: 'inserted', item, held };
    }
    const params = updateParams(stored, feedId, item, now);
    if (params === null) {
      // Retention keeps what a feed still lists (listedPrecision).
      if (stored.listed_at < now - listedPrecision) listed.run(now, stored.id);
      return null;
    }
    update.run(params);
    return {
      id: stored.id,
      kind: 'updated',
      item: { ...item, content: params.content },
      held: params.backlog,
    };
  }

  const upsert = db.transaction(
    (feedId: number, items: readonly NormalisedItem[], now: number, firstFetch: boolean) => {
      const result: UpsertResult = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        backlog: 0,
        relisted: 0,
        changed: [],
      };
      for (const item of items) {
        const stored = storeOne(feedId, item, now, firstFetch);
        if (stored === null) {
          result.unchanged += 1;
          continue;
        }
        const { held, ...changed } = stored;
        result[changed.kind] += 1;
        if (held === Held.News) {
          markUnfinished.run(changed.id);
          result.changed.push(changed);
        } else if (changed.kind === 'inserted') result[held === Held.Undated ? 'backlog' : 'relisted'] += 1;
      }
      return result;
    },
  );

  return {
    upsert: (feedId, items, now, firstFetch = false) => upsert.immediate(feedId, items, now, firstFetch),
    keysWithContent: (feedId, listed) => {
      if (listed.length === 0) return new Set();
      const keys = listed.map((item) => item.dedupeKey);
      const undated = listed.filter((item) => !item.publishedAtFromFeed).map((item) => item.dedupeKey);
      const all = JSON.stringify(keys);
      const rows = withContent.all(feedId, all, JSON.stringify(undated), feedId, all);
      return new Set(rows.map((row) => row.dedupe_key));
    },
    unfinished: (feedId) => unfinishedRows.all({ feedId: feedId ?? null }).map(toUnfinished),
    finished: (itemIds) => {
      if (itemIds.length > 0) markFinished.run(JSON.stringify(itemIds));
    },
    count: () => countAll.get()?.n ?? 0,
  };
}
