/**
 * `npm run bench -- analysis`: relevance + topics + entities on every item and story clustering of the
 * relevant ones (and of those relevant by the story they report), on real feed items (the labelled sets in ../shared/corpora, replayed as a stream of
 * 10k and 100k items with shifted times and ids), on one core. Falls back to nothing when the corpora
 * are absent: the clustering-only benchmark (analysis-cluster) runs on synthetic features either way.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { analyseItem } from '../../src/analysis/analyse-item.js';
import { defaultClusterOptions } from '../../src/analysis/cluster.js';
import { compileLexicon, compileTopics } from '../../src/analysis/lexicon.js';
import { storyMembershipRule } from '../../src/analysis/relevance-story.js';
import { createStoryClusterer } from '../../src/analysis/story-clusterer.js';
import { parseLexiconSpec, parseTopicsSpec } from '../../src/config/analysis-schema.js';
import type { AnalysableItem } from '../../src/domain/analysis.js';
import { loadLabelledSets } from '../eval/sets.js';
import { runClusterBench } from './analysis-cluster.js';

function model() {
  const read = (path: string) => parse(readFileSync(resolve(process.cwd(), path), 'utf8'));
  return {
    lexicon: compileLexicon(parseLexiconSpec(read('config/lexicon.yaml'))),
    topics: compileTopics(parseTopicsSpec(read('config/topics.yaml'))),
  };
}

/**
 * `count` items cycling through the real ones, one every 5 s of simulated time (17k a day, a dense
 * load: the 72 h window holds 52k items, of which the relevant ones are clustered). A round (3.7k items)
 * lasts 5 h, so titles are marked per round: a replayed item is no exact copy of its earlier self.
 * (An earlier comment said 75 s; the code has always replayed at 5 s, and the figures were measured so.)
 */
function stream(base: readonly AnalysableItem[], count: number): AnalysableItem[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const item = base[i % base.length] as AnalysableItem;
    const round = Math.floor(i / base.length);
    return {
      ...item,
      title: round === 0 ? item.title : `${item.title} (${round})`,
      publishedAt: start + i * 5_000,
    };
  });
}

/** As the poll pipeline does: an item short of the threshold may be relevant by its story (relevance-story.ts). */
function run(
  items: readonly AnalysableItem[],
  analyse: (item: AnalysableItem) => ReturnType<typeof analyseItem>,
  byStory: ReturnType<typeof storyMembershipRule>,
  clusterAll: boolean,
) {
  const clusterer = createStoryClusterer({ ...defaultClusterOptions });
  let relevant = 0;
  const started = performance.now();
  items.forEach((item, i) => {
    const own = analyse(item);
    const analysis = byStory(own, () => clusterer.nearest(item, own)) ?? own;
    if (analysis.relevance.relevant) relevant += 1;
    if (clusterAll || analysis.relevance.relevant) clusterer.assign(i + 1, item, analysis);
    if (i % 2_000 === 0) clusterer.evict(item.publishedAt - defaultClusterOptions.windowHours * 3_600_000);
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: items.length / seconds, relevant, stats: clusterer.index.stats() };
}

export async function runAnalysisBench(): Promise<void> {
  const sharedDir = resolve(process.env['PARLEY_SHARED'] ?? resolve(process.cwd(), '..', 'shared'));
  const { sets } = await loadLabelledSets(sharedDir);
  const base = Object.values(sets)
    .flat()
    .map((i) => ({
      title: i.title,
      summary: i.summary,
      content: i.content,
      language: i.language,
      publishedAt: 0,
    }));
  if (base.length > 0) {
    const { lexicon, topics } = model();
    const analyse = (item: AnalysableItem) => analyseItem(item, lexicon, topics);
    const byStory = storyMembershipRule(lexicon.spec);
    run(stream(base, 2_000), analyse, byStory, false);
    process.stdout.write(
      `real items: ${base.length} distinct from the labelled sets, replayed as a stream (one every 5 s)\n`,
    );
    for (const clusterAll of [false, true]) {
      const label = clusterAll
        ? 'analyse + cluster every item (stress)'
        : 'analyse every item, cluster the relevant';
      const small = run(stream(base, 10_000), analyse, byStory, clusterAll);
      const large = run(stream(base, 100_000), analyse, byStory, clusterAll);
      const bytesPerItem = large.stats.items === 0 ? 0 : large.stats.bytesEstimate / large.stats.items;
      process.stdout.write(
        `${label}:\n` +
          `  10k: ${small.perSecond.toFixed(0)} items/s (${small.seconds.toFixed(2)} s); 100k: ${large.perSecond.toFixed(0)} items/s (${large.seconds.toFixed(2)} s); ratio ${(large.seconds / small.seconds).toFixed(1)}×  [goal ≥ 5,000/s, ratio ≤ 12×]\n` +
          `  window at the end: ${large.stats.items} items in ${large.stats.stories} stories, index ≈ ${bytesPerItem.toFixed(0)} B/item  [goal ≤ 1 KB]\n`,
      );
    }
  } else process.stdout.write(`labelled sets not found under ${sharedDir}: real-item benchmark skipped\n`);
  process.stdout.write('clustering alone, synthetic features:\n');
  await runClusterBench();
}
