import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ItemCutoffs, Pruner } from '../domain/ports.js';
import type { Database } from './database.js';
import { listedPrecision } from './item-store.js';

type PruneResult = Awaited<ReturnType<Pruner['prune']>>;
type Params = Record<string, number | null>;
/** One batch: the rows it removed, and the id to go on after (null: none left). */
type Step = (after: number, params: Params) => { upto: number | null; changes: number };

/**
 * Rows per transaction. better-sqlite3 is synchronous: a transaction holds the event loop (/healthz,
 * bot commands, Slack's 3 s acks) and the write lock (a `parley poll` beside waits, busy_timeout 5 s)
 * until it commits. A batch of 2,000 held it at most 38–45 ms in `npm run bench -- retention` (100,000
 * stories with their members, topics and search entries, 300,000 items), where one transaction held it 1.9–2.4 s.
 */
export const pruneBatchRows = 2_000;

/**
 * Walks `table` by id: each batch, one immediate transaction, takes the next `pruneBatchRows` rows and
 * removes those of them matching `where`, after running `first` (SQL with `${range}` for the same rows)
 * on them. The batch is counted in rows read, not rows removed: a table whose rows mostly stay (every run
 * after the first) was otherwise read to its end in one transaction, past each item's full text
 * (0.44 s for 300,000 items of 6 kB, the event loop and the write lock held throughout). Rows are
 * judged anew by each batch, so that a row a poll brought back meanwhile (listed again) stays.
 */
function byId(db: Database, table: string, where: string, first?: (range: string) => string): Step {
  const range = `id > @after AND id <= @upto AND (${where})`;
  const end = db
    .prepare<Params>(
      `SELECT MAX(id) FROM (SELECT id FROM ${table} WHERE id > @after ORDER BY id LIMIT @limit)`,
    )
    .pluck();
  const before = first === undefined ? null : db.prepare<Params>(first(range));
  const remove = db.prepare<Params>(`DELETE FROM ${table} WHERE ${range}`);
  const batch = db.transaction((params: Params) => {
    const upto = end.get({ ...params, limit: pruneBatchRows }) as number | null;
    if (upto === null) return { upto, changes: 0 };
    before?.run({ ...params, upto });
    return { upto, changes: remove.run({ ...params, upto }).changes };
  });
  return (after, params) => batch.immediate({ ...params, after });
}

/** Runs `step` until no rows are left, yielding to the event loop between batches; stops early if `signal` aborts. */
async function inBatches(step: Step, params: Params, signal: AbortSignal | undefined): Promise<number> {
  let after = Number.MIN_SAFE_INTEGER;
  let removed = 0;
  while (signal?.aborted !== true) {
    const { upto, changes } = step(after, params);
    removed += changes;
    if (upto === null) break;
    after = upto;
    await nextTurn();
  }
  return removed;
}

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
 * more, whether pruned here or removed with their chat. In short immediate transactions of
 * `pruneBatchRows` rows (an item's key is remembered in the transaction that deletes it), yielding to the
 * event loop between them; a run stopped by `signal` leaves the rest for the next.
 */
export function createPruner(db: Database): Pruner {
  const stories = byId(db, 'stories', 'updated_at < @before');
  const gone = `published_at < @before AND first_seen_at < @before AND listed_at < @before
    AND EXISTS (SELECT 1 FROM feeds f WHERE f.id = items.feed_id AND (
      items.listed_at < COALESCE(f.last_listed_at, 0) - @precision OR COALESCE(f.last_success_at, 0) < @unread))`;
  const items = byId(
    db,
    'items',
    gone,
    (range) => `INSERT OR IGNORE INTO dropped_items (feed_id, dedupe_key, published_at)
     SELECT feed_id, dedupe_key, CASE WHEN published_at_from_feed = 1 THEN published_at END FROM items
     WHERE ${range} AND (published_at_from_feed = 0 OR @aged IS NULL OR published_at >= @aged)`,
  );
  // dropped_items has no id (WITHOUT ROWID): each batch takes the first aged keys left.
  const forgetBatch = db.prepare<{ aged: number | null; limit: number }>(
    `DELETE FROM dropped_items WHERE (feed_id, dedupe_key) IN
       (SELECT feed_id, dedupe_key FROM dropped_items WHERE published_at < @aged LIMIT @limit)`,
  );
  const forget: Step = (_after, { aged = null }) => {
    const changes = db
      .transaction(() => forgetBatch.run({ aged, limit: pruneBatchRows }).changes)
      .immediate();
    return { upto: changes < pruneBatchRows ? null : 0, changes };
  };
  const digests = byId(
    db,
    'digests',
    `created_at < @before AND NOT EXISTS
       (SELECT 1 FROM deliveries d WHERE d.digest_id = digests.id AND d.state IN ('pending', 'sending'))`,
  );
  // Probes deliveries_message (migration 7) once per message: the messages are the few distinct renderings.
  const messages = byId(
    db,
    'messages',
    'NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)',
  );
  return {
    async prune(before: number, cutoffs: ItemCutoffs, signal?: AbortSignal): Promise<PruneResult> {
      const { unreadBefore: unread, agedBefore: aged } = cutoffs;
      const storyCount = await inBatches(stories, { before }, signal);
      const itemCount = await inBatches(items, { before, unread, aged, precision: listedPrecision }, signal);
      await inBatches(forget, { aged }, signal);
      const digestCount = await inBatches(digests, { before }, signal);
      await inBatches(messages, {}, signal);
      return { items: itemCount, stories: storyCount, digests: digestCount };
    },
  };
}
