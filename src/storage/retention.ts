import type { ItemCutoffs, Pruner } from '../domain/ports.js';
import type { Database } from './database.js';
import { listedPrecision } from './item-store.js';

type PruneResult = ReturnType<Pruner['prune']>;

/**
 * Deletes stories last updated before `before`; then items published, first seen and last listed before
 * it that stored again would not be news:
 * - one its feed was seen to drop: a full read since did not list it (listed_at more than
 *   `listedPrecision` before the feed's last_listed_at; a 304 lists nothing). Not backlog (undated on
 *   its feed's first fetch): a feed may list it again months later, and stored again it would be news;
 * - one of a feed not read since `unreadBefore`, whose next read is a first fetch: undated, it is
 *   stored as backlog again; dated before `agedBefore`, skipped as too old (with no age limit, a dated
 *   item stays).
 * An item its feed still lists stays, whatever its age. Its analysis and story membership go with it
 * (ON DELETE CASCADE). Then digests made before `before` whose deliveries are all settled (their
 * delivery rows go with them; a chat's last slot stays on the chat, so a pruned period is never sent
 * again), then the stored messages no delivery points at any more, whether pruned here or removed with
 * their chat. One immediate transaction.
 */
export function createPruner(db: Database): Pruner {
  const stories = db.prepare('DELETE FROM stories WHERE updated_at < ?');
  const items = db.prepare<{ before: number; unread: number; aged: number | null; precision: number }>(
    `DELETE FROM items WHERE published_at < @before AND first_seen_at < @before AND listed_at < @before
       AND EXISTS (SELECT 1 FROM feeds f WHERE f.id = items.feed_id AND (
         (items.backlog = 0 AND items.listed_at < COALESCE(f.last_listed_at, 0) - @precision)
         OR (COALESCE(f.last_success_at, 0) < @unread
           AND (items.published_at_from_feed = 0 OR items.published_at < @aged))))`,
  );
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
    const itemCount = items.run({ before, unread, aged, precision: listedPrecision }).changes;
    const digestCount = digests.run(before).changes;
    messages.run();
    return { items: itemCount, stories: storyCount, digests: digestCount };
  });
  return { prune: (before, cutoffs) => run.immediate(before, cutoffs) };
}
