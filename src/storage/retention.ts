import type { Database } from './database.js';

export type PruneResult = { items: number; stories: number };

/**
 * Deletes stories last updated before `before`, then items published and first seen before it (their
 * analysis and story membership go with them: ON DELETE CASCADE). One immediate transaction.
 */
export function createPruner(db: Database): { prune(before: number): PruneResult } {
  const stories = db.prepare('DELETE FROM stories WHERE updated_at < ?');
  const items = db.prepare('DELETE FROM items WHERE published_at < ? AND first_seen_at < ?');
  const run = db.transaction((before: number): PruneResult => {
    const storyCount = stories.run(before).changes;
    const itemCount = items.run(before, before).changes;
    return { items: itemCount, stories: storyCount };
  });
  return { prune: (before) => run.immediate(before) };
}
