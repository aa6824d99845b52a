import type { StoryStore } from '../domain/ports.js';
import { lateGraceMs } from '../domain/schedule.js';
import {
  filedTopics,
  type StoredAnalysis,
  type StoryQuery,
  type StoryUpdate,
  type StoryVersion,
  type StoryWithItems,
  searchQuery,
} from '../domain/story.js';
import type { Database } from './database.js';
import {
  type FeedItemRow,
  itemTextSql,
  type MemberRow,
  memberColumns,
  memberColumnsWithoutText,
  recentFeedItemsSql,
  type StoryRow,
  storyColumns,
  toAnalysable,
  toMember,
  toStory,
} from './story-rows.js';

type AnalysisRow = {
  item_id: number;
  verdict: string;
  topics: string;
  entities: string;
  analysed_at: number;
  story_id: number | null;
};

type RecentRow = {
  story_id: number;
  item_id: number;
  title: string;
  summary: string;
  content: string | null;
  language: string | null;
  published_at: number;
  verdict: string | null;
  topics: string | null;
  entities: string | null;
  duplicate_of: number | null;
  outlet: string | null;
};

function toRecent(row: RecentRow) {
  const item = {
    title: row.title,
    summary: row.summary,
    content: row.content,
    language: row.language,
    publishedAt: row.published_at,
  };
  const analysis =
    row.verdict === null
      ? null
      : {
          relevance: JSON.parse(row.verdict) as StoredAnalysis['relevance'],
          topics: JSON.parse(row.topics ?? '[]') as StoredAnalysis['topics'],
          entities: JSON.parse(row.entities ?? '[]') as StoredAnalysis['entities'],
        };
  return {
    storyId: row.story_id,
    itemId: row.item_id,
    item,
    analysis,
    duplicateOf: row.duplicate_of,
    outlet: row.outlet,
  };
}

/**
 * The stories with their versions and their members: `limited` when read already, else all of them,
 * `withText` or with an empty summary and no content (StoryStore.list).
 */
function withMembers(
  db: Database,
  rows: StoryRow[],
  { limited, withText = true }: { limited?: MemberRow[]; withText?: boolean } = {},
): StoryWithItems[] {
  if (rows.length === 0) return [];
  const members =
    limited ??
    db
      .prepare<[string], MemberRow>(
        `SELECT ${withText ? memberColumns : memberColumnsWithoutText} FROM story_items m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
       WHERE m.story_id IN (SELECT value FROM json_each(?)) ORDER BY i.published_at DESC, m.item_id`,
      )
      .all(JSON.stringify(rows.map((row) => row.id)));
  const byStory = new Map<number, StoryWithItems['items']>();
  for (const member of members) {
    const list = byStory.get(member.story_id) ?? [];
    list.push(toMember(member));
    byStory.set(member.story_id, list);
  }
  const versions = db
    .prepare<[string], StoryVersion & { story_id: number }>(
      `SELECT story_id, language, title, summary FROM story_versions
       WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY story_id, language`,
    )
    .all(JSON.stringify(rows.map((row) => row.id)));
  const versionsOf = new Map<number, StoryVersion[]>();
  for (const { story_id, ...version } of versions) {
    versionsOf.set(story_id, [...(versionsOf.get(story_id) ?? []), version]);
  }
  return rows.map((row) => ({
    ...toStory(row),
    items: byStory.get(row.id) ?? [],
    versions: versionsOf.get(row.id) ?? [],
  }));
}

/** `ranked` is rankStories' order (src/digest/build-digest.ts), so a digest's top stories survive the limit. */
const orders = {
  recent: 's.updated_at DESC, s.id DESC',
  ranked: 'source_count DESC, s.relevance DESC, s.updated_at DESC, s.id DESC',
} as const;

