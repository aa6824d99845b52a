import type { ItemCutoffs, Pruner } from '../domain/ports.js';
import type { Database } from './database.js';
import { listedPrecision } from './item-store.js';

type PruneResult = ReturnType<Pruner['prune']>;

/**
 * Deletes stories last updated before `before`; then items published, first seen and last listed before
 * it that their feed no longer lists: a full read since did not list them (listed_at more than
 * `listedPrecision` before the feed's last_listed_at; a 304 or an empty read lists nothing), or the feed
 * was not read since `unreadBefore`, so that its next read is a first fetch. An item its feed still lists
 * stays, whatever its age. Before deleting, it keeps in dropped_items the key of every removed item that
 * some later read could store as news: undated ones (a first fetch would hold them as backlog, but a
 * later read would not), and dated ones published at or after `agedBefore` (any, with no age limit).
 * ItemStore.upsert holds such a key out of the analysis for good when its feed lists it again (a rotating
 * "most read" list, a feed back after an outage). A dated key goes once it ages past `agedBefore`; an
 * undated one stays (a few dozen bytes; items are undated when their feed gives no plausible date). The
 * items' analysis and story membership go with them (ON DELETE CASCADE). Then digests made before
 * `before` whose deliveries are all settled (their delivery rows go with them; a chat's last slot stays on
 * the chat, so a pruned period is never sent again), then the stored messages no delivery points at any
 * more, whether pruned here or removed with their chat. One immediate transaction.
 */
export function createPruner(db: Database): Pruner {
  const stories = db.prepare('DELETE FROM stories WHERE updated_at < ?');
  type ItemParams = { before: number; unread: number; aged: number | null; precision: number };
  const gone = `published_at < @before AND first_seen_at < @before AND listed_at < @before
    AND EXISTS (SELECT 1 FROM feeds f WHERE f.id = items.feed_id AND (
      items.listed_at < COALESCE(f.last_listed_at, 0) - @precision OR COALESCE(f.last_success_at, 0) < @unread))`;
  const remember = db.prepare<ItemParams>(
    `INSERT OR IGNORE INTO dropped_items (feed_id, dedupe_key, published_at)
     SELECT feed_id, dedupe_key, CASE WHEN published_at_from_feed = 1 THEN published_at END FROM items
     WHERE ${gone} AND (published_at_from_feed = 0 OR @aged IS NULL OR published_at >= @aged)`,
  );
  const items = db.prepare<ItemParams>(`DELETE FROM items WHERE ${gone}`);
  const forget = db.prepare<[number | null]>('DELETE FROM dropped_items WHERE published_at < ?');
  const digests = db.prepare(
    `DELETE FROM digests WHERE created_at < ? AND NOT EXISTS
       (SELECT 1 FROM deliveries d WHERE d.digest_id = digests.id AND d.state IN ('pending', 'sending'))`,
  );
  // Probes deliveries_message (migration 7) once per message: the messages are the few distinct renderings.
  const messages = db.prepare(
    'DELETE FROM messages WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)',
  );
  const run = db.transaction((before: number, cutoffs: ItemCutoffs): PruneResult => {
    const storyCount = stories.run(before).changes;
    const { unreadBefore: unread, agedBefore: aged } = cutoffs;
    const params = { before, unread, aged, precision: listedPrecision };
    remember.run(params);
    const itemCount = items.run(params).changes;
    forget.run(aged);
    const digestCount = digests.run(before).changes;
    messages.run();
    return { items: itemCount, stories: storyCount, digests: digestCount };
  });
  return { prune: (before, cutoffs) => run.immediate(before, cutoffs) };
}
