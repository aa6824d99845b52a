import type { Pruner } from '../domain/ports.js';
import type { Database } from './database.js';
import { listedPrecision } from './item-store.js';

type PruneResult = ReturnType<Pruner['prune']>;

/**
 * Deletes stories last updated before `before`; then items published and first seen before it that their
 * feed no longer lists: last listed before it, and either missing from a full read of their feed since
 * (listed_at more than `listedPrecision` before the feed's last_listed_at; a 304 lists nothing), or of a
 * feed not read since `unreadBefore`, whose next read is a first fetch anyway (poll-feeds.ts isFirstFetch).
 * An item its feed still lists stays, whatever its age: stored again, an undated one (or a dated one with
 * no ingest age limit) would be news again, and a backlog one (undated on the feed's first fetch) too.
 * Their analysis and story membership go with them (ON DELETE CASCADE). Then digests made before
 * `before` whose deliveries are all settled (their delivery rows go with them; a chat's last slot stays
 * on the chat, so a pruned period is never sent again), then the stored messages no delivery points at
 * any more, whether pruned here or removed with their chat. One immediate transaction.
 */
export function createPruner(db: Database): Pruner {
  const stories = db.prepare('DELETE FROM stories WHERE updated_at < ?');
  const items = db.prepare<{ before: number; unread: number; precision: number }>(
    `DELETE FROM items WHERE published_at < @before AND first_seen_at < @before AND listed_at < @before
       AND EXISTS (SELECT 1 FROM feeds f WHERE f.id = items.feed_id AND (
         items.listed_at < COALESCE(f.last_listed_at, 0) - @precision OR COALESCE(f.last_success_at, 0) < @unread))`,
  );
  const digests = db.prepare(
    `DELETE FROM digests WHERE created_at < ? AND NOT EXISTS
       (SELECT 1 FROM deliveries d WHERE d.digest_id = digests.id AND d.state IN ('pending', 'sending'))`,
  );
  // Probes deliveries_message (migration 7) once per message: the messages are the few distinct renderings.
  const messages = db.prepare(
    'DELETE FROM messages WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)',
  );
  const run = db.transaction((before: number, unread: number): PruneResult => {
    const storyCount = stories.run(before).changes;
    const itemCount = items.run({ before, unread, precision: listedPrecision }).changes;
    const digestCount = digests.run(before).changes;
    messages.run();
    return { items: itemCount, stories: storyCount, digests: digestCount };
  });
  return { prune: (before, unreadBefore) => run.immediate(before, unreadBefore) };
}
