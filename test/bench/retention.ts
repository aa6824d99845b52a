/**
 * `npm run bench -- retention [stories]`: the first prune after a year kept with `retention.days: 0`,
 * then set to 90: N old stories (default 100,000) with three items each, all long dropped by their
 * feeds, in file-backed SQLite with the real migrations and pruner. Times the whole prune and the longest
 * the event loop was held: /healthz, bot commands and Slack's 3 s acks wait for it, and so does a
 * `parley poll` beside for the write lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../src/storage/database.js';
import { createPruner } from '../../src/storage/retention.js';
import { watchEventLoop } from './event-loop-watch.js';

const day = 86_400_000;
const stallGoalMs = 50;
const write = (line: string) => process.stdout.write(`${line}\n`);

function storyCount(args: readonly string[]): number {
  const [given] = args;
  const count = Number(given ?? 100_000);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`not a number of stories: ${given}`);
  return count;
}

/** Stories dated a year ago, three items each from 50 feeds that last listed them then. */
function seed(db: Database, stories: number): void {
  const year = 400 * day;
  db.transaction(() => {
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
      INSERT INTO feeds (id, url, last_success_at, last_listed_at)
        SELECT i, 'https://f' || i || '.example/rss', ${year}, ${year} FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${stories})
      INSERT INTO stories (id, title, summary, first_seen_at, updated_at)
        SELECT i, 'Ceasefire talks round ' || i, 'Envoys met in Istanbul for round ' || i || ' of talks.',
               ${day} + i, ${day} + i FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${3 * stories})
      INSERT INTO items (id, feed_id, dedupe_key, title, summary, published_at, published_at_from_feed,
                         content_hash, first_seen_at, updated_at, listed_at)
        SELECT i, 1 + i % 50, 'k' || i, 'Title ' || i, 'Summary of item ' || i, ${day} + i, 1, 'h' || i,
               ${day} + i, ${day} + i, ${day} + i FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${3 * stories})
      INSERT INTO story_items (item_id, story_id, similarity) SELECT i, 1 + (i - 1) / 3, 1 FROM n;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${stories})
      INSERT INTO story_topics (topic, updated_at, story_id) SELECT 'ukraine', ${day} + i, i FROM n;
    `);
  }).immediate();
}

export async function runRetentionBench(args: readonly string[] = []): Promise<void> {
  const stories = storyCount(args);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-retention-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const seeded = performance.now();
    seed(db, stories);
    write(
      `${stories} stories and ${3 * stories} items a year old, dropped by their feeds; file-backed SQLite ` +
        `(seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s)`,
    );
    const pruner = createPruner(db);
    const run = await watchEventLoop(async () =>
      pruner.prune(300 * day, { unreadBefore: 0, agedBefore: null }),
    );
    const { value, ms, stalls } = run;
    if (value.stories !== stories || value.items !== 3 * stories)
      throw new Error(
        `expected ${stories} stories and ${3 * stories} items, pruned ${JSON.stringify(value)}`,
      );
    const longest = Math.max(stalls.eldMaxMs, stalls.probeMaxMs);
    write(`pruned ${value.stories} stories, ${value.items} items: total ${ms.toFixed(0)} ms`);
    write(
      `  longest stall ${longest.toFixed(1)} ms (event-loop delay max ${stalls.eldMaxMs.toFixed(1)}, ` +
        `1 ms probe ${stalls.probeMaxMs.toFixed(1)})  [goal ≤ ${stallGoalMs} ms]`,
    );
    write(`  p99 gap ${stalls.p99GapMs.toFixed(1)} ms of ${stalls.gaps} probe gaps`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