/** The SQL list() runs for `query`, exported so that the benchmark can show SQLite's plan for it. */
export function listQuery(query: StoryQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  if (query.topics && query.topics.length > 0) {
    // Bounded at both ends, so that a day of a busy week reads that day's tags only (digest-composer.ts).
    where.push(
      's.id IN (SELECT story_id FROM story_topics WHERE topic IN (SELECT value FROM json_each(?)) AND updated_at >= ? AND updated_at < ?)',
    );
    params.push(JSON.stringify(query.topics), query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER);
  }
  if (query.since !== undefined) {
    where.push('s.updated_at >= ?');
    params.push(query.since);
  }
  if (query.until !== undefined) {
    where.push('s.updated_at < ?');
    params.push(query.until);
  }
  if (query.search !== undefined) {
    // No word (only punctuation): no story, rather than every story.
    where.push('s.id IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)');
    params.push(searchQuery(query.search) ?? '""');
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  params.push(query.limit ?? 1000);
  return {
    sql: `SELECT ${storyColumns} FROM stories s ${clause} ORDER BY ${orders[query.order ?? 'recent']} LIMIT ?`,
    params,
  };
}

export function createStoryStore(db: Database): StoryStore {
  const upsertAnalysis = db.prepare(
    `INSERT INTO item_analysis (item_id, relevant, score, verdict, topics, entities, analysed_at)
     VALUES (@itemId, @relevant, @score, @verdict, @topics, @entities, @analysedAt)
     ON CONFLICT (item_id) DO UPDATE SET relevant = excluded.relevant, score = excluded.score, verdict = excluded.verdict,
       topics = excluded.topics, entities = excluded.entities, analysed_at = excluded.analysed_at`,
  );
  const analysisRow = db.prepare<[number], AnalysisRow>(
    `SELECT a.item_id, a.verdict, a.topics, a.entities, a.analysed_at, m.story_id
     FROM item_analysis a LEFT JOIN story_items m ON m.item_id = a.item_id WHERE a.item_id = ?`,
  );
  const insertStory = db.prepare(
    `INSERT INTO stories (id, title, first_seen_at, updated_at)
     VALUES (COALESCE(?, (SELECT id + 1 FROM story_id_mark)), ?, ?, ?)`,
  );
  const storyExists = db.prepare<[number], { found: number }>('SELECT 1 AS found FROM stories WHERE id = ?');
  const upsertMember = db.prepare(
    `INSERT INTO story_items (item_id, story_id, similarity, duplicate_of) VALUES (?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET story_id = excluded.story_id, similarity = excluded.similarity,
       duplicate_of = excluded.duplicate_of`,
  );
  const setStory = db.prepare(
    `UPDATE stories SET title = @title, summary = @summary, summary_engine = @summaryEngine, topics = @topics,
       relevance = @relevance, updated_at = @updatedAt WHERE id = @id`,
  );
  const clearTopics = db.prepare('DELETE FROM story_topics WHERE story_id = ?');
  const clearVersions = db.prepare('DELETE FROM story_versions WHERE story_id = ?');
  const addVersion = db.prepare(
    'INSERT INTO story_versions (story_id, language, title, summary) VALUES (@storyId, @language, @title, @summary)',
  );
  const addTopic = db.prepare(
    'INSERT OR IGNORE INTO story_topics (topic, updated_at, story_id) VALUES (?, ?, ?)',
  );
  const storyRow = db.prepare<[number], StoryRow>(`SELECT ${storyColumns} FROM stories s WHERE s.id = ?`);
  const storyOf = db.prepare<[number], { story_id: number }>(
    'SELECT story_id FROM story_items WHERE item_id = ?',
  );
  const byUrl = db.prepare<[string, number], { id: number; title: string; feed: string; backlog: number }>(
    `SELECT i.id, i.title, COALESCE(f.name, f.title, f.url) AS feed, i.backlog FROM items i
     JOIN feeds f ON f.id = i.feed_id WHERE i.url = ? ORDER BY i.published_at DESC, i.id DESC LIMIT ?`,
  );
  const recent = db.prepare<[number], RecentRow>(
    `SELECT m.story_id, m.item_id, i.title, i.summary, i.content, i.language, i.published_at, a.verdict, a.topics, a.entities,
       m.duplicate_of, COALESCE(f.name, f.title) AS outlet
     FROM story_items m JOIN stories s ON s.id = m.story_id JOIN items i ON i.id = m.item_id
     JOIN feeds f ON f.id = i.feed_id
     LEFT JOIN item_analysis a ON a.item_id = m.item_id
     WHERE s.updated_at >= ? ORDER BY i.published_at, m.item_id`,
  );

  const feedItems = db.prepare<[number, number], FeedItemRow>(recentFeedItemsSql);
  const itemText = db.prepare<[number], FeedItemRow>(itemTextSql);
  // The ids are chosen first, so that only the chosen members' text is read and sorted.
  const newestMembers = db.prepare<[number, number], MemberRow>(
    `SELECT ${memberColumns} FROM story_items m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
     WHERE m.item_id IN (
       SELECT item_id FROM (
         SELECT n.item_id, ROW_NUMBER() OVER (PARTITION BY ni.language ORDER BY ni.published_at DESC, n.item_id) AS rank
         FROM story_items n JOIN items ni ON ni.id = n.item_id WHERE n.story_id = ?)
       WHERE rank <= ?)
     ORDER BY i.published_at DESC, m.item_id`,
  );
  const memberScores = db.prepare<[number], { score: number }>(
    `SELECT COALESCE(MAX(COALESCE(a.score, 0)), 0) AS score
     FROM story_items m LEFT JOIN item_analysis a ON a.item_id = m.item_id WHERE m.story_id = ?`,
  );
  // digestTimeOf (domain/schedule.ts) is the rule; SQLite's scalar MAX and MIN of several arguments
  // compute it for every member without reading their text.
  const memberTimes = db.prepare<{ storyId: number; lag: number; grace: number }, { at: number | null }>(
    `SELECT MAX(MAX(i.published_at, MIN(i.first_seen_at - @lag, i.published_at + @grace))) AS at
     FROM story_items m JOIN items i ON i.id = m.item_id WHERE m.story_id = @storyId`,
  );
  const memberTags = db.prepare<[number], { topic: string; score: number }>(
    `SELECT json_extract(t.value, '$.topic') AS topic, json_extract(t.value, '$.score') AS score
     FROM story_items m JOIN items i ON i.id = m.item_id JOIN item_analysis a ON a.item_id = m.item_id,
       json_each(a.topics) t
     WHERE m.story_id = ? ORDER BY i.published_at DESC, m.item_id, t.key`,
  );

  const updateStory = db.transaction((storyId: number, { versions, ...update }: StoryUpdate) => {
    setStory.run({ ...update, id: storyId, topics: JSON.stringify(update.topics) });
    clearTopics.run(storyId);
    for (const topic of filedTopics(update.topics.map((tag) => tag.topic)))
      addTopic.run(topic, update.updatedAt, storyId);
    if (versions === undefined) return;
    clearVersions.run(storyId);
    for (const version of versions) addVersion.run({ storyId, ...version });
  });

  const startStory = db.transaction(
    (
      storyId: number,
      itemId: number,
      similarity: number,
      duplicateOf: number | null,
      { title, at }: { title: string; at: number },
    ) => {
      insertStory.run(storyId, title, at, at);
      upsertMember.run(itemId, storyId, similarity, duplicateOf);
    },
  );

  return {
    saveAnalysis(analysis: Omit<StoredAnalysis, 'storyId'>) {
      upsertAnalysis.run({
        itemId: analysis.itemId,
        relevant: analysis.relevance.relevant ? 1 : 0,
        score: analysis.relevance.score,
        verdict: JSON.stringify(analysis.relevance),
        topics: JSON.stringify(analysis.topics),
        entities: JSON.stringify(analysis.entities),
        analysedAt: analysis.analysedAt,
      });
    },
    analysisOf(itemId) {
      const row = analysisRow.get(itemId);
      if (row === undefined) return null;
      return {
        itemId: row.item_id,
        relevance: JSON.parse(row.verdict) as StoredAnalysis['relevance'],
        topics: JSON.parse(row.topics) as StoredAnalysis['topics'],
        entities: JSON.parse(row.entities) as StoredAnalysis['entities'],
        analysedAt: row.analysed_at,
        storyId: row.story_id,
      };
    },
    createStory: (title, at, id) => Number(insertStory.run(id ?? null, title, at, at).lastInsertRowid),
    hasStory: (storyId) => storyExists.get(storyId) !== undefined,
    addMember: (storyId, itemId, similarity, duplicateOf, newStory) => {
      if (newStory === undefined) upsertMember.run(itemId, storyId, similarity, duplicateOf);
      else startStory.immediate(storyId, itemId, similarity, duplicateOf, newStory);
    },
    updateStory: (storyId, update) => updateStory.immediate(storyId, update),
    get: (storyId, newestPerLanguage) => {
      const row = storyRow.get(storyId);
      if (row === undefined) return null;
      const limited =
        newestPerLanguage === undefined ? undefined : newestMembers.all(storyId, newestPerLanguage);
      return withMembers(db, [row], limited === undefined ? {} : { limited })[0] ?? null;
    },
    memberTotals: (storyId, lagMs) => ({
      relevance: memberScores.get(storyId)?.score ?? 0,
      tags: memberTags.all(storyId),
      updatedAt: memberTimes.get({ storyId, lag: lagMs, grace: lateGraceMs })?.at ?? 0,
    }),
    storyOfItem: (itemId) => storyOf.get(itemId)?.story_id ?? null,
    itemsByUrl: (url, limit) =>
      byUrl.all(url, limit).map((row) => ({
        itemId: row.id,
        title: row.title,
        feed: row.feed,
        held: row.backlog === 1 ? ('undated' as const) : row.backlog === 2 ? ('relisted' as const) : null,
      })),
    list: (query: StoryQuery) => {
      const { sql, params } = listQuery(query);
      // Digests and listings show the members' titles, links and dates, never their text: a story of
      // thousands of reports would read all of it at each digest.
      return withMembers(db, db.prepare<unknown[], StoryRow>(sql).all(...params), { withText: false });
    },
    // One row at a time: the window's members with their full text (250,000 items of 6 kB over a week)
    // took ~1.9 GB of memory at start when read into one array; the clusterer keeps only their heads.
    *recentMembers(since) {
      for (const row of recent.iterate(since)) yield toRecent(row);
    },
    maxStoryId: () => db.prepare<[], { id: number | null }>('SELECT id FROM story_id_mark').get()?.id ?? 0,
    itemText: (itemId) => {
      const row = itemText.get(itemId);
      return row === undefined ? null : toAnalysable(row);
    },
    recentFeedItems: (feedId, limit) => feedItems.all(feedId, limit).map(toAnalysable),
    count: () => db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM stories').get()?.n ?? 0,
  };
}
