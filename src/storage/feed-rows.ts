import type { Feed } from '../domain/feed.js';

/** A `feeds` row with its item count, as the feed queries select it. */
export type FeedRow = {
  id: number;
  url: string;
  name: string | null;
  language: string | null;
  full_text: number;
  enabled: number;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_fetch_at: number | null;
  last_success_at: number | null;
  last_listed: number | null;
  last_status: number | null;
  last_error: string | null;
  consecutive_errors: number;
  next_fetch_at: number;
  ttl_minutes: number | null;
  item_count: number;
};

/** The select list behind every Feed; the count uses the items (feed_id, dedupe_key) index, one query for all feeds. */
export const feedColumns = `
  f.id, f.url, f.name, f.language, f.full_text, f.enabled, f.title, f.etag, f.last_modified,
  f.last_fetch_at, f.last_success_at, f.last_listed, f.last_status, f.last_error, f.consecutive_errors, f.next_fetch_at,
  f.ttl_minutes,
  (SELECT COUNT(*) FROM items i WHERE i.feed_id = f.id) AS item_count`;

export function toFeed(row: FeedRow): Feed {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    language: row.language,
    fullText: row.full_text === 1,
    enabled: row.enabled === 1,
    title: row.title,
    etag: row.etag,
    lastModified: row.last_modified,
    lastFetchAt: row.last_fetch_at,
    lastSuccessAt: row.last_success_at,
    lastListed: row.last_listed,
    lastStatus: row.last_status,
    lastError: row.last_error,
    consecutiveErrors: row.consecutive_errors,
    nextFetchAt: row.next_fetch_at,
    itemCount: row.item_count,
    ttlMinutes: row.ttl_minutes,
  };
}
