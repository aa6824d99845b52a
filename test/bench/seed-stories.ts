import type { Database } from '../../src/storage/database.js';

const day = 86_400_000;

/**
 * `count` stories spread evenly over the `days` before `now`, each reported by two of 20 outlets and
 * tagged with one of `topics` in turn: the stored material the digest benches read. Runs in one
 * transaction.
 */
export function seedStories(
  db: Database,
  options: { count: number; now: number; days: number; topics: readonly string[] },
): void {
  const { count, now, days, topics } = options;
  const insertFeed = db.prepare('INSERT INTO feeds (url, name, language) VALUES (?, ?, ?)');
  const insertItem = db.prepare(
    `INSERT INTO items (feed_id, dedupe_key, url, title, summary, published_at, published_at_from_feed, language,
       content_hash, first_seen_at, updated_at, outlet) VALUES (?, ?, ?, ?, ?, ?, 1, 'en', ?, ?, ?, 'news.example')`,
  );
  const insertStory = db.prepare(
    `INSERT INTO stories (id, title, summary, summary_engine, topics, relevance, first_seen_at, updated_at)
     VALUES (?, ?, ?, 'extractive', ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare('INSERT INTO story_items (item_id, story_id, similarity) VALUES (?, ?, 1)');
  const insertTopic = db.prepare('INSERT INTO story_topics (topic, updated_at, story_id) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let feed = 1; feed <= 20; feed += 1)
      insertFeed.run(`https://outlet${feed}.example/rss`, `Outlet ${feed}`, 'en');
    for (let id = 1; id <= count; id += 1) {
      const at = now - Math.floor(((count - id) / count) * days * day) - 60_000;
      const topic = topics[id % topics.length] ?? 'ukraine';
      const title = `Delegations meet for round ${id} of the ${topic} talks`;
      const summary = `Mediators said the delegations agreed on a timetable for round ${id + 1} and on a monitoring mission.`;
      const tags = JSON.stringify([{ topic, score: 2, matches: [] }]);
      insertStory.run(id, title, summary, tags, 3 + (id % 7), at, at);
      insertTopic.run(topic, at, id);
      for (const outlet of [id % 20, (id + 7) % 20]) {
        const key = `${id}-${outlet}`;
        const row = [outlet + 1, key, `https://news.example/${key}`, title, summary, at, key, at, at];
        insertMember.run(insertItem.run(...row).lastInsertRowid, id);
      }
    }
  })();
}
