import type { Database } from './database.js';

export type PruneResult = { items: number; stories: number; digests: number };

/**
 * Deletes stories last updated before `before`, then items published, first seen and last listed by their
 * feed before it (their analysis and story membership go with them: ON DELETE CASCADE), and digests made before it whose
 * deliveries are all settled (their delivery rows go with them; a chat's last slot stays on the chat,
 * so a pruned period is never sent again), then the stored messages no delivery points at any more, whether
 * pruned here or removed with their chat. One immediate transaction.
 */
export function createPruner(db: Database): { prune(before: number): PruneResult } {
  const stories = db.prepare('DELETE FROM stories WHERE updated_at < ?');
  // Not while its feed lists it (to the day): an undated item, or a dated one with no ingest age limit, stored
  // again would be news. Backlog rows go too once no longer listed.
  const items = db.prepare(
    'DELETE FROM items WHERE published_at < ? AND first_seen_at < ? AND listed_at < ?',
  );
  const digests = db.prepare(
    `DELETE FROM digests WHERE created_at < ? AND NOT EXISTS
       (SELECT 1 FROM deliveries d WHERE d.digest_id = digests.id AND d.state IN ('pending', 'sending'))`,
  );
  // Probes deliveries_message (migration 7) once per message: the messages are the few distinct renderings.
  const messages = db.prepare(
    'DELETE FROM messages WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)',
  );
  const run = db.transaction((before: number): PruneResult => {
    const storyCount = stories.run(before).changes;
    const itemCount = items.run(before, before, before).changes;
    const digestCount = digests.run(before).changes;
    messages.run();
    return { items: itemCount, stories: storyCount, digests: digestCount };
  });
  return { prune: (before) => run.immediate(before) };
}
