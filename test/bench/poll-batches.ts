/**
 * `npm run bench -- poll [feeds]`: one poll in which several feeds changed (default 8): each feed's
 * batch of new reports from the news-dumpster corpus (759 articles around the May 2025 Istanbul talks,
 * ../shared/corpora) goes through the real story pipeline (relevance, topics, clustering, SQLite,
 * extractive summaries) as poll-feeds runs them, all batches at once. Reports the total time and how
 * long the batches held the event loop, which the bots, the Slack app and /healthz share.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { analyseItem } from '../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../src/analysis/cluster.js';
import { compileLexicon, compileTopics } from '../../src/analysis/lexicon.js';
import { createStoryClusterer } from '../../src/analysis/story-clusterer.js';
import { summarizeExtractive } from '../../src/analysis/summary.js';
import { parseLexiconSpec, parseTopicsSpec } from '../../src/config/analysis-schema.js';
import type { AnalysableItem } from '../../src/domain/analysis.js';
import { createStoryPipeline } from '../../src/scheduler/story-pipeline.js';
import { createManualClock } from '../../src/shared/clock.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { openDatabase } from '../../src/storage/database.js';
import { createFeedStore } from '../../src/storage/feed-store.js';
import { createItemStore } from '../../src/storage/item-store.js';
import { createStoryStore } from '../../src/storage/story-store.js';
import { readCorpusSet } from '../eval/sets.js';
import { watchEventLoop } from './event-loop-watch.js';

const write = (line: string) => process.stdout.write(`${line}\n`);
const stallGoalMs = 50;

export async function runPollBench(args: readonly string[] = []): Promise<void> {
  const feedCount = Number(args[0] ?? 8);
  const sharedDir = resolve(process.env['PARLEY_SHARED'] ?? resolve(process.cwd(), '..', 'shared'));
  const corpus = await readCorpusSet(sharedDir, 'news-dumpster-2025-05-21');
  const dated = (corpus ?? []).filter((item) => item.publishedAt !== null && item.title !== '');
  if (dated.length === 0) {
    write('poll bench skipped: the news-dumpster corpus is not in ../shared/corpora');
    return;
  }
  const until = Math.max(...dated.map((item) => item.publishedAt ?? 0)) + 3_600_000;
  const read = (path: string) => parse(readFileSync(resolve(process.cwd(), path), 'utf8'));
  const lexicon = compileLexicon(parseLexiconSpec(read('config/lexicon.yaml')));
  const topics = compileTopics(parseTopicsSpec(read('config/topics.yaml')));
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-poll-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const feeds = createFeedStore(db);
    feeds.syncSources(
      Array.from({ length: feedCount }, (_, i) => ({
        url: `https://feed${i}.example/rss`,
        name: `Feed ${i}`,
        language: null,
        fullText: false,
      })),
    );
    const feedIds = feeds.list().map((feed) => feed.id);
    const items = createItemStore(db);
    const pipeline = createStoryPipeline({
      analyser: { analyse: (item: AnalysableItem) => analyseItem(item, lexicon, topics) },
      clusterer: createStoryClusterer({ ...defaultClusterOptions }),
      summarizer: {
        summarize: async (members, language) =>
          summarizeExtractive(members, language === null ? {} : { language }),
      },
      stories: createStoryStore(db),
      clock: createManualClock(until),
      log: createSilentLogger(),
      lagMs: 3_600_000,
    });
    // The corpus dealt out to the feeds in turn, oldest first: each feed's batch is what it had new.
    const ordered = [...dated].sort((a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0));
    const batches = feedIds.map((feedId, f) => {
      const own = ordered.filter((_, i) => i % feedIds.length === f);
      const normalised = own.map((item) => ({
        guid: null,
        url: item.url,
        title: item.title,
        summary: item.summary,
        content: item.content,
        publishedAt: item.publishedAt ?? 0,
        publishedAtFromFeed: true,
        language: item.language,
        author: null,
        dedupeKey: `key:${item.key}`,
      }));
      return { feed: `Feed ${f}`, changed: items.upsert(feedId, normalised, until).changed };
    });
    // A running process has analysed and summarised before: the first summary alone took ~55 ms (its
    // one-time set-up), which is not what a poll costs.
    const [first] = ordered;
    if (first !== undefined) {
      analyseItem({ ...first, publishedAt: first.publishedAt ?? 0 }, lexicon, topics);
      summarizeExtractive([{ ...first, publishedAt: first.publishedAt ?? 0 }], { language: 'en' });
    }
    const total = batches.reduce((sum, batch) => sum + batch.changed.length, 0);
    write(
      `${feedCount} changed feeds, ${total} new reports in all, analysed in one poll (real pipeline, file-backed SQLite)`,
    );
    const run = await watchEventLoop(() =>
      Promise.all(batches.map((batch) => pipeline.process(batch.changed, batch.feed))),
    );
    const stories = new Set(run.value.flatMap((result) => result.stories)).size;
    const longest = Math.max(run.stalls.eldMaxMs, run.stalls.probeMaxMs);
    write(`  total ${run.ms.toFixed(0)} ms, ${stories} stories touched`);
    write(
      `  longest stall ${longest.toFixed(1)} ms (event-loop delay max ${run.stalls.eldMaxMs.toFixed(1)}, ` +
        `1 ms probe ${run.stalls.probeMaxMs.toFixed(1)})  [goal ≤ ${stallGoalMs} ms]`,
    );
    write(`  p99 gap ${run.stalls.p99GapMs.toFixed(1)} ms of ${run.stalls.gaps} probe gaps`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
