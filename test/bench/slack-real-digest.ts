/**
 * Real stories for the `slack` bench's sample digest: the news-dumpster corpus (759 articles around the
 * May 2025 Istanbul talks, ../shared/corpora) stored, analysed, clustered and summarised by the real
 * pipeline with the shipped lexicon and topics. Null when the corpus is absent.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { analyseItem } from '../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../src/analysis/cluster.js';
import { compileLexicon, compileTopics } from '../../src/analysis/lexicon.js';
import { createStoryClusterer } from '../../src/analysis/story-clusterer.js';
import { summarizeExtractive } from '../../src/analysis/summary.js';
import { topicList } from '../../src/analysis/topics.js';
import { parseLexiconSpec, parseTopicsSpec } from '../../src/config/analysis-schema.js';
import type { AnalysableItem } from '../../src/domain/analysis.js';
import type { NormalisedItem } from '../../src/domain/item.js';
import { createStoryPipeline } from '../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import type { Database } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { createStoryStore } from '../../src/storage/story-store.js';
import { type CorpusItem, readCorpusSet } from '../eval/sets.js';

export type RealStories = { until: number; topics: Array<{ id: string; label: string }>; stories: number };

const corpusSet = 'news-dumpster-2025-05-21';

function normalised(item: CorpusItem, publishedAt: number): NormalisedItem {
  return {
    guid: null,
    url: item.url,
    title: item.title,
    summary: item.summary,
    content: item.content,
    publishedAt,
    publishedAtFromFeed: true,
    language: item.language,
    author: null,
    dedupeKey: `key:${item.key}`,
  };
}

function model() {
  const read = (path: string) => parse(readFileSync(resolve(process.cwd(), path), 'utf8'));
  const topics = compileTopics(parseTopicsSpec(read('config/topics.yaml')));
  return { lexicon: compileLexicon(parseLexiconSpec(read('config/lexicon.yaml'))), topics };
}

/** Stores and analyses the corpus into `db`; returns the end of its period and the real taxonomy. */
export async function storeRealStories(db: Database): Promise<RealStories | null> {
  const sharedDir = resolve(process.env['PARLEY_SHARED'] ?? resolve(process.cwd(), '..', 'shared'));
  const corpus = await readCorpusSet(sharedDir, corpusSet);
  const dated = (corpus ?? []).filter((item) => item.publishedAt !== null && item.title !== '');
  if (dated.length === 0) return null;
  const until = Math.max(...dated.map((item) => item.publishedAt ?? 0)) + 3_600_000;
  const clock = createManualClock(until);
  const { lexicon, topics } = model();
  const feeds = createFeedStore(db);
  const sources = [...new Set(dated.map((item) => item.source))];
  feeds.syncSources(
    sources.map((name, i) => ({ url: `https://corpus.example/${i}`, name, language: null, fullText: false })),
  );
  const feedIdOf = new Map(feeds.list().map((feed) => [feed.name ?? '', feed.id]));
  const items = createItemStore(db);
  const stories = createStoryStore(db);
  const pipeline = createStoryPipeline({
    analyser: { analyse: (item: AnalysableItem) => analyseItem(item, lexicon, topics) },
    clusterer: createStoryClusterer({ ...defaultClusterOptions }),
    summarizer: {
      summarize: async (members, language) =>
        summarizeExtractive(members, language === null ? {} : { language }),
    },
    stories,
    clock,
    log: createSilentLogger(),
    lagMs: 3_600_000,
  });
  const ordered = [...dated].sort((a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0));
  for (const item of ordered) {
    const feedId = feedIdOf.get(item.source) ?? 0;
    const { changed } = items.upsert(feedId, [normalised(item, item.publishedAt ?? 0)], until);
    await pipeline.process(changed);
  }
  return { until, topics: topicList(topics), stories: stories.count() };
}
